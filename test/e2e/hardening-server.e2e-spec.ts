import { connect, type Socket } from 'node:net';
import { Stack } from '../support/stack';

const MIB = 1024 * 1024;
/** Small timeouts for speed; the defaults (30 s at most) are asserted in config.spec.ts. */
const HEADERS_TIMEOUT = 2;
const REQUEST_TIMEOUT = 3;
/** How much of an announced body the client writes before it waits for the answer. */
const SENT = 64 * 1024;

interface RawAnswer {
  status: number;
  headers: string;
  body: any;
  /** Body bytes the client had written when the answer came. */
  written: number;
  /** Whether the server closed the connection after answering (without the client ending it). */
  closedByServer: boolean;
  /** Milliseconds from the first byte sent to the answer. */
  elapsedMs: number;
}

/**
 * A request written by hand on a socket: `head` (request line and headers), then `body` (the part of
 * the announced body the client sends), then nothing more, however much the headers announced. The
 * answer is read as it comes, and the client never writes again after it.
 */
function rawRequest(
  port: number,
  head: string,
  body: Buffer | null,
  options: { trickle?: { bytes: number; everyMs: number }; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let written = 0;
    let received = Buffer.alloc(0);
    let answeredAt = 0;
    let trickle: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`));
    }, options.timeoutMs ?? 30_000);
    socket.on('connect', () => {
      socket.write(head);
      if (body) {
        socket.write(body);
        written += body.length;
      }
      if (options.trickle) {
        const { bytes, everyMs } = options.trickle;
        trickle = setInterval(() => {
          if (socket.destroyed || answeredAt) return clearInterval(trickle);
          socket.write(Buffer.alloc(bytes, 0x20));
          written += bytes;
        }, everyMs);
      }
    });
    socket.on('data', (chunk: Buffer) => {
      if (!answeredAt) answeredAt = Date.now();
      received = Buffer.concat([received, chunk]);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      clearInterval(trickle);
      const text = received.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0)
        return reject(new Error(`no answer before the connection closed: ${JSON.stringify(text)}`));
      const headers = text.slice(0, end);
      const raw = text.slice(end + 4);
      let parsed: unknown = raw;
      try {
        parsed = JSON.parse(raw);
      } catch {
        // not JSON: keep the text
      }
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]),
        headers,
        body: parsed,
        written,
        closedByServer: true,
        elapsedMs: answeredAt - started,
      });
    });
  });
}

/**
 * Issue 10, class 4: the HTTP server protects itself. A route that needs a key refuses a request
 * without a valid one before reading its body; requests whose headers or body stop arriving are
 * cut with a 408; the OpenAPI document states every limit.
 */
describe('the HTTP server protects itself', () => {
  let stack: Stack;
  let port = 0;
  let roundId = '';
  let revokedKey = '';

  beforeAll(async () => {
    stack = await Stack.start({
      apis: 1,
      env: {
        HTTP_HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT),
        HTTP_REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT),
      },
    });
    port = Number(new URL(stack.baseUrl).port);
    const regulator = await stack.request('POST', '/v1/principals', {
      body: { role: 'regulator', name: '浙江省市场监管局', email: 'r@samr.example', regionCode: '330000' },
    });
    roundId = (
      await stack.request('POST', '/v1/rounds', {
        key: regulator.body.apiKey,
        body: { name: '2026年浙江省批次', regionCode: '330000' },
      })
    ).body.id;
    const revoked = await stack.request('POST', '/v1/principals', {
      body: { role: 'admin', name: 'revoked admin', email: 'gone@uplift.example' },
    });
    revokedKey = revoked.body.apiKey;
    expect((await stack.request('POST', `/v1/principals/${revoked.body.id}/revoke`)).status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const counts = async () =>
    (
      await stack.query(
        `SELECT (SELECT count(*)::int FROM journeys) AS journeys, (SELECT count(*)::int FROM rounds) AS rounds,
                (SELECT count(*)::int FROM principals) AS principals, (SELECT count(*)::int FROM emails) AS emails`,
      )
    )[0];

  /** The API process is the same and serves; the refused request stored nothing. */
  async function stillUp(pid: number, before: Record<string, number>): Promise<void> {
    expect(stack.apiPids).toEqual([pid]);
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect((await stack.request('GET', '/health', { key: null })).status).toBe(200);
    expect(await counts()).toEqual(before);
  }

  const head = (path: string, headers: Record<string, string>) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';

  describe('authentication before any body is read', () => {
    const unauthorized = {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'missing, unknown or revoked API key',
    };
    const cases: [string, () => Record<string, string>][] = [
      ['no key', () => ({})],
      ['a wrong key', () => ({ authorization: `Bearer upl_00000000_${'guess'.repeat(8)}` })],
      ['a revoked key', () => ({ authorization: `Bearer ${revokedKey}` })],
    ];

    it.each(cases)(
      'answers an 80 MiB candidate import with %s 401, having read only what was sent, and closes',
      async (_what, key) => {
        const pid = stack.apiPids[0];
        const before = await counts();
        const audited = (await stack.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n;
        const answer = await rawRequest(
          port,
          head(`/v1/rounds/${roundId}/candidates`, {
            ...key(),
            'content-type': 'text/csv',
            'content-length': String(80 * MIB),
          }),
          Buffer.alloc(SENT, 0x41),
        );
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual(unauthorized);
        // The answer came while the client had written 64 KiB of 80 MiB, and the server closed the
        // connection rather than read the rest.
        expect(answer.written).toBe(SENT);
        expect(answer.closedByServer).toBe(true);
        expect(answer.headers).toMatch(/^connection: close$/im);
        await stillUp(pid, before);
        // The refusal is audited like every refused POST, without a principal.
        const rows = await stack.query(
          `SELECT principal_id, status_code FROM audit_log ORDER BY id DESC LIMIT 1`,
        );
        expect((await stack.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n).toBe(audited + 1);
        expect(rows).toEqual([{ principal_id: null, status_code: 401 }]);
      },
    );

    it('answers a chunked upload of unknown length without a key 401 before its end', async () => {
      const pid = stack.apiPids[0];
      const before = await counts();
      const chunk = Buffer.alloc(SENT, 0x41);
      const answer = await rawRequest(
        port,
        head(`/v1/rounds/${roundId}/candidates`, {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        }),
        Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
      );
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(unauthorized);
      expect(answer.closedByServer).toBe(true);
      await stillUp(pid, before);
    });

    it('answers an 80 MiB body on an ordinary JSON route without a key 401, not 413', async () => {
      const pid = stack.apiPids[0];
      const before = await counts();
      const answer = await rawRequest(
        port,
        head('/v1/rounds', { 'content-type': 'application/json', 'content-length': String(80 * MIB) }),
        Buffer.alloc(SENT, 0x20),
      );
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(unauthorized);
      await stillUp(pid, before);
    });

    it('answers a body sent to an evaluation link that does not exist 404 before reading it', async () => {
      const pid = stack.apiPids[0];
      const before = await counts();
      const answer = await rawRequest(
        port,
        head(`/v1/evaluations/${'x'.repeat(43)}`, {
          'content-type': 'application/json',
          'content-length': String(80 * MIB),
        }),
        Buffer.alloc(SENT, 0x20),
      );
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ statusCode: 404, message: 'evaluation link not found' });
      expect(answer.written).toBe(SENT);
      await stillUp(pid, before);
    });

    it('answers a body sent to a route that does not exist 404 before reading it', async () => {
      const pid = stack.apiPids[0];
      const before = await counts();
      const answer = await rawRequest(
        port,
        head('/v1/nowhere', { 'content-type': 'application/json', 'content-length': String(80 * MIB) }),
        Buffer.alloc(SENT, 0x20),
      );
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ statusCode: 404, message: 'route not found' });
      await stillUp(pid, before);
    });

    it('keeps the public routes public and the keyed routes working with a key', async () => {
      expect((await stack.request('GET', '/health', { key: null })).status).toBe(200);
      expect((await stack.request('GET', '/metrics', { key: null })).status).toBe(200);
      expect((await stack.request('GET', '/docs', { key: null })).status).toBe(200);
      expect((await stack.request('GET', '/docs-json', { key: null })).status).toBe(200);
      const page = await stack.request('GET', `/evaluate/${'x'.repeat(43)}`, { key: null });
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect((await stack.request('GET', '/v1/journeys', { key: null })).status).toBe(401);
      expect((await stack.request('GET', '/v1/journeys')).status).toBe(200);
      // A wrong key on a route that takes a small JSON body: the guard's answer, unchanged.
      const wrong = await stack.request('POST', '/v1/rounds', {
        key: 'not-a-key',
        body: { name: 'x', regionCode: '330000' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual(unauthorized);
    });
  });

  describe('timeouts', () => {
    const slack = 2000; // Node checks the timeouts every second; the machine may be busy

    it(`cuts a request whose body stops arriving with a 408 after ${REQUEST_TIMEOUT} s`, async () => {
      const pid = stack.apiPids[0];
      const before = await counts();
      const body = JSON.stringify({ name: '停滞的批次', regionCode: '330000' });
      const answer = await rawRequest(
        port,
        head('/v1/rounds', {
          authorization: `Bearer ${stack.adminKey}`,
          'content-type': 'application/json',
          'content-length': String(body.length + 100),
        }),
        Buffer.from(body),
      );
      expect(answer.status).toBe(408);
      expect(answer.body).toMatchObject({ statusCode: 408, error: 'Request Timeout' });
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT * 1000 - 200);
      expect(answer.elapsedMs).toBeLessThan(REQUEST_TIMEOUT * 1000 + slack);
      expect(answer.closedByServer).toBe(true);
      await stillUp(pid, before);
    });

    it(`cuts an import trickling in a byte at a time after ${REQUEST_TIMEOUT} s`, async () => {
      const pid = stack.apiPids[0];
      const before = await counts();
      const answer = await rawRequest(
        port,
        head(`/v1/rounds/${roundId}/candidates`, {
          authorization: `Bearer ${stack.adminKey}`,
          'content-type': 'text/csv',
          'content-length': String(10 * MIB),
        }),
        Buffer.from('uscc,name,regionCode,industryCode,email,contactName,employees,annualRevenue\n'),
        { trickle: { bytes: 1, everyMs: 200 } },
      );
      expect(answer.status).toBe(408);
      expect(answer.elapsedMs).toBeLessThan(REQUEST_TIMEOUT * 1000 + slack);
      await stillUp(pid, before);
    });

    it(`cuts a request whose headers stop arriving with a 408 after ${HEADERS_TIMEOUT} s`, async () => {
      const pid = stack.apiPids[0];
      const before = await counts();
      const answer = await rawRequest(port, `POST /v1/rounds HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `, null, {
        trickle: { bytes: 1, everyMs: 200 },
      });
      expect(answer.status).toBe(408);
      expect(answer.elapsedMs).toBeLessThan(HEADERS_TIMEOUT * 1000 + slack);
      await stillUp(pid, before);
    });
  });

  describe('the OpenAPI document', () => {
    it('states every body limit and the timeouts', async () => {
      const doc = (await stack.request('GET', '/docs-json', { key: null })).body;
      const limit = (path: string, method = 'post') => doc.paths[path][method]['x-body-limit'];
      expect(limit('/v1/rounds/{id}/candidates')).toBe(64 * MIB);
      expect(limit('/v1/rounds')).toBe(MIB);
      expect(limit('/v1/journeys/{id}/diagnosis')).toBe(MIB);
      expect(limit('/v1/evaluations/{token}')).toBe(16 * 1024);
      expect(doc.paths['/v1/rounds/{id}/candidates'].post.description).toContain('64 MiB');
      // Every operation that can take a body names its limit.
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        for (const method of ['post', 'put', 'patch', 'delete'])
          if (item[method])
            expect([path, method, typeof item[method]['x-body-limit']]).toEqual([path, method, 'number']);
      }
      expect(doc.info['x-limits']).toEqual({
        bodies: { json: MIB, candidateImport: 64 * MIB, evaluation: 16 * 1024 },
        timeouts: {
          headersSeconds: HEADERS_TIMEOUT,
          requestSeconds: REQUEST_TIMEOUT,
          keepAliveSeconds: 5,
          idleSeconds: 120,
        },
      });
      expect(doc.info.description).toContain(`whole request within ${REQUEST_TIMEOUT} s, else 408`);
    });
  });
});
