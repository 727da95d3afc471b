import type { DataSource } from 'typeorm';
import { PrincipalEntity } from '../entities/principal.entity';

/** A person's password, as stored: its argon2id hash, never the password. */
export interface Credential {
  principalId: string;
  passwordHash: string;
  passwordSetAt: Date;
  /** Consecutive failed sign-ins since the last success (or since the last lock ended). */
  failedAttempts: number;
  lockedUntil: Date | null;
}

export type AccountTokenKind = 'invitation' | 'password_reset';

/** A one-time token (an invitation or a password reset), found by the hash of its secret. */
export interface AccountToken {
  id: string;
  kind: AccountTokenKind;
  principalId: string;
  expiresAt: Date;
  usedAt: Date | null;
  principal: PrincipalEntity;
}

/** A console session, found by the hash of its cookie's secret, with its principal. */
export interface SessionRecord {
  id: string;
  principal: PrincipalEntity;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface NewSession {
  tokenHash: string;
  principalId: string;
  /** When it starts (its first request). */
  at: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/**
 * People's accounts: passwords and lockout (`credentials`), one-time tokens (`account_tokens`) and
 * sessions (`sessions`). Secrets are looked up by their SHA-256 only.
 */
export interface AccountRepository {
  credentialOf(principalId: string): Promise<Credential | null>;
  /**
   * The principal who signs in with this email (compared case-insensitively): active, with a
   * password; when several are, the one whose password was set last.
   */
  signInAccount(email: string): Promise<{ principal: PrincipalEntity; credential: Credential } | null>;
  /** Another active principal with this email that already has a password, if any. */
  otherPasswordHolder(email: string, principalId: string): Promise<PrincipalEntity | null>;
  /** Sets the password; failures and any lock are cleared. */
  setPassword(principalId: string, passwordHash: string): Promise<void>;
  /**
   * Counts one more consecutive failure (starting again from 1 when a lock has ended) and locks the
   * account for `lockMs` from `now` when the count reaches `maxFailures`. The count and lock as they
   * are afterwards.
   */
  recordFailure(
    principalId: string,
    maxFailures: number,
    lockMs: number,
    now: Date,
  ): Promise<{ failedAttempts: number; lockedUntil: Date | null }>;
  recordSuccess(principalId: string): Promise<void>;

  /** Stores a token's hash; the principal's earlier unused tokens of the same kind stop working. */
  issueToken(kind: AccountTokenKind, principalId: string, tokenHash: string, expiresAt: Date): Promise<void>;
  findToken(kind: AccountTokenKind, tokenHash: string): Promise<AccountToken | null>;
  /** Marks the token used unless it is used or expired (at `now`) already; false when it was. */
  useToken(id: string, now: Date): Promise<boolean>;

  createSession(session: NewSession): Promise<string>;
  /** The session with this hash, with its principal, unless the principal is revoked. */
  sessionByHash(tokenHash: string): Promise<SessionRecord | null>;
  /** Notes a request on the session at `at` (its idle timeout starts again). */
  touchSession(id: string, at: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Ends every session of the principal (password reset; revocation does it in the same statement). */
  deleteSessionsOf(principalId: string): Promise<number>;
  /** Deletes sessions past their absolute expiry, or idle for `idleMs` or longer, at `now`. */
  purgeSessions(now: Date, idleMs: number): Promise<number>;
}

interface CredentialRow {
  principal_id: string;
  password_hash: string;
  password_set_at: Date;
  failed_attempts: number;
  locked_until: Date | null;
}

const credentialOf = (r: CredentialRow): Credential => ({
  principalId: r.principal_id,
  passwordHash: r.password_hash,
  passwordSetAt: r.password_set_at,
  failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until,
});

/** The principal's columns, prefixed `p_`, for a join whose row also holds another table's. */
const PRINCIPAL_COLUMNS = `p.id AS p_id, p.role AS p_role, p.name AS p_name, p.email AS p_email,
  p.region_code AS p_region_code, p.certification_body_id AS p_certification_body_id,
  p.key_prefix AS p_key_prefix, p.key_hash AS p_key_hash, p.is_bootstrap AS p_is_bootstrap,
  p.bootstrap_source_hash AS p_bootstrap_source_hash, p.revoked_at AS p_revoked_at,
  p.created_at AS p_created_at`;

function principalOf(r: Record<string, unknown>): PrincipalEntity {
  return Object.assign(new PrincipalEntity(), {
    id: r.p_id as string,
    role: r.p_role as PrincipalEntity['role'],
    name: r.p_name as string,
    email: r.p_email as string,
    regionCode: r.p_region_code as string | null,
    certificationBodyId: r.p_certification_body_id as string | null,
    keyPrefix: r.p_key_prefix as string,
    keyHash: r.p_key_hash as string,
    isBootstrap: r.p_is_bootstrap as boolean,
    bootstrapSourceHash: r.p_bootstrap_source_hash as string | null,
    revokedAt: r.p_revoked_at as Date | null,
    createdAt: r.p_created_at as Date,
  });
}

export class SqlAccountRepository implements AccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params) as Promise<T[]>;
  }

