import { createHash } from 'node:crypto';
import { Stack } from '../support/stack';
import { World } from '../support/world';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Issue 4, "API keys" and "Audit": keys shown once, listed by prefix, revocable at once, the
 * bootstrap key rotatable through the API; every state-changing call in the audit log.
 */
describe('API keys and the audit log', () => {
  let stack: Stack;
  let w: World;
  /** Every key this suite saw; none may appear in a log line or a stored row. */
  const keys: string[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ env: { LOG_LEVEL: 'verbose' } });
    w = await World.create(stack);
    keys.push(stack.adminKey, ...Object.values(w.keys).filter((k): k is string => !!k));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const admin = (method: string, path: string, body?: unknown) => w.request('admin', method, path, body);

  async function newRegulator(name: string) {
    const created = await admin('POST', '/v1/principals', {
      role: 'regulator',
      name,
      email: 'temp@samr.example',
      regionCode: '330100',
    });
    expect(created.status).toBe(201);
    keys.push(created.body.apiKey);
    return created.body as { id: string; apiKey: string; keyPrefix: string };
  }

  describe('principals', () => {
    it('lists every principal with its key prefix, never a key or its hash', async () => {
      const listed = await admin('GET', '/v1/principals');
      expect(listed.status).toBe(200);
      expect(listed.body.items.length).toBeGreaterThanOrEqual(6);
      for (const p of listed.body.items) {
        expect(Object.keys(p).sort()).toEqual(
          [
            'certificationBodyId',
            'createdAt',
            'email',
            'id',
            'isBootstrap',
            'keyPrefix',
            'name',
            'regionCode',
            'revokedAt',
            'role',
          ].sort(),
        );
      }
      const text = JSON.stringify(listed.body);
      for (const key of keys) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(sha256(key));
      }
      const regulator = listed.body.items.find((p: any) => p.id === w.principals.regulatorInScope);
      expect(regulator).toMatchObject({ role: 'regulator', regionCode: '330000', revokedAt: null });
      expect(w.keys.regulatorInScope!.startsWith(`${regulator.keyPrefix}_`)).toBe(true);
    });

    it.each(['POST /v1/principals/{id}/revoke', 'DELETE /v1/principals/{id}'])(
      'revokes a key with %s: it answers 401 from the next request on',
      async (route) => {
        const p = await newRegulator('将被撤销');
        expect((await stack.request('GET', '/v1/journeys', { key: p.apiKey })).status).toBe(200);
        const [method, path] = route.split(' ');
        const revoked = await admin(method, path.replace('{id}', p.id));
        expect(revoked.status).toBe(200);
        expect(revoked.body).toMatchObject({ id: p.id, revokedAt: expect.any(String) });

        const after = await stack.request('GET', '/v1/journeys', { key: p.apiKey });
        expect(after.status).toBe(401);
        expect(after.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
        const again = await admin(method, path.replace('{id}', p.id));
        expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      },
    );

    it('refuses to revoke the bootstrap admin (rotate it instead) and knows no other id', async () => {
      const bootstrap = (await admin('GET', '/v1/principals')).body.items.find((p: any) => p.isBootstrap);
      const refused = await admin('POST', `/v1/principals/${bootstrap.id}/revoke`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('rotate');
      expect((await admin('POST', `/v1/principals/${w.missing.principal}/revoke`)).status).toBe(404);
      expect((await admin('DELETE', '/v1/principals/bootstrap')).status).toBe(404);
      expect((await stack.request('GET', '/v1/journeys')).status).toBe(200);
    });

    it('rotates the bootstrap key once through the API, and a restart does not undo it', async () => {
      const rotated = await stack.request('POST', '/v1/principals/bootstrap/rotate', { key: stack.adminKey });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toMatchObject({
        isBootstrap: true,
        role: 'admin',
        apiKey: expect.stringMatching(/^upl_[0-9a-f]{8}_/),
      });
      const newKey: string = rotated.body.apiKey;
      keys.push(newKey);
      expect(newKey.startsWith(`${rotated.body.keyPrefix}_`)).toBe(true);
      expect((await stack.request('GET', '/v1/principals', { key: stack.adminKey })).status).toBe(401);
      expect((await stack.request('GET', '/v1/principals', { key: newKey })).status).toBe(200);

      // UPLIFT_ADMIN_KEY unchanged: the key rotated through the API stays in force.
      await stack.stopApi();
      await stack.startApi();
      expect((await stack.request('GET', '/v1/principals', { key: stack.adminKey })).status).toBe(401);
      expect((await stack.request('GET', '/v1/principals', { key: newKey })).status).toBe(200);

      // A new UPLIFT_ADMIN_KEY rotates again.
      const fromEnv = `operator-chosen-${sha256('again').slice(0, 32)}`;
      keys.push(fromEnv);
      await stack.stopApi();
      await stack.startApi({ UPLIFT_ADMIN_KEY: fromEnv });
      expect((await stack.request('GET', '/v1/principals', { key: newKey })).status).toBe(401);
      expect((await stack.request('GET', '/v1/principals', { key: fromEnv })).status).toBe(200);
      expect((await w.request('admin', 'GET', '/v1/principals')).status).toBe(200);
    });
  });

  describe('audit log', () => {
    it('records every state-changing call with who, what, target, outcome and request id', async () => {
      const journey = await w.journey();
      const step = await stack.request('POST', `/v1/journeys/${journey}/screening-decision`, {
        key: w.keys.regulatorInScope,
        body: { decision: 'selected' },
        headers: { 'x-request-id': 'trace-screening-1' },
      });
      expect(step.headers.get('x-request-id')).toBe('trace-screening-1');
      const refused = await stack.request('POST', `/v1/journeys/${journey}/screening-decision`, {
        key: w.keys.regulatorInScope,
        body: { decision: 'selected' },
      });
      expect(refused.status).toBe(409);
      const anonymous = await stack.request('POST', `/v1/journeys/${journey}/screening-decision`, {
        key: null,
        body: { decision: 'selected' },
      });
      expect(anonymous.status).toBe(401);
      await stack.request('GET', `/v1/journeys/${journey}`, { key: w.keys.regulatorInScope });

      const log = await admin('GET', `/v1/audit?targetId=${journey}`);
      expect(log.status).toBe(200);
      const route = '/v1/journeys/:id/screening-decision';
      expect(log.body.items).toEqual([
        expect.objectContaining({
          principalId: null,
          method: 'POST',
          route,
          targetId: journey,
          statusCode: 401,
          outcome: 'refused',
        }),
        expect.objectContaining({
          principalId: w.principals.regulatorInScope,
          route,
          statusCode: 409,
          outcome: 'refused',
        }),
        expect.objectContaining({
          principalId: w.principals.regulatorInScope,
          // The client's X-Request-Id is kept as its own field, never as the record's request id.
          clientRequestId: 'trace-screening-1',
          requestId: expect.not.stringMatching(/^trace-screening-1$/),
          method: 'POST',
          route,
          targetId: journey,
          statusCode: 200,
          outcome: 'succeeded',
          ip: '127.0.0.1',
          at: expect.any(String),
        }),
      ]);
      // Reads are not state changes; the journey's import was recorded against its round.
      expect(log.body.items.some((e: any) => e.method === 'GET')).toBe(false);
    });

    it('names what a creation created', async () => {
      const created = await newRegulator('审计对象');
      const log = await admin('GET', `/v1/audit?route=${encodeURIComponent('/v1/principals')}&limit=1`);
      expect(log.body.items[0]).toMatchObject({
        targetId: created.id,
        statusCode: 201,
        principalId: w.principals.admin,
      });
    });

    it('filters by principal, method, outcome, status and time, and pages newest first', async () => {
      const since = new Date().toISOString();
      for (let i = 0; i < 3; i++) await newRegulator(`分页 ${i}`);
      const mine = await admin(
        'GET',
        `/v1/audit?principalId=${w.principals.admin}&method=POST&outcome=succeeded&statusCode=201&from=${encodeURIComponent(since)}&limit=2`,
      );
      expect(mine.body.items).toHaveLength(2);
      expect(mine.body.nextCursor).toEqual(mine.body.items[1].id);
      const rest = await admin(
        'GET',
        `/v1/audit?principalId=${w.principals.admin}&from=${encodeURIComponent(since)}&limit=2&cursor=${mine.body.nextCursor}`,
      );
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.nextCursor).toBeNull();
      const all = [...mine.body.items, ...rest.body.items];
      expect(all.map((e: any) => Number(e.id))).toEqual(
        [...all.map((e: any) => Number(e.id))].sort((a, b) => b - a),
      );
      const none = await admin('GET', `/v1/audit?to=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
      expect(none.body.items).toEqual([]);
      const bad = await admin('GET', '/v1/audit?outcome=maybe&cursor=abc');
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['query.cursor', 'query.outcome']);
    });

    it('keeps no API key and no body in the audit or idempotency tables', async () => {
      const rows = await stack.query(`SELECT row_to_json(a)::text AS row FROM audit_log a`);
      const stored = await stack.query(`SELECT row_to_json(i)::text AS row FROM idempotency_keys i`);
      expect(rows.length).toBeGreaterThan(10);
      for (const { row } of [...rows, ...stored]) {
        for (const key of keys) expect(row).not.toContain(key);
      }
      expect(rows.some(({ row }) => row.includes('测试企业'))).toBe(false);
    });
  });

  describe('logs', () => {
    it('hold no API key in any line, at the most verbose level', () => {
      // Runs last: the keys created, rotated and configured above are all in `keys`.
      expect(keys.length).toBeGreaterThanOrEqual(12);
      expect(stack.output).toMatch(/Mapped \{\/v1\//);
      for (const key of keys) expect(stack.output).not.toContain(key);
    });
  });
});
