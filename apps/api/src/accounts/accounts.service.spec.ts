import { HttpException } from '@nestjs/common';
import type { UpliftConfig } from '@uplift/config';
import { ConflictError, InvalidInputError, NotFoundError } from '@uplift/domain';
import type { AccountTemplate } from '@uplift/notifications';
import {
  FakeAccountRepository,
  FakeCertificationBodyRepository,
  FakePrincipalRepository,
} from '../testing/fake-repositories';
import type { AccountMail } from './account-mail';
import {
  AccountsService,
  SIGN_IN_FAILED,
  SignInRefused,
  sha256,
  type AccountEvent,
} from './accounts.service';

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';
const BASE = 'https://uplift.example.gov.cn';
const PASSWORD = 'Zhejiang-audit-2026!';
const MINUTE = 60_000;

class RecordingMail implements AccountMail {
  sent: { template: AccountTemplate; key: string; to: string; link: string; expiresAt: Date }[] = [];
  async send(
    template: AccountTemplate,
    key: string,
    to: { name: string; email: string },
    vars: { link: string; expiresAt: Date },
  ) {
    this.sent.push({ template, key, to: to.email, ...vars });
  }
  tokenOf(i = this.sent.length - 1): string {
    return this.sent[i].link.split('/').pop()!;
  }
}

