import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EvaluationLinkEntity } from '../entities/evaluation-link.entity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type LinkProblem = 'unknown' | 'used' | 'expired';

export interface EvaluationLink {
  id: string;
  journeyId: string;
  evaluation: number;
  expiresAt: Date;
}

/** One-time evaluation links: 256-bit tokens from a secure generator, stored as hashes. */
export class EvaluationLinks {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(EvaluationLinkEntity);
  }

  async issue(journeyId: string, evaluation: number, expiresAt: Date): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.repo.insert({ tokenHash: hashToken(token), journeyId, evaluation, expiresAt });
    return token;
  }

  /** The link a token opens, without using it up (mail scanners open links too). */
  async inspect(token: string): Promise<EvaluationLink | LinkProblem> {
    const row = await this.find(token);
    if (!row) return 'unknown';
    if (row.consumedAt) return 'used';
    if (row.expiresAt.getTime() <= Date.now()) return 'expired';
    return row;
  }

  /**
   * Claims the token for one submission: of two concurrent submissions exactly one gets the link.
   * `release` gives it back when the submission was refused for its content.
   */
  async claim(token: string): Promise<EvaluationLink | LinkProblem> {
    const rows = (await this.dataSource.query(
      `UPDATE evaluation_links SET consumed_at = now()
        WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > now()
        RETURNING id, journey_id AS "journeyId", evaluation, expires_at AS "expiresAt"`,
      [hashToken(token)],
    )) as [EvaluationLink[], number];
    const claimed = rows[0]?.[0];
    if (claimed) return claimed;
    const state = await this.inspect(token);
    return typeof state === 'string' ? state : 'used';
  }

  async release(id: string): Promise<void> {
    await this.repo.update({ id }, { consumedAt: null });
  }

  /** Every other link to the same evaluation dies with the answer. */
  async consumeAll(journeyId: string, evaluation: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE evaluation_links SET consumed_at = now() WHERE journey_id = $1 AND evaluation = $2 AND consumed_at IS NULL`,
      [journeyId, evaluation],
    );
  }

  private async find(token: string): Promise<EvaluationLinkEntity | null> {
    const hash = hashToken(token);
    const row = await this.repo.findOneBy({ tokenHash: hash });
    // The lookup is by hash; the comparison repeats it in constant time so no timing reveals a near miss.
    if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) return null;
    return row;
  }
}
