import type { ParsedMail } from 'mailparser';
import { Stack, type HttpAnswer } from '../support/stack';

/**
 * Issue 12, "Accounts for people": an admin invites a principal, the person sets a password from
 * the emailed link and signs in; the session cookie works on every /v1 route, only from the console's
 * own origin for what changes state; sign-in failures are answered alike and lock the account;
 * revocation, sign-out, a password reset and the idle timeout end sessions; the audit log says so.
 */
const SIGN_INS_PER_ADDRESS = 40;

describe('accounts for people', () => {
  let stack: Stack;
  let serial = 0;

  beforeAll(async () => {
    stack = await Stack.start({ env: { SIGN_IN_ATTEMPTS_PER_IP: String(SIGN_INS_PER_ADDRESS) } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const anonymous = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    stack.request(method, path, { key: null, body, headers });
  const admin = (method: string, path: string, body?: unknown) => stack.request(method, path, { body });
  /** A request made with the session cookie only (no API key), from the console's origin unless told. */
  const withCookie = (
    cookie: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { origin: stack.baseUrl },
  ) => stack.request(method, path, { key: null, body, headers: { cookie, ...headers } });
  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    anonymous('POST', '/v1/sessions', { email, password }, headers);
  /** `uplift_session=...` of an answer's Set-Cookie. */
  const cookieOf = (answer: HttpAnswer) => answer.headers.getSetCookie()[0].split(';')[0];

  const mailTo = async (email: string, count = 1): Promise<ParsedMail> => {
    const found = await stack.mail.waitFor((m) => stack.mail.to(email).includes(m), count);
    return found[count - 1];
  };
  const tokenIn = (mail: ParsedMail, page: 'invitation' | 'password-reset'): string => {
    const match = new RegExp(`${stack.baseUrl}/console/${page}/([A-Za-z0-9_-]{43})`).exec(mail.text ?? '');
    expect(match).not.toBeNull();
    return match![1];
  };

  async function newPrincipal(role: 'admin' | 'certification_body', bodyId?: string) {
    const n = ++serial;
    const email = `person${n}@accounts.example`;
    const created = await admin('POST', '/v1/principals', {
      role,
      name: `测试人员${n}`,
      email,
      ...(bodyId ? { certificationBodyId: bodyId } : {}),
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, email, name: `测试人员${n}` };
  }

  /** A principal invited, with its password set from the emailed link. */
  async function person(role: 'admin' | 'certification_body', password: string, bodyId?: string) {
    const p = await newPrincipal(role, bodyId);
    expect((await admin('POST', `/v1/principals/${p.id}/invitation`)).status).toBe(202);
    const token = tokenIn(await mailTo(p.email), 'invitation');
    expect((await anonymous('POST', `/v1/invitations/${token}`, { password })).status).toBe(200);
    return p;
  }

  const PASSWORD = 'Zhejiang-audit-2026!';
  let main: { id: string; email: string; name: string };
  let mainCookie = '';

  describe('invitation', () => {
    let token = '';

    it('emails a one-time link to the console page, never to /v1/', async () => {
      main = await newPrincipal('admin');
      const sent = await admin('POST', `/v1/principals/${main.id}/invitation`);
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ principalId: main.id, email: main.email });
      const mail = await mailTo(main.email);
      token = tokenIn(mail, 'invitation');
      expect(mail.subject).toContain('设置');
      expect(`${mail.text}${mail.html}`).not.toContain('/v1/');
      expect(String(mail.html)).toContain(`${stack.baseUrl}/console/invitation/${token}`);
      // Only the token's hash is stored.
      const rows = await stack.query(`SELECT row_to_json(t)::text AS row FROM account_tokens t`);
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('shows whom the invitation is for and until when (72 hours)', async () => {
      const read = await anonymous('GET', `/v1/invitations/${token}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ name: main.name, email: main.email, expiresAt: expect.any(String) });
      const hours = (Date.parse(read.body.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(71.9);
      expect(hours).toBeLessThanOrEqual(72);
      const unknown = await anonymous('GET', `/v1/invitations/${'x'.repeat(43)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toContain('invitation link is unknown');
    });

    it.each([
      ['too short', 'short-pw1!', 'string.too_short'],
      ['a common password', 'qwerty123456', 'password.common'],
      ['a common password in other capitals', 'QWERTY123456', 'password.common'],
      ['built from the email address', 'person1@accounts-2026', 'password.contains_email'],
    ])('refuses a password that is %s, naming the field', async (_what, password, code) => {
      const refused = await anonymous('POST', `/v1/invitations/${token}`, { password });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toEqual([{ field: 'password', code, message: expect.any(String) }]);
    });

    it('sets a good password once; the link is then used up', async () => {
      const set = await anonymous('POST', `/v1/invitations/${token}`, { password: PASSWORD });
      expect(set.status).toBe(200);
      expect(set.body.principal).toMatchObject({ id: main.id, role: 'admin', email: main.email });
      // Setting a password does not sign in.
      expect(set.headers.getSetCookie()).toEqual([]);
      const again = await anonymous('POST', `/v1/invitations/${token}`, { password: `${PASSWORD}x` });
      expect(again.status).toBe(404);
      expect((await anonymous('GET', `/v1/invitations/${token}`)).status).toBe(404);
      const stored = await stack.query(`SELECT password_hash FROM credentials WHERE principal_id = $1`, [
        main.id,
      ]);
      expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
    });

    it('replaces an earlier unused invitation, and answers 410 for an expired one', async () => {
      const p = await newPrincipal('admin');
      await admin('POST', `/v1/principals/${p.id}/invitation`);
      const first = tokenIn(await mailTo(p.email), 'invitation');
      await admin('POST', `/v1/principals/${p.id}/invitation`);
      const second = tokenIn(await mailTo(p.email, 2), 'invitation');
      expect((await anonymous('GET', `/v1/invitations/${first}`)).status).toBe(404);
      expect((await anonymous('GET', `/v1/invitations/${second}`)).status).toBe(200);
      await stack.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 minute' WHERE principal_id = $1`,
        [p.id],
      );
      const expired = await anonymous('POST', `/v1/invitations/${second}`, { password: PASSWORD });
      expect(expired.status).toBe(410);
      expect(expired.body.message).toContain('expired');
    });
  });

  describe('sign-in and the session cookie', () => {
    it('signs in with a cookie that is HttpOnly, SameSite=Strict, and not Secure over http', async () => {
      const answer = await signIn(main.email.toUpperCase(), PASSWORD);
      expect(answer.status).toBe(200);
      expect(answer.body.principal).toMatchObject({ id: main.id, certificationBodyName: null });
      const [cookie] = answer.headers.getSetCookie();
      const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes[0]).toMatch(/^uplift_session=[a-z0-9_-]{43}$/i);
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
      expect(attributes).not.toContain('secure');
      mainCookie = cookieOf(answer);
      const rows = await stack.query(`SELECT row_to_json(s)::text AS row FROM sessions s`);
      expect(JSON.stringify(rows)).not.toContain(mainCookie.split('=')[1]);
    });

    it('authenticates /v1 routes with the cookie alone', async () => {
      const journeys = await withCookie(mainCookie, 'GET', '/v1/journeys');
      expect(journeys.status).toBe(200);
      const current = await withCookie(mainCookie, 'GET', '/v1/sessions/current');
      expect(current.status).toBe(200);
      expect(current.body.principal).toMatchObject({ id: main.id, email: main.email });
      expect((await anonymous('GET', '/v1/sessions/current')).status).toBe(401);
      const stale = await withCookie('uplift_session=' + 'y'.repeat(43), 'GET', '/v1/journeys');
      expect(stale.status).toBe(401);
    });

    it('takes a state-changing request by cookie only from the console’s own origin', async () => {
      const body = () => ({
        code: `CNCA-R-2024-${String(++serial).padStart(4, '0')}`,
        name: '某认证机构',
        email: 'cb@cert.example',
      });
      const foreign = await withCookie(mainCookie, 'POST', '/v1/certification-bodies', body(), {
        origin: 'https://evil.example',
      });
      expect(foreign.status).toBe(403);
      expect(foreign.body.message).toContain('origin');
      const none = await withCookie(mainCookie, 'POST', '/v1/certification-bodies', body(), {});
      expect(none.status).toBe(403);
      const foreignReferer = await withCookie(mainCookie, 'POST', '/v1/certification-bodies', body(), {
        referer: 'https://evil.example/page',
      });
      expect(foreignReferer.status).toBe(403);
      expect((await stack.query(`SELECT count(*)::int AS n FROM certification_bodies`))[0].n).toBe(0);
      const own = await withCookie(mainCookie, 'POST', '/v1/certification-bodies', body());
      expect(own.status).toBe(201);
      const byReferer = await withCookie(mainCookie, 'POST', '/v1/certification-bodies', body(), {
        referer: `${stack.baseUrl}/console/rounds`,
      });
      expect(byReferer.status).toBe(201);
      // An API key is not a browser's: no origin asked.
      const byKey = await stack.request('POST', '/v1/certification-bodies', { body: body() });
      expect(byKey.status).toBe(201);
    });

    it('refuses a sign-in sent from another origin', async () => {
      const answer = await signIn(main.email, PASSWORD, { origin: 'https://evil.example' });
      expect(answer.status).toBe(403);
      expect(answer.headers.getSetCookie()).toEqual([]);
    });

    it('reads no more than a small form from anyone without a credential', async () => {
      const big = await anonymous('POST', '/v1/sessions', {
        email: main.email,
        password: 'x'.repeat(20_000),
      });
      expect(big.status).toBe(413);
    });

    it('answers a wrong password and an unknown email identically', async () => {
      const wrong = await signIn(main.email, 'not-the-password-1');
      const unknown = await signIn('nobody@accounts.example', 'not-the-password-1');
      expect(wrong.status).toBe(401);
      expect({ status: unknown.status, body: unknown.body }).toEqual({
        status: wrong.status,
        body: wrong.body,
      });
      expect(wrong.headers.getSetCookie()).toEqual([]);
    });
  });

  describe('lockout', () => {
    it('locks an account for 15 minutes after 10 failures in a row, even for the right password', async () => {
      const p = await person('admin', PASSWORD);
      for (let i = 1; i <= 9; i++) expect((await signIn(p.email, `wrong-password-${i}`)).status).toBe(401);
      const tenth = await signIn(p.email, 'wrong-password-10');
      expect(tenth.status).toBe(429);
      expect(tenth.body.message).toContain('账户已锁定');
      expect(tenth.body.message).toContain('15');
      expect(Number(tenth.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
      const right = await signIn(p.email, PASSWORD);
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
      expect(right.body.message).toContain('account locked');
      expect(right.headers.getSetCookie()).toEqual([]);
    });
  });

  describe('ending sessions', () => {
    it('ends a revoked principal’s session at once', async () => {
      const body = await admin('POST', '/v1/certification-bodies', {
        code: 'CNCA-R-2025-0001',
        name: '浙江某认证有限公司',
        email: 'office@zjcert.example',
      });
      const p = await person('certification_body', PASSWORD, body.body.id);
      const signedIn = await signIn(p.email, PASSWORD);
      expect(signedIn.body.principal.certificationBodyName).toBe('浙江某认证有限公司');
      const cookie = cookieOf(signedIn);
      expect((await withCookie(cookie, 'GET', '/v1/journeys')).status).toBe(200);
      expect((await admin('POST', `/v1/principals/${p.id}/revoke`)).status).toBe(200);
      expect((await withCookie(cookie, 'GET', '/v1/journeys')).status).toBe(401);
      expect(await stack.query(`SELECT id FROM sessions WHERE principal_id = $1`, [p.id])).toEqual([]);
      expect((await signIn(p.email, PASSWORD)).status).toBe(401);
    });

    it('signs out: the session row is deleted and the cookie cleared', async () => {
      const cookie = cookieOf(await signIn(main.email, PASSWORD));
      const out = await withCookie(cookie, 'DELETE', '/v1/sessions/current');
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie()[0]).toMatch(/^uplift_session=;.*Max-Age=0/i);
      expect((await withCookie(cookie, 'GET', '/v1/sessions/current')).status).toBe(401);
      // The main session is another one, and still works.
      expect((await withCookie(mainCookie, 'GET', '/v1/sessions/current')).status).toBe(200);
    });
  });

  describe('password reset', () => {
    const NEW_PASSWORD = 'Hangzhou-quality-2027?';

    it('answers the same for an unknown email and emails only a known one', async () => {
      const before = stack.mail.messages.length;
      const unknown = await anonymous('POST', '/v1/password-resets', { email: 'nobody@accounts.example' });
      const known = await anonymous('POST', '/v1/password-resets', { email: main.email });
      expect(unknown.status).toBe(202);
      expect({ status: known.status, body: known.body }).toEqual({
        status: unknown.status,
        body: unknown.body,
      });
      await mailTo(main.email, 2);
      expect(stack.mail.messages.length).toBe(before + 1);
      expect(stack.mail.to('nobody@accounts.example')).toEqual([]);
    });

    it('sets a new password through the link, valid 1 hour, and ends every older session', async () => {
      const mail = await mailTo(main.email, 2);
      expect(`${mail.text}${mail.html}`).not.toContain('/v1/');
      const token = tokenIn(mail, 'password-reset');
      const read = await anonymous('GET', `/v1/password-resets/${token}`);
      expect(read.status).toBe(200);
      expect(read.body.email).toBe(main.email);
      expect(Date.parse(read.body.expiresAt) - Date.now()).toBeLessThanOrEqual(3_600_000);
      const second = cookieOf(await signIn(main.email, PASSWORD));
      const weak = await anonymous('POST', `/v1/password-resets/${token}`, { password: 'password1234' });
      expect(weak.status).toBe(400);
      expect(weak.body.details[0].field).toBe('password');
      const reset = await anonymous('POST', `/v1/password-resets/${token}`, { password: NEW_PASSWORD });
      expect(reset.status).toBe(200);
      for (const cookie of [mainCookie, second])
        expect((await withCookie(cookie, 'GET', '/v1/sessions/current')).status).toBe(401);
      expect(
        (await anonymous('POST', `/v1/password-resets/${token}`, { password: NEW_PASSWORD })).status,
      ).toBe(404);
      expect((await signIn(main.email, PASSWORD)).status).toBe(401);
      const fresh = await signIn(main.email, NEW_PASSWORD);
      expect(fresh.status).toBe(200);
      mainCookie = cookieOf(fresh);
    });
  });

  describe('the audit log', () => {
    it('records sign-ins, failures, lockouts, sign-outs, invitations and password changes', async () => {
      const actions = [
        'sign_in',
        'sign_in_failed',
        'account_locked',
        'sign_out',
        'invitation_sent',
        'password_set',
        'password_reset_requested',
        'password_reset',
      ];
      for (const action of actions) {
        const log = await admin('GET', `/v1/audit?action=${action}`);
        expect({ action, status: log.status }).toEqual({ action, status: 200 });
        expect({ action, found: log.body.items.length > 0 }).toEqual({ action, found: true });
        expect(log.body.items.every((e: { action: string }) => e.action === action)).toBe(true);
      }
      const failed = await admin('GET', `/v1/audit?action=sign_in_failed`);
      expect(failed.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            principalId: null,
            route: '/v1/sessions',
            statusCode: 401,
            details: expect.objectContaining({ email: 'nobody@accounts.example' }),
          }),
          expect.objectContaining({
            principalId: main.id,
            details: expect.objectContaining({ email: main.email }),
          }),
        ]),
      );
      const locked = await admin('GET', `/v1/audit?action=account_locked`);
      expect(locked.body.items[0]).toMatchObject({ statusCode: 429, details: { failedAttempts: 10 } });
      const signedIn = await admin('GET', `/v1/audit?action=sign_in&principalId=${main.id}`);
      expect(signedIn.body.items.length).toBeGreaterThan(0);
      // No password, token or cookie is kept in the log.
      const rows = JSON.stringify(await stack.query(`SELECT row_to_json(a)::text AS row FROM audit_log a`));
      for (const secret of [PASSWORD, 'Hangzhou-quality-2027?', 'wrong-password-1', mainCookie.split('=')[1]])
        expect(rows).not.toContain(secret);
    });
  });

  describe('limits per client address', () => {
    it('answers 429 with Retry-After past the sign-in attempts one address may make', async () => {
      const from = (email: string) =>
        stack.request('POST', '/v1/sessions', {
          key: null,
          body: { email, password: 'whatever-password' },
          localAddress: '127.0.0.9',
        });
      for (let i = 0; i < SIGN_INS_PER_ADDRESS; i++)
        expect((await from(`guess${i}@accounts.example`)).status).toBe(401);
      const over = await from('guess-last@accounts.example');
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another address is not affected.
      expect((await signIn(main.email, 'Hangzhou-quality-2027?')).status).toBe(200);
    });
  });

  describe('idle timeout', () => {
    beforeAll(async () => {
      await stack.stopApi();
      await stack.startApi({ SESSION_IDLE_MINUTES: '0.05' });
    });

    it('keeps a session in use alive and ends one left idle', async () => {
      const cookie = cookieOf(await signIn(main.email, 'Hangzhou-quality-2027?'));
      // In use: a request every second for 5 s, longer than the 3 s idle timeout.
      for (let i = 0; i < 5; i++) {
        expect((await withCookie(cookie, 'GET', '/v1/sessions/current')).status).toBe(200);
        await new Promise((r) => setTimeout(r, 1000));
      }
      await new Promise((r) => setTimeout(r, 3500));
      const idle = await withCookie(cookie, 'GET', '/v1/sessions/current');
      expect(idle.status).toBe(401);
      expect(idle.body.message).toContain('sign in again');
    });
  });
});