describe('AccountsService', () => {
  let principals: FakePrincipalRepository;
  let accounts: FakeAccountRepository;
  let mail: RecordingMail;
  let now: Date;
  let service: AccountsService;
  let events: AccountEvent[];
  const note = (e: AccountEvent) => events.push(e);
  const client = { ip: '10.0.0.1', userAgent: 'jest' };

  beforeEach(() => {
    principals = new FakePrincipalRepository();
    accounts = new FakeAccountRepository(principals);
    mail = new RecordingMail();
    now = new Date('2026-12-01T01:00:00Z');
    events = [];
    service = new AccountsService(
      { PUBLIC_BASE_URL: BASE, SESSION_IDLE_MINUTES: 30, SESSION_MAX_HOURS: 12 } as UpliftConfig,
      accounts,
      principals,
      new FakeCertificationBodyRepository([
        { id: BODY, code: 'CNCA-R-2002-001', name: '浙江某认证有限公司' },
      ]),
      mail,
      () => now,
    );
  });

  const later = (ms: number) => (now = new Date(now.getTime() + ms));

  async function newPrincipal(email = 'auditor@zjcert.example') {
    return principals.create({
      role: 'certification_body',
      name: '王审核员',
      email,
      regionCode: null,
      certificationBodyId: BODY,
      keyPrefix: 'upl_00000000',
      keyHash: `hash-${email}`,
    });
  }

  /** A principal invited, its password set. */
  async function person(email?: string) {
    const p = await newPrincipal(email);
    await service.invite(p.id);
    await service.acceptInvitation(mail.tokenOf(), PASSWORD);
    return p;
  }

  describe('invitations', () => {
    it('emails a link to the console page, valid 72 hours, and keeps only the hash of its token', async () => {
      const p = await newPrincipal();
      const { expiresAt } = await service.invite(p.id);
      expect(mail.sent).toHaveLength(1);
      const [sent] = mail.sent;
      expect(sent).toMatchObject({ template: 'invitation', to: p.email, expiresAt });
      expect(sent.link).toMatch(new RegExp(`^${BASE}/console/invitation/[A-Za-z0-9_-]{43}$`));
      expect(expiresAt.getTime() - now.getTime()).toBe(72 * 60 * MINUTE);
      const token = mail.tokenOf();
      expect(accounts.tokens).toEqual([expect.objectContaining({ tokenHash: sha256(token) })]);
      expect(JSON.stringify(accounts.tokens)).not.toContain(token);
      expect(await service.usableToken('invitation', token)).toMatchObject({ principalId: p.id });
    });

    it('lets a new invitation replace the earlier unused one', async () => {
      const p = await newPrincipal();
      await service.invite(p.id);
      const first = mail.tokenOf();
      await service.invite(p.id);
      await expect(service.usableToken('invitation', first)).rejects.toMatchObject({ status: 404 });
      await expect(service.usableToken('invitation', mail.tokenOf())).resolves.toBeDefined();
    });

    it('refuses an unknown or revoked principal, and a second holder of the same email', async () => {
      await expect(service.invite('00000000-0000-4000-a000-000000000099')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      const revoked = await newPrincipal('gone@zjcert.example');
      await principals.revoke(revoked.id);
      await expect(service.invite(revoked.id)).rejects.toBeInstanceOf(ConflictError);
      await person('shared@zjcert.example');
      const twin = await newPrincipal('SHARED@zjcert.example');
      await expect(service.invite(twin.id)).rejects.toBeInstanceOf(ConflictError);
      expect(mail.sent.map((m) => m.to)).toEqual(['shared@zjcert.example']);
    });

    it.each([
      ['shorter than 12 characters', 'Short-pw-1!'],
      ['longer than 128 characters', 'x'.repeat(129)],
      ['a common password', 'qwerty123456'],
      ['a common password in other capitals', 'QwErTy123456'],
      ['the email address’s name with more', 'auditor-2026-zjcert'],
    ])('refuses a password %s, naming the field, and keeps the link', async (_what, password) => {
      const p = await newPrincipal();
      await service.invite(p.id);
      const attempt = service.acceptInvitation(mail.tokenOf(), password);
      await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
      await expect(attempt).rejects.toMatchObject({ details: [{ field: 'password' }] });
      expect(accounts.credentials).toEqual([]);
      await expect(service.usableToken('invitation', mail.tokenOf())).resolves.toBeDefined();
    });

    it('sets an argon2id hash once; the link is used up and signs nobody in', async () => {
      const p = await newPrincipal();
      await service.invite(p.id);
      const token = mail.tokenOf();
      expect((await service.acceptInvitation(token, PASSWORD)).id).toBe(p.id);
      expect(accounts.credentials[0].passwordHash).toMatch(/^\$argon2id\$/);
      expect(accounts.credentials[0].passwordHash).not.toContain(PASSWORD);
      expect(accounts.sessions).toEqual([]);
      await expect(service.acceptInvitation(token, `${PASSWORD}x`)).rejects.toMatchObject({ status: 404 });
    });

    it('answers 410 for an expired link', async () => {
      const p = await newPrincipal();
      await service.invite(p.id);
      later(72 * 60 * MINUTE);
      const attempt = service.acceptInvitation(mail.tokenOf(), PASSWORD);
      await expect(attempt).rejects.toBeInstanceOf(HttpException);
      await expect(attempt).rejects.toMatchObject({ status: 410 });
      expect(accounts.credentials).toEqual([]);
    });
  });

  describe('sign-in', () => {
    it('opens a session, storing only the hash of its secret', async () => {
      const p = await person();
      const session = await service.signIn('Auditor@ZJCERT.example', PASSWORD, client, note);
      expect(session.principal.id).toBe(p.id);
      expect(session.expiresAt.getTime() - now.getTime()).toBe(12 * 60 * MINUTE);
      expect(accounts.sessions).toEqual([
        expect.objectContaining({ tokenHash: sha256(session.token), principalId: p.id, ip: '10.0.0.1' }),
      ]);
      expect(events).toEqual([
        { action: 'sign_in', principalId: p.id, details: { email: 'Auditor@ZJCERT.example' } },
      ]);
      expect(await service.certificationBodyName(p)).toBe('浙江某认证有限公司');
    });

    it('refuses a wrong password and an unknown email with the same error', async () => {
      await person();
      const wrong = await service
        .signIn('auditor@zjcert.example', 'not-the-password', client, note)
        .catch((e) => e);
      const unknown = await service
        .signIn('nobody@zjcert.example', 'not-the-password', client, note)
        .catch((e) => e);
      for (const err of [wrong, unknown]) {
        expect(err).toBeInstanceOf(SignInRefused);
        expect({ status: err.getStatus(), message: err.message }).toEqual({
          status: 401,
          message: SIGN_IN_FAILED,
        });
      }
      expect(events.map((e) => e.action)).toEqual(['sign_in_failed', 'sign_in_failed']);
      expect(JSON.stringify(events)).not.toContain('not-the-password');
    });

    it('locks the account for 15 minutes at the 10th failure in a row, then counts again', async () => {
      const p = await person();
      const attempt = (password: string) =>
        service.signIn(p.email, password, client, note).then(
          () => 200,
          (e: SignInRefused) => ({
            status: e.getStatus(),
            retryAfter: e.retryAfterSeconds,
            message: e.message,
          }),
        );
      for (let i = 0; i < 9; i++) expect(await attempt('wrong-password')).toMatchObject({ status: 401 });
      const tenth = await attempt('wrong-password');
      expect(tenth).toEqual({ status: 429, retryAfter: 900, message: expect.stringContaining('15 分钟') });
      expect(events.at(-1)).toMatchObject({ action: 'account_locked', principalId: p.id });
      later(5 * MINUTE);
      expect(await attempt(PASSWORD)).toEqual({
        status: 429,
        retryAfter: 600,
        message: expect.stringContaining('10 分钟'),
      });
      later(10 * MINUTE);
      expect(await attempt('wrong-password')).toMatchObject({ status: 401 });
      expect(accounts.credentials[0].failedAttempts).toBe(1);
      expect(await attempt(PASSWORD)).toBe(200);
      expect(accounts.credentials[0]).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    });

    it('counts only failures in a row: a success starts again from zero', async () => {
      const p = await person();
      for (let i = 0; i < 9; i++)
        await service.signIn(p.email, 'wrong-password', client, note).catch(() => undefined);
      await service.signIn(p.email, PASSWORD, client, note);
      await expect(service.signIn(p.email, 'wrong-password', client, note)).rejects.toMatchObject({
        status: 401,
      });
    });
  });

  describe('sessions', () => {
    it('end after the idle timeout, and slide while in use, writing at most once a minute', async () => {
      await person();
      const { token } = await service.signIn('auditor@zjcert.example', PASSWORD, client, note);
      for (let i = 0; i < 6; i++) {
        later(20 * 1000);
        expect(await service.authenticateSession(token)).not.toBeNull();
      }
      // Two minutes of requests every 20 s: the last request was noted twice, not six times.
      expect(accounts.touches).toBe(2);
      later(29 * MINUTE);
      expect(await service.authenticateSession(token)).not.toBeNull();
      later(30 * MINUTE);
      expect(await service.authenticateSession(token)).toBeNull();
      expect(accounts.sessions).toEqual([]);
    });

    it('end 12 hours after sign-in, however busy', async () => {
      await person();
      const { token } = await service.signIn('auditor@zjcert.example', PASSWORD, client, note);
      for (let i = 0; i < 12 * 4 - 1; i++) {
        later(15 * MINUTE);
        expect(await service.authenticateSession(token)).not.toBeNull();
      }
      later(15 * MINUTE);
      expect(await service.authenticateSession(token)).toBeNull();
    });

    it('never authenticate a revoked principal, and end at sign-out', async () => {
      const p = await person();
      const first = await service.signIn(p.email, PASSWORD, client, note);
      const second = await service.signIn(p.email, PASSWORD, client, note);
      await service.signOut(first.sessionId);
      expect(await service.authenticateSession(first.token)).toBeNull();
      expect(await service.authenticateSession(second.token)).toMatchObject({ sessionId: second.sessionId });
      await principals.revoke(p.id);
      expect(await service.authenticateSession(second.token)).toBeNull();
      expect(await service.authenticateSession('not-a-session')).toBeNull();
    });
  });

  describe('password resets', () => {
    it('sends nothing for an unknown email', async () => {
      expect(await service.requestReset('nobody@zjcert.example')).toBeNull();
      expect(mail.sent).toEqual([]);
    });

    it('emails a 1-hour link; the new password ends every session and the old one stops working', async () => {
      const p = await person();
      const session = await service.signIn(p.email, PASSWORD, client, note);
      const requested = await service.requestReset(p.email);
      expect(requested?.principal.id).toBe(p.id);
      await requested?.delivery;
      const sent = mail.sent.at(-1)!;
      expect(sent).toMatchObject({ template: 'password_reset', to: p.email });
      expect(sent.link).toMatch(new RegExp(`^${BASE}/console/password-reset/[A-Za-z0-9_-]{43}$`));
      expect(sent.expiresAt.getTime() - now.getTime()).toBe(60 * MINUTE);
      await service.resetPassword(mail.tokenOf(), 'Hangzhou-quality-2027?');
      expect(await service.authenticateSession(session.token)).toBeNull();
      await expect(service.signIn(p.email, PASSWORD, client, note)).rejects.toMatchObject({ status: 401 });
      await expect(service.signIn(p.email, 'Hangzhou-quality-2027?', client, note)).resolves.toBeDefined();
      await expect(service.resetPassword(mail.tokenOf(), 'Hangzhou-quality-2028?')).rejects.toMatchObject({
        status: 404,
      });
    });

    it('answers 410 for a link older than an hour', async () => {
      const p = await person();
      await (
        await service.requestReset(p.email)
      )?.delivery;
      later(60 * MINUTE);
      await expect(service.usableToken('password_reset', mail.tokenOf())).rejects.toMatchObject({
        status: 410,
      });
    });
  });
});