  /** The rows an UPDATE or DELETE ... RETURNING gave (TypeORM answers those as `[rows, count]`). */
  private async changed<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = (await this.dataSource.query(sql, params)) as unknown;
    return (
      Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) ? result[0] : result
    ) as T[];
  }

  async credentialOf(principalId: string): Promise<Credential | null> {
    const [row] = await this.query<CredentialRow>(`SELECT * FROM credentials WHERE principal_id = $1`, [
      principalId,
    ]);
    return row ? credentialOf(row) : null;
  }

  async signInAccount(email: string) {
    const [row] = await this.query<CredentialRow & Record<string, unknown>>(
      `SELECT c.*, ${PRINCIPAL_COLUMNS}
         FROM credentials c JOIN principals p ON p.id = c.principal_id
        WHERE lower(p.email) = lower($1) AND p.revoked_at IS NULL
        ORDER BY c.password_set_at DESC, p.id LIMIT 1`,
      [email],
    );
    return row ? { principal: principalOf(row), credential: credentialOf(row) } : null;
  }

  async otherPasswordHolder(email: string, principalId: string): Promise<PrincipalEntity | null> {
    const [row] = await this.query<Record<string, unknown>>(
      `SELECT ${PRINCIPAL_COLUMNS}
         FROM credentials c JOIN principals p ON p.id = c.principal_id
        WHERE lower(p.email) = lower($1) AND p.revoked_at IS NULL AND p.id <> $2 LIMIT 1`,
      [email, principalId],
    );
    return row ? principalOf(row) : null;
  }

  async setPassword(principalId: string, passwordHash: string): Promise<void> {
    await this.query(
      `INSERT INTO credentials (principal_id, password_hash) VALUES ($1, $2)
       ON CONFLICT (principal_id) DO UPDATE
         SET password_hash = EXCLUDED.password_hash, password_set_at = now(), failed_attempts = 0, locked_until = NULL`,
      [principalId, passwordHash],
    );
  }

  async recordFailure(principalId: string, maxFailures: number, lockMs: number, now: Date) {
    const [row] = await this.changed<{ failed_attempts: number; locked_until: Date | null }>(
      `WITH next AS (
         SELECT principal_id,
                CASE WHEN locked_until IS NOT NULL AND locked_until <= $4 THEN 1 ELSE failed_attempts + 1 END AS n
           FROM credentials WHERE principal_id = $1 FOR UPDATE)
       UPDATE credentials c
          SET failed_attempts = next.n,
              locked_until = CASE WHEN next.n >= $2 THEN $4::timestamptz + $3 * interval '1 millisecond' ELSE NULL END
         FROM next WHERE c.principal_id = next.principal_id
       RETURNING c.failed_attempts, c.locked_until`,
      [principalId, maxFailures, lockMs, now],
    );
    return { failedAttempts: row?.failed_attempts ?? 0, lockedUntil: row?.locked_until ?? null };
  }

  async recordSuccess(principalId: string): Promise<void> {
    await this.query(
      `UPDATE credentials SET failed_attempts = 0, locked_until = NULL
        WHERE principal_id = $1 AND (failed_attempts <> 0 OR locked_until IS NOT NULL)`,
      [principalId],
    );
  }

  async issueToken(kind: AccountTokenKind, principalId: string, tokenHash: string, expiresAt: Date) {
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM account_tokens WHERE principal_id = $1 AND kind = $2 AND used_at IS NULL`, [
        principalId,
        kind,
      ]);
      await m.query(
        `INSERT INTO account_tokens (kind, token_hash, principal_id, expires_at) VALUES ($1, $2, $3, $4)`,
        [kind, tokenHash, principalId, expiresAt],
      );
    });
  }

  async findToken(kind: AccountTokenKind, tokenHash: string): Promise<AccountToken | null> {
    const [row] = await this.query<Record<string, unknown>>(
      `SELECT t.id, t.kind, t.principal_id, t.expires_at, t.used_at, ${PRINCIPAL_COLUMNS}
         FROM account_tokens t JOIN principals p ON p.id = t.principal_id
        WHERE t.kind = $1 AND t.token_hash = $2`,
      [kind, tokenHash],
    );
    if (!row) return null;
    return {
      id: row.id as string,
      kind: row.kind as AccountTokenKind,
      principalId: row.principal_id as string,
      expiresAt: row.expires_at as Date,
      usedAt: row.used_at as Date | null,
      principal: principalOf(row),
    };
  }

  async useToken(id: string, now: Date): Promise<boolean> {
    const rows = await this.changed(
      `UPDATE account_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id`,
      [id, now],
    );
    return rows.length > 0;
  }

  async createSession(s: NewSession): Promise<string> {
    const [row] = await this.query<{ id: string }>(
      `INSERT INTO sessions (token_hash, principal_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id`,
      [s.tokenHash, s.principalId, s.at, s.expiresAt, s.ip, s.userAgent],
    );
    return row.id;
  }

  async sessionByHash(tokenHash: string): Promise<SessionRecord | null> {
    const [row] = await this.query<Record<string, unknown>>(
      `SELECT s.id, s.created_at, s.last_seen_at, s.expires_at, ${PRINCIPAL_COLUMNS}
         FROM sessions s JOIN principals p ON p.id = s.principal_id
        WHERE s.token_hash = $1 AND p.revoked_at IS NULL`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      id: row.id as string,
      principal: principalOf(row),
      createdAt: row.created_at as Date,
      lastSeenAt: row.last_seen_at as Date,
      expiresAt: row.expires_at as Date,
    };
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.query(`UPDATE sessions SET last_seen_at = greatest(last_seen_at, $2) WHERE id = $1`, [id, at]);
  }

  async deleteSession(id: string): Promise<void> {
    await this.query(`DELETE FROM sessions WHERE id = $1`, [id]);
  }

  async deleteSessionsOf(principalId: string): Promise<number> {
    const rows = await this.changed(`DELETE FROM sessions WHERE principal_id = $1 RETURNING id`, [
      principalId,
    ]);
    return rows.length;
  }

  async purgeSessions(now: Date, idleMs: number): Promise<number> {
    const rows = await this.changed(
      `DELETE FROM sessions
        WHERE expires_at <= $1 OR last_seen_at <= $1::timestamptz - $2 * interval '1 millisecond' RETURNING id`,
      [now, idleMs],
    );
    return rows.length;
  }
}
