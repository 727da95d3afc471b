import type { MigrationInterface, QueryRunner } from 'typeorm';
import { pendingStep, type JourneyState } from '@uplift/domain';

const BATCH = 1000;

/**
 * What a journey waits for, as the inbox lists it: the pending step (`due_step`), who must act on it
 * (`due_actors`, its STEPS actors) and the reminders sent for it (`reminders_sent`). Existing rows
 * are filled from their stored state by the same `pendingStep` every write uses; a row whose workflow
 * has not reported yet keeps the defaults until its first write.
 *
 * The indexes serve the inbox: a body's journeys waiting for it, and those waiting for a bureau,
 * each in deadline order (the list's `sort=deadline` and its keyset), narrowed to the rows someone
 * must act on. The list's SQL writes the actor as a literal so these partial indexes apply.
 */
export class JourneyDue1764410000000 implements MigrationInterface {
  name = 'JourneyDue1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE journeys
        ADD COLUMN due_step text,
        ADD COLUMN due_actors text[] NOT NULL DEFAULT '{}',
        ADD COLUMN reminders_sent integer NOT NULL DEFAULT 0`);
    for (let after = ''; ;) {
      const rows = (await q.query(
        `SELECT id, state FROM journeys WHERE id > $1 AND state IS NOT NULL ORDER BY id LIMIT $2`,
        [after, BATCH],
      )) as { id: string; state: JourneyState }[];
      if (rows.length === 0) break;
      const values = rows.map(({ id, state }) => {
        const pending = pendingStep({ ...state, evaluations: state.evaluations ?? [] });
        return {
          id,
          due_step: pending?.step ?? null,
          due_actors: pending?.actors ?? [],
          reminders_sent: state.remindersSent ?? 0,
        };
      });
      await q.query(
        `UPDATE journeys AS j
            SET due_step = s.due_step, due_actors = s.due_actors, reminders_sent = s.reminders_sent
           FROM jsonb_to_recordset($1::jsonb) AS s(id text, due_step text, due_actors text[], reminders_sent integer)
          WHERE j.id = s.id`,
        [JSON.stringify(values)],
      );
      after = rows[rows.length - 1].id;
    }
    await q.query(
      `CREATE INDEX journeys_body_due ON journeys (certification_body_id, deadline, id)
        WHERE 'certification_body' = ANY(due_actors)`,
    );
    await q.query(
      `CREATE INDEX journeys_regulator_due ON journeys (deadline, id) WHERE 'regulator' = ANY(due_actors)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX journeys_regulator_due`);
    await q.query(`DROP INDEX journeys_body_due`);
    await q.query(
      `ALTER TABLE journeys DROP COLUMN due_step, DROP COLUMN due_actors, DROP COLUMN reminders_sent`,
    );
  }
}
