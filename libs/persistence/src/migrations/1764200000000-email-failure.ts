import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An email the mail server refused for good (a 5xx reply, such as 501 for an address it will not
 * take) is `failed`, with the server's reply, and never retried; before, it was retried forever.
 */
export class EmailFailure1764200000000 implements MigrationInterface {
  name = 'EmailFailure1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails ADD COLUMN failure text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails DROP COLUMN failure`);
  }
}
