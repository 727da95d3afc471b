import type { Client } from '@temporalio/client';
import iconv from 'iconv-lite';
import { request as httpRequest } from 'node:http';
import { enterprise } from '../support/fixtures';
import { openCampaign, type Campaign } from '../support/campaign';
import { Stack, STARTED_BY_REQUESTS, type HttpAnswer } from '../support/stack';

const MIB = 1024 * 1024;
const HEADER = 'uscc,name,regionCode,industryCode,email';
type Row = ReturnType<typeof enterprise>;
const line = (e: Row) => [e.uscc, e.name, e.regionCode, e.industryCode, e.email].join(',');
const csvOf = (rows: Row[], eol = '\n') => [HEADER, ...rows.map(line)].join(eol) + eol;

/**
 * Issue 10, classes 1 and 2 (input side): no body can end the API or leave part of an import behind.
 * Every refused request is checked by count: journeys, workflow executions, emails, idempotency
 * keys unchanged, no 5xx, and the same API process still serving.
 */
describe('hardened candidate imports', () => {
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  let serial = 50_000;
  let apiPid: number;
  const next = (overrides: Record<string, unknown> = {}) => enterprise('330106', serial++, overrides);

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    c = await openCampaign(stack, {}, 'hardening-imports');
    apiPid = stack.apiPids[0];
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const url = () => `/v1/rounds/${c.roundId}/candidates`;
  const post = (body: Buffer | string | object, contentType?: string, headers: Record<string, string> = {}) =>
    stack.request('POST', url(), {
      key: c.regulatorKey,
      body: body as never,
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
    });

  /** Workflow executions in the namespace once visibility has stopped moving. */
  async function executions(): Promise<number> {
    let last = -1;
    for (;;) {
      const now = (await temporal.workflow.count(STARTED_BY_REQUESTS)).count;
      if (now === last) return now;
      last = now;
      await new Promise((r) => setTimeout(r, 700));
    }
  }

  async function counts() {
    const [row] = await stack.query(
      `SELECT (SELECT count(*) FROM journeys)::int AS journeys,
              (SELECT count(*) FROM journeys WHERE launched_at IS NOT NULL)::int AS launched,
              (SELECT count(*) FROM idempotency_keys)::int AS "idempotencyKeys"`,
    );
    return { ...row, executions: await executions(), emails: stack.mail.messages.length };
  }

  /** The same API process answers, and nothing was stored or started. */
  async function expectNothingChanged(before: Awaited<ReturnType<typeof counts>>) {
    expect(await counts()).toEqual(before);
    expect(stack.apiPids).toEqual([apiPid]);
    expect(() => process.kill(apiPid, 0)).not.toThrow();
    expect((await stack.request('GET', '/health', { key: null })).status).toBe(200);
  }

  /** Sends `send()`, expects a 4xx naming what is wrong, and that it changed nothing. */
  async function refused(
    send: () => Promise<HttpAnswer>,
    status: number,
    named: { field: string; message: RegExp }[],
  ): Promise<HttpAnswer> {
    const before = await counts();
    const answer = await send();
    expect({ status: answer.status, body: answer.body }).toEqual({ status, body: expect.anything() });
    expect(answer.body).toMatchObject({ statusCode: status, message: expect.any(String) });
    for (const n of named)
      expect(answer.body.details).toContainEqual({
        field: n.field,
        code: expect.any(String),
        message: expect.stringMatching(n.message),
      });
    await expectNothingChanged(before);
    return answer;
  }

  describe('bodies refused as a whole, changing nothing', () => {
    const cases: [string, () => Promise<HttpAnswer>, number, { field: string; message: RegExp }[]][] = [
      [
        'a CSV charset nobody knows',
        () => post(csvOf([next()]), 'text/csv; charset=x-made-up'),
        415,
        [{ field: 'header.content-type', message: /charset "x-made-up" is not supported/ }],
      ],
      [
        'a quoted unknown charset',
        () => post(csvOf([next()]), 'text/csv; charset="utf-7"'),
        415,
        [{ field: 'header.content-type', message: /charset "utf-7" is not supported/ }],
      ],
      [
        'bytes that are not the UTF-8 they claim',
        () =>
          post(iconv.encode(csvOf([next({ name: '杭州龙井茶业' })]), 'gb18030'), 'text/csv; charset=utf-8'),
        400,
        [{ field: '(body)', message: /not valid UTF-8/ }],
      ],
      [
        'an unclosed quote',
        () => post(`${HEADER}\n"${line(next())}\n${line(next())}\n`, 'text/csv'),
        400,
        [{ field: '(body)', message: /quote/i }],
      ],
      ['an empty CSV body', () => post('', 'text/csv'), 400, [{ field: '(body)', message: /is empty/ }]],
      [
        'a header and no rows',
        () => post(`${HEADER}\r\n`, 'text/csv'),
        400,
        [{ field: '(body)', message: /no data rows/ }],
      ],
      [
        'two columns filling one field',
        () => post(`${HEADER},统一社会信用代码\n${line(next())},x\n`, 'text/csv'),
        400,
        [{ field: 'header.统一社会信用代码', message: /fills uscc, as column uscc already does/ }],
      ],
      [
        'a header with a control character',
        () => post(`${HEADER},bad\u0001\n${line(next())},x\n`, 'text/csv'),
        400,
        [{ field: 'header.bad\\u0001', message: /control character/ }],
      ],
      [
        'an XML body',
        () => post('<enterprises/>', 'application/xml'),
        415,
        [{ field: 'header.content-type', message: /application\/xml is not accepted/ }],
      ],
      [
        'a text/plain body',
        () => post(csvOf([next()]), 'text/plain'),
        415,
        [{ field: 'header.content-type', message: /text\/plain is not accepted/ }],
      ],
      [
        'a form body',
        () => post('enterprises=1', 'application/x-www-form-urlencoded'),
        415,
        [{ field: 'header.content-type', message: /not accepted/ }],
      ],
      [
        'JSON that is an array',
        () => post('[]', 'application/json'),
        400,
        [{ field: '(body)', message: /object/ }],
      ],
      [
        'JSON that is a string',
        () => post('"x"', 'application/json'),
        400,
        [{ field: '(body)', message: /object/ }],
      ],
      ['JSON null', () => post('null', 'application/json'), 400, [{ field: '(body)', message: /object/ }]],
      ['an empty JSON body', () => post('', 'application/json'), 400, [{ field: '(body)', message: /.+/ }]],
      [
        'malformed JSON',
        () => post('{"enterprises":[', 'application/json'),
        400,
        [{ field: '(body)', message: /JSON/ }],
      ],
      [
        'a JSON charset other than UTF-8',
        () => post('{"enterprises":[]}', 'application/json; charset=x-made-up'),
        415,
        [{ field: 'header.content-type', message: /x-made-up/ }],
      ],
      [
        'a JSON row with a NUL byte',
        () => post({ enterprises: [next(), next({ name: 'a\u0000b' })] }),
        400,
        [{ field: 'enterprises.1.name', message: /control character/ }],
      ],
    ];
    it.each(cases)('refuses %s', async (_name, send, status, named) => {
      await refused(send, status, named);
    });

    it('refuses a CSV over 64 MiB with 413 by its Content-Length', async () => {
      const body = `${HEADER}\n${line(next())}\n`.padEnd(64 * MIB + 10, '\n');
      await refused(() => post(body, 'text/csv'), 413, []);
    });

    it('refuses a chunked CSV once it passes 64 MiB', async () => {
      await refused(() => chunked(stack.baseUrl + url(), c.regulatorKey, 66 * MIB), 413, []);
    });

    it('survives a client that stops halfway through its CSV', async () => {
      const before = await counts();
      await abandoned(stack.baseUrl + url(), c.regulatorKey, `${HEADER}\n${line(next())}\n`);
      await new Promise((r) => setTimeout(r, 500));
      await expectNothingChanged(before);
    });
  });

  describe('all or nothing', () => {
    it('stores nothing and starts nothing when row 1,001 breaks the file', async () => {
      const rows = Array.from({ length: 1001 }, () => next());
      const text = csvOf(rows.slice(0, 1000)) + `"${line(rows[1000])}\n`;
      await refused(() => post(text, 'text/csv'), 400, [{ field: '(body)', message: /quote/i }]);
      const any = await stack.query(`SELECT count(*)::int AS n FROM journeys WHERE uscc = ANY($1)`, [
        rows.map((r) => r.uscc),
      ]);
      expect(any).toEqual([{ n: 0 }]);
    });

    it('refuses rows one by one: a control character, a wrong number of cells; BOM and CRLF are fine', async () => {
      const good = next();
      const bel = next({ name: '响\u0007铃' });
      const del = next();
      const text =
        '\uFEFF' +
        [
          `${HEADER},contactName`,
          `${line(good)},张三`,
          `${line(bel)},李四`,
          `${line(del)},王\u007f五`,
          `${line(next())}`,
        ].join('\r\n') +
        '\r\n';
      const answer = await post(text, 'text/csv; charset=utf-8');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ accepted: 1, rows: 4, rejectedRows: 3 });
      expect(answer.body.rejected).toEqual([
        {
          row: 2,
          code: expect.any(String),
          field: 'name',
          column: 'name',
          message: 'contains a control character (column name)',
        },
        {
          row: 3,
          code: expect.any(String),
          field: 'contactName',
          column: 'contactName',
          message: 'contains a control character (column contactName)',
        },
        { row: 4, code: expect.any(String), field: '(row)', message: 'has 5 cells where the header has 6' },
      ]);
      const stored = await stack.query(`SELECT uscc FROM journeys WHERE uscc = ANY($1)`, [
        [good.uscc, bel.uscc, del.uscc],
      ]);
      expect(stored).toEqual([{ uscc: good.uscc }]);
    });
  });

  describe('Idempotency-Key on imports', () => {
    it('replays a CSV import and refuses another CSV under the same key', async () => {
      const text = csvOf([next(), next()]);
      const first = await post(text, 'text/csv', { 'idempotency-key': 'csv-import-1' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accepted: 2 });
      await stack.waitForLaunch(c.roundId, c.regulatorKey, 240_000);
      const before = await counts();
      const again = await post(text, 'text/csv', { 'idempotency-key': 'csv-import-1' });
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: first.body });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      await expectNothingChanged(before);
      const other = await refused(
        () => post(csvOf([next()]), 'text/csv', { 'idempotency-key': 'csv-import-1' }),
        409,
        [],
      );
      expect(other.body.message).toMatch(/different request/);
    });

    it('replays a JSON import and refuses another JSON body under the same key', async () => {
      const body = { enterprises: [next(), next()] };
      const first = await post(body, undefined, { 'idempotency-key': 'json-import-1' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accepted: 2 });
      await stack.waitForLaunch(c.roundId, c.regulatorKey, 240_000);
      const before = await counts();
      const again = await post(body, undefined, { 'idempotency-key': 'json-import-1' });
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: first.body });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      await expectNothingChanged(before);
      await refused(
        () => post({ enterprises: [next()] }, undefined, { 'idempotency-key': 'json-import-1' }),
        409,
        [],
      );
    });
  });

  // Last: its thousand journeys keep the worker busy for a while after their launch.
  describe('a thousand rows and one bad one', () => {
    it('stores a 1,001-row CSV whose last row holds a NUL byte without that row, and names it', async () => {
      const round = await stack.request('POST', '/v1/rounds', {
        key: c.regulatorKey,
        body: { name: '原子导入', regionCode: '330000' },
      });
      const rows = Array.from({ length: 1001 }, () => next());
      const text = csvOf(rows.slice(0, 1000)) + line({ ...rows[1000], name: `坏\u0000名` }) + '\n';
      const answer = await stack.request('POST', `/v1/rounds/${round.body.id}/candidates`, {
        key: c.regulatorKey,
        body: text as never,
        headers: { 'content-type': 'text/csv' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ accepted: 1000, duplicates: 0, rows: 1001, rejectedRows: 1 });
      expect(answer.body.rejected).toEqual([
        {
          row: 1001,
          code: expect.any(String),
          field: 'name',
          column: 'name',
          message: 'contains a control character (column name)',
        },
      ]);
      expect(await stack.waitForLaunch(round.body.id, c.regulatorKey, 240_000)).toEqual({
        started: 1000,
        total: 1000,
      });
      const stored = await stack.query(`SELECT count(*)::int AS n FROM journeys WHERE round_id = $1`, [
        round.body.id,
      ]);
      expect(stored).toEqual([{ n: 1000 }]);
    });
  });
});

/** A chunked CSV body (no Content-Length) of `size` bytes, written until the server answers. */
function chunked(url: string, key: string, size: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: new Headers(res.headers as Record<string, string>),
            body: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') setTimeout(() => answered || reject(err), 2000);
      else reject(err);
    });
    const chunk = Buffer.alloc(MIB, '\n');
    let sent = 0;
    const write = (): void => {
      while (sent < size && !answered && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!req.destroyed) req.end();
    };
    req.write(`${HEADER}\n`);
    write();
  });
}

/** A request announcing more body than it sends, whose client then goes away. */
function abandoned(url: string, key: string, part: string): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'content-length': '100000' },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(part, () => setTimeout(() => req.destroy(), 200));
  });
}
