/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { Stack } from './stack';

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

// These helpers throw plain errors rather than use jest's expect: the bench compiles this file too.

/**
 * The real stack and Chromium, started side by side; when either fails, the other is stopped before
 * the error is thrown, so a failed `beforeAll` leaves no process behind.
 */
export async function startStackAndChromium(): Promise<{ stack: Stack; browser: Browser }> {
  const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
  if (started.status === 'fulfilled' && launched.status === 'fulfilled')
    return { stack: started.value, browser: launched.value };
  if (started.status === 'fulfilled') await started.value.stop();
  if (launched.status === 'fulfilled') await launched.value.close();
  throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
}

/** A table's body rows (antd's), each as its cells' text. */
export function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')),
    );
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

/** How long a page may take to show what a test waits for: the stack shares two cores with the build. */
const PATIENCE_MS = 30_000;

/** Waits for what the page shows to appear (the console answers asynchronously). */
export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: PATIENCE_MS });
}

const normalised = (text: string) => text.replace(/\s+/g, ' ');

/** Waits until one of the matched elements reads `text` (whitespace collapsed); fails with what they read. */
export async function expectText(locator: Locator, text: string): Promise<void> {
  const reads = async () => (await locator.allInnerTexts().catch(() => [] as string[])).map(normalised);
  const until = Date.now() + PATIENCE_MS;
  while (Date.now() < until) {
    if ((await reads()).some((t) => t.includes(text))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected the text "${text}"; the page reads: ${(await reads()).join(' | ')}`);
}

/** Waits until the first matched element's text is `expected` exactly (or matches it); fails with the last text. */
export async function hasText(locator: Locator, expected: string | RegExp): Promise<void> {
  const matches = (t: string) => (typeof expected === 'string' ? t.trim() === expected : expected.test(t));
  let last = '';
  const until = Date.now() + PATIENCE_MS;
  while (Date.now() < until) {
    last =
      (await locator
        .first()
        .textContent({ timeout: PATIENCE_MS })
        .catch(() => null)) ?? '';
    if (matches(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected the text ${String(expected)}; the page reads: ${last.trim()}`);
}

/** Waits until the locator matches exactly `n` elements. */
export async function waitForCount(locator: Locator, n: number): Promise<void> {
  const until = Date.now() + PATIENCE_MS;
  while (Date.now() < until) {
    if ((await locator.count()) === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${n} elements; the page has ${await locator.count()}`);
}

/** The person sets `password` from the invitation the admin emails, as a new member of staff does. */
export async function acceptInvitation(
  stack: Stack,
  principalId: string,
  email: string,
  password: string,
): Promise<void> {
  const invited = await stack.request('POST', `/v1/principals/${principalId}/invitation`);
  if (invited.status !== 202) throw new Error(`invitation answered ${invited.status}`);
  const [mail] = await stack.mail.waitFor((m) => JSON.stringify(m.to).includes(email));
  const token = /\/console\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
  if (!token) throw new Error(`no invitation link in: ${mail.text}`);
  const set = await stack.request('POST', `/v1/invitations/${token}`, { key: null, body: { password } });
  if (set.status >= 300) throw new Error(`setting the password answered ${set.status}`);
}

/**
 * Signs the principal in as a person does (invitation, password, `POST /v1/sessions`) and answers the
 * session cookie, ready for `context.addCookies`, so a test starts on the page it is about.
 */
export async function sessionCookie(stack: Stack, principalId: string, email: string, password: string) {
  await acceptInvitation(stack, principalId, email, password);
  const session = await stack.request('POST', '/v1/sessions', { key: null, body: { email, password } });
  if (session.status !== 200) throw new Error(`signing in answered ${session.status}`);
  const cookie = /uplift_session=([^;]+)/.exec(session.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('no session cookie');
  return {
    name: 'uplift_session',
    value: cookie,
    url: stack.baseUrl,
    httpOnly: true,
    sameSite: 'Strict' as const,
  };
}
