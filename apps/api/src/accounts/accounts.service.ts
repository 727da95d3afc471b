import { HttpException, Inject, Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { ConflictError, consolePages, InvalidInputError, NotFoundError } from '@uplift/domain';
import {
  ACCOUNT_REPOSITORY,
  CERTIFICATION_BODY_REPOSITORY,
  PRINCIPAL_REPOSITORY,
  type AccountRepository,
  type AccountTokenKind,
  type CertificationBodyRepository,
  type PrincipalEntity,
  type PrincipalRepository,
} from '@uplift/persistence';
import { createHash, randomBytes } from 'node:crypto';
import type { SessionLookup } from '../common/principal-lookup';
import { ACCOUNT_MAIL, type AccountMail } from './account-mail';
import { hashPassword, passwordProblems, verifyNothing, verifyPassword } from './passwords';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** An invitation's link works this long; a password reset's, RESET_VALID_MS. */
export const INVITATION_VALID_MS = 72 * HOUR;
export const RESET_VALID_MS = 1 * HOUR;
/** Consecutive failed sign-ins that lock an account, and for how long. */
export const MAX_FAILED_SIGN_INS = 10;
export const LOCK_MS = 15 * MINUTE;
/** A session's last request is written at most this often (and at most a quarter of its idle time). */
const TOUCH_EVERY_MS = MINUTE;

/** The clock the service reads (tests pass their own). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;

/** The same answer for an unknown email and a wrong password. */
export const SIGN_IN_FAILED = '邮箱或密码不正确 (wrong email or password)';

/** A sign-in refused: 401 for wrong credentials, 429 (with Retry-After) for a locked account. */
export class SignInRefused extends HttpException {
  constructor(
    message: string,
    status: 401 | 429,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, status);
  }
}

export function lockedMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `账户已锁定，请 ${minutes} 分钟后再试 (account locked after too many failed sign-ins; try again in ${minutes} minutes)`;
}

