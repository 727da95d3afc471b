import { spawnSync } from 'node:child_process';
import { Stack, type HttpAnswer } from '../support/stack';

const PER_KEY = 15;
const PER_IP = 200;
const MIB = 1024 * 1024;
const CHROMIUM = ['chromium', 'chromium-browser'].find((bin) => spawnSync(bin, ['--version']).status === 0);

/** The error shape, and nothing else: no stack, no SQL, no internals. */
function expectCleanError(answer: HttpAnswer, status: number): void {
  expect(answer.status).toBe(status);
  expect(
    Object.keys(answer.body)
      .filter((k) => k !== 'details')
      .sort(),
  ).toEqual(['error', 'message', 'statusCode']);
  expect(answer.body.statusCode).toBe(status);
  expect(JSON.stringify(answer.body)).not.toMatch(
    /\bat \S+ \(|node_modules|\.js:\d+|SELECT |INSERT |QueryFailed/,
  );
}

/**
 * Issue 4, "Abuse limits": body sizes, rate limits per key and per client address, security
 * headers that still let Swagger UI work, and CORS closed unless origins are configured.
 */
describe('abuse limits', () => {
  let stack: Stack;
  const keys: Record<'sizes' | 'a' | 'b', string> = { sizes: '', a: '', b: '' };

  beforeAll(async () => {
    stack = await Stack.start({
      // Limits are counted in each API process (documented): one process, so the counts are exact.
      apis: 1,
      env: { RATE_LIMIT_PER_MINUTE: String(PER_KEY), RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_IP) },
    });
    for (const name of Object.keys(keys) as (keyof typeof keys)[]) {
      const p = await stack.request('POST', '/v1/principals', {
        body: { role: 'admin', name: `limits ${name}`, email: `${name}@uplift.example` },
      });
      keys[name] = p.body.apiKey;
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('body size', () => {
    let roundId = '';

    beforeAll(async () => {
      const round = await stack.request('POST', '/v1/rounds', {
        key: keys.sizes,
        body: { name: '大文件', regionCode: '330000' },
      });
      roundId = round.body.id;
    });

    it('refuses a body over 1 MiB on ordinary routes with 413', async () => {
      const body = JSON.stringify({ name: 'x'.repeat(MIB), regionCode: '330000' });
      expectCleanError(await stack.request('POST', '/v1/rounds', { key: keys.sizes, body }), 413);
    });

    it('takes a body over 1 MiB for a candidate import', async () => {
      const body = JSON.stringify({ enterprises: [{}], padding: 'x'.repeat(2 * MIB) });
      const answer = await stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
        key: keys.sizes,
        body,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([
        { field: 'padding', code: 'unknown_field', message: 'is not a known field' },
      ]);
    });

    it('refuses an import over 64 MiB with 413', async () => {
      const body = JSON.stringify({ enterprises: [], padding: 'x'.repeat(64 * MIB) });
      expectCleanError(
        await stack.request('POST', `/v1/rounds/${roundId}/candidates`, { key: keys.sizes, body }),
        413,
      );
      const count = await stack.query(`SELECT count(*)::int AS n FROM journeys`);
      expect(count).toEqual([{ n: 0 }]);
    });
  });

  describe('rate limits', () => {
    it(`answers 429 with Retry-After after ${PER_KEY} requests a minute with one key, other keys unaffected`, async () => {
      const answers: HttpAnswer[] = [];
      for (let i = 0; i < PER_KEY + 1; i++)
        answers.push(await stack.request('GET', '/v1/journeys', { key: keys.a }));
      expect(answers.slice(0, PER_KEY).map((a) => a.status)).toEqual(Array(PER_KEY).fill(200));
      const limited = answers[PER_KEY];
      expectCleanError(limited, 429);
      expect(limited.body.error).toBe('Too Many Requests');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await stack.request('GET', '/v1/journeys', { key: keys.b })).status).toBe(200);
    });

    it(`answers 429 after ${PER_IP} requests a minute from one address, with or without a key`, async () => {
      const from = '127.0.0.2';
      let first429 = -1;
      for (let i = 0; i < PER_IP + 1 && first429 < 0; i++) {
        const a = await stack.request('GET', '/health', { key: null, localAddress: from });
        if (a.status === 429) first429 = i;
      }
      expect(first429).toBe(PER_IP);
      const limited = await stack.request('POST', '/v1/rounds', {
        key: `upl_00000000_${'guess'.repeat(8)}`,
        body: {},
        localAddress: from,
      });
      expectCleanError(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await stack.request('GET', '/health', { key: null, localAddress: '127.0.0.3' })).status).toBe(
        200,
      );
    });
  });

  describe('headers', () => {
    it('sends security headers with every answer and no server banner', async () => {
      for (const answer of [
        await stack.request('GET', '/health', { key: null }),
        await stack.request('GET', '/v1/journeys', { key: null }),
      ]) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
        expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(answer.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('serves Swagger UI whose scripts and styles the content security policy allows', async () => {
      const page = await stack.request('GET', '/docs', { key: null });
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      const html: string = page.body;
      // No inline script (CSP forbids it); every script is served here.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThanOrEqual(2);
      for (const src of scripts) {
        expect(src).not.toMatch(/^(https?:)?\/\//);
        const script = await fetch(new URL(src, `${stack.baseUrl}/docs`));
        expect(script.status).toBe(200);
      }
    });

    // Without a browser on the machine the static checks above still hold; .ci/run installs Chromium.
    (CHROMIUM ? it : it.skip)('renders the operations of /docs in a headless browser', () => {
      const run = spawnSync(
        CHROMIUM!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--virtual-time-budget=10000',
          '--dump-dom',
          `${stack.baseUrl}/docs`,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.stdout).toContain('data-path="/v1/journeys/{id}/screening-decision"');
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      stack.request('OPTIONS', '/v1/journeys', {
        key: null,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });

    it('grants no origin by default', async () => {
      const answer = await preflight('https://console.example');
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const get = await stack.request('GET', '/health', {
        key: null,
        headers: { origin: 'https://console.example' },
      });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('grants the origins in CORS_ORIGINS, and only those', async () => {
      await stack.stopApi();
      await stack.startApi({ CORS_ORIGINS: 'https://console.example, https://ops.example' });
      const allowed = await preflight('https://console.example');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
