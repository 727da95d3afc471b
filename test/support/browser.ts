/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (browser downloads fail here). Background networking
 * is off: this machine refuses outside connections and Chromium would keep trying.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in on the console's login page (already open or opened here) and waits to leave it. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  if (!page.url().includes('/console/login')) await page.goto(`${baseUrl}/console/login`);
  await page.getByLabel(/邮箱|Email/).fill(email);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/console/login'));
}

/** Accessibility: axe finds nothing serious or critical on the page as it stands (WCAG 2.1 A/AA). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join(', ')}`,
    );
}

/**
 * Content-Security-Policy violations the page reports, from the console ("Refused to …") and from
 * `securitypolicyviolation` events, for every page the returned list watches.
 */
export function watchCspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      found.push(message.text());
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return found;
}