/** A one-time link that cannot be used: 404 unknown or used, 410 expired. */
function tokenProblem(kind: AccountTokenKind, problem: 'unknown' | 'expired'): HttpException {
  const what = kind === 'invitation' ? '邀请链接' : '重置密码链接';
  const whatEn = kind === 'invitation' ? 'invitation link' : 'password reset link';
  if (problem === 'expired')
    return new HttpException(
      kind === 'invitation'
        ? `${what}已过期，请联系管理员重新发送 (this ${whatEn} has expired; ask an administrator to send a new one)`
        : `${what}已过期，请重新申请 (this ${whatEn} has expired; ask for a new one)`,
      410,
    );
  return new NotFoundException(`${what}无效或已使用 (this ${whatEn} is unknown or has already been used)`);
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** 32 random bytes, base64url: the secret of a session, an invitation or a reset. */
const newSecret = () => randomBytes(32).toString('base64url');

/** What the audit log should say about an account call, noted by the controller on the request. */
export interface AccountEvent {
  action:
    | 'sign_in'
    | 'sign_in_failed'
    | 'account_locked'
    | 'invitation_sent'
    | 'password_set'
    | 'password_reset_requested'
    | 'password_reset';
  principalId?: string;
  details?: Record<string, unknown>;
}

/**
 * People's accounts: invitations and password resets by emailed one-time links, passwords
 * (argon2id), sign-in with lockout, and server-side sessions, which authenticate the console's
 * cookie for the guard (SESSION_LOOKUP). Secrets are stored as their SHA-256 only.
 */
@Injectable()
export class AccountsService implements SessionLookup {
  private readonly logger = new Logger('Accounts');
  private readonly now: Clock;

  constructor(
    @Inject(CONFIG) private readonly config: UpliftConfig,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    @Inject(PRINCIPAL_REPOSITORY) private readonly principals: PrincipalRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
    @Inject(ACCOUNT_MAIL) private readonly mail: AccountMail,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.now = clock ?? (() => new Date());
  }

  get idleMs(): number {
    return this.config.SESSION_IDLE_MINUTES * MINUTE;
  }

  get maxMs(): number {
    return this.config.SESSION_MAX_HOURS * HOUR;
  }

  /** The name of a certification body principal's body, for the console's header. */
  async certificationBodyName(p: PrincipalEntity): Promise<string | null> {
    if (!p.certificationBodyId) return null;
    const [body] = await this.bodies.findMany([p.certificationBodyId]);
    return body?.name ?? null;
  }

  /** The person's choice of digests or immediate emails; null follows each round. */
  async setNotificationMode(
    p: PrincipalEntity,
    mode: PrincipalEntity['notificationMode'],
  ): Promise<PrincipalEntity> {
    const after = await this.principals.setNotificationMode(p.id, mode);
    if (!after) throw new NotFoundError('principal');
    return after;
  }

  // ---- invitations -------------------------------------------------------------------------

  /** Emails the principal a one-time link to set a password; earlier unused invitations stop working. */
  async invite(principalId: string): Promise<{ principal: PrincipalEntity; expiresAt: Date }> {
    const principal = await this.principals.find(principalId);
    if (!principal) throw new NotFoundError('principal');
    if (principal.revokedAt) throw new ConflictError('this principal is revoked; it cannot be invited');
    const other = await this.accounts.otherPasswordHolder(principal.email, principal.id);
    if (other)
      throw new ConflictError(
        `another active principal (${other.id}) already signs in with ${principal.email}; revoke it first or use another address`,
      );
    const token = newSecret();
    const expiresAt = new Date(this.now().getTime() + INVITATION_VALID_MS);
    const tokenHash = sha256(token);
    await this.accounts.issueToken('invitation', principal.id, tokenHash, expiresAt);
    await this.mail.send('invitation', `invitation:${tokenHash}`, principal, {
      link: `${this.config.PUBLIC_BASE_URL}${consolePages.invitation(token)}`,
      expiresAt,
    });
    this.logger.log(`invitation sent to principal ${principal.id}`);
    return { principal, expiresAt };
  }

  /** A usable token of this kind and its principal; 404 unknown, used or revoked, 410 expired. */
  async usableToken(kind: AccountTokenKind, token: string) {
    const found = token.length <= 100 ? await this.accounts.findToken(kind, sha256(token)) : null;
    if (!found || found.usedAt || found.principal.revokedAt) throw tokenProblem(kind, 'unknown');
    if (found.expiresAt.getTime() <= this.now().getTime()) throw tokenProblem(kind, 'expired');
    return found;
  }

  /** Sets the password of the invitation's principal and uses the invitation up; does not sign in. */
  async acceptInvitation(token: string, password: string): Promise<PrincipalEntity> {
    return this.setPasswordWith('invitation', token, password);
  }

  // ---- password resets ---------------------------------------------------------------------

  /**
   * Emails a reset link to the active principal that signs in with this email, if there is one;
   * the caller is told the same either way. The principal, when found (for the audit log), and
   * the delivery, which the route does not wait for: an answer that took an email's time would
   * tell which addresses have an account.
   */
  async requestReset(email: string): Promise<{ principal: PrincipalEntity; delivery: Promise<void> } | null> {
    const account = await this.accounts.signInAccount(email);
    if (!account) return null;
    const { principal } = account;
    const delivery = (async () => {
      const token = newSecret();
      const expiresAt = new Date(this.now().getTime() + RESET_VALID_MS);
      const tokenHash = sha256(token);
      await this.accounts.issueToken('password_reset', principal.id, tokenHash, expiresAt);
      await this.mail.send('password_reset', `password-reset:${tokenHash}`, principal, {
        link: `${this.config.PUBLIC_BASE_URL}${consolePages.passwordReset(token)}`,
        expiresAt,
      });
    })();
    delivery.catch((err: Error) =>
      this.logger.error(`password reset email to principal ${principal.id} failed: ${err.message}`),
    );
    return { principal, delivery };
  }

  /** Sets a new password through a reset link and ends every session of the principal. */
  async resetPassword(token: string, password: string): Promise<PrincipalEntity> {
    const principal = await this.setPasswordWith('password_reset', token, password);
    const ended = await this.accounts.deleteSessionsOf(principal.id);
    this.logger.log(`password of principal ${principal.id} reset; ${ended} session(s) ended`);
    return principal;
  }

  private async setPasswordWith(
    kind: AccountTokenKind,
    token: string,
    password: string,
  ): Promise<PrincipalEntity> {
    const found = await this.usableToken(kind, token);
    const problems = passwordProblems(password, found.principal.email);
    if (problems.length > 0) throw new InvalidInputError(problems, 'invalid body');
    const passwordHash = await hashPassword(password);
    // Used up first: of two requests with the same link, one sets the password.
    if (!(await this.accounts.useToken(found.id, this.now()))) throw tokenProblem(kind, 'unknown');
    await this.accounts.setPassword(found.principal.id, passwordHash);
    return found.principal;
  }

  // ---- sign-in and sessions ----------------------------------------------------------------

  /**
   * Checks an email and password and opens a session. `note` receives what the audit log should
   * say, success or not. A wrong password and an unknown email are refused alike, after the same work.
   */
  async signIn(
    email: string,
    password: string,
    client: { ip: string | null; userAgent: string | null },
    note: (event: AccountEvent) => void,
  ): Promise<{ principal: PrincipalEntity; token: string; sessionId: string; expiresAt: Date }> {
    const given = email.slice(0, 254);
    const account = await this.accounts.signInAccount(email);
    if (!account) {
      await verifyNothing(password);
      note({ action: 'sign_in_failed', details: { email: given } });
      throw new SignInRefused(SIGN_IN_FAILED, 401);
    }
    const { principal, credential } = account;
    const now = this.now();
    if (credential.lockedUntil && credential.lockedUntil.getTime() > now.getTime()) {
      const seconds = Math.ceil((credential.lockedUntil.getTime() - now.getTime()) / 1000);
      note({
        action: 'sign_in_failed',
        principalId: principal.id,
        details: { email: given, locked: true },
      });
      throw new SignInRefused(lockedMessage(seconds), 429, seconds);
    }
    if (!(await verifyPassword(credential.passwordHash, password))) {
      const failure = await this.accounts.recordFailure(principal.id, MAX_FAILED_SIGN_INS, LOCK_MS, now);
      if (failure.lockedUntil) {
        const seconds = Math.ceil((failure.lockedUntil.getTime() - now.getTime()) / 1000);
        note({
          action: 'account_locked',
          principalId: principal.id,
          details: { email: given, failedAttempts: failure.failedAttempts, lockedUntil: failure.lockedUntil },
        });
        this.logger.warn(`principal ${principal.id} locked after ${failure.failedAttempts} failed sign-ins`);
        throw new SignInRefused(lockedMessage(seconds), 429, seconds);
      }
      note({
        action: 'sign_in_failed',
        principalId: principal.id,
        details: { email: given, failedAttempts: failure.failedAttempts },
      });
      throw new SignInRefused(SIGN_IN_FAILED, 401);
    }
    await this.accounts.recordSuccess(principal.id);
    // Sessions past their time are deleted now and then: at each sign-in.
    await this.accounts.purgeSessions(now, this.idleMs);
    const token = newSecret();
    const expiresAt = new Date(now.getTime() + this.maxMs);
    const sessionId = await this.accounts.createSession({
      tokenHash: sha256(token),
      principalId: principal.id,
      at: now,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
    note({ action: 'sign_in', principalId: principal.id, details: { email: given } });
    return { principal, token, sessionId, expiresAt };
  }

  /** SESSION_LOOKUP: the session of a cookie's secret, unless ended, idle too long, expired or revoked. */
  async authenticateSession(
    token: string,
  ): Promise<{ principal: PrincipalEntity; sessionId: string } | null> {
    if (token.length > 100) return null;
    const session = await this.accounts.sessionByHash(sha256(token));
    if (!session) return null;
    const now = this.now().getTime();
    const idle = now - session.lastSeenAt.getTime();
    if (session.expiresAt.getTime() <= now || idle >= this.idleMs) {
      await this.accounts.deleteSession(session.id);
      return null;
    }
    // Sliding: the idle timeout starts again, written at most once a minute (or a quarter of it).
    if (idle >= Math.min(TOUCH_EVERY_MS, this.idleMs / 4))
      await this.accounts.touchSession(session.id, new Date(now));
    return { principal: session.principal, sessionId: session.id };
  }

  async signOut(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.accounts.deleteSession(sessionId);
  }
}
