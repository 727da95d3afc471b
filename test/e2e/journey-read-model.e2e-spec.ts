import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DataSource, EntityManager } from 'typeorm';
import { freePort } from '@uplift/devstack';
import {
  DEFAULT_ROUND_SETTINGS,
  type Enterprise,
  initialJourney,
  journeyId,
  journeyInput,
  type JourneyState,
} from '@uplift/domain';
import { createDataSource, JourneyEntity, runMigrations, SqlJourneyRepository } from '@uplift/persistence';
import { JourneyDue1764410000000 } from '@uplift/persistence/migrations/1764410000000-journey-due';
import { enterprise } from '../support/fixtures';

/** How the entity names a type, as PostgreSQL's `format_type` writes it. */
const PG_TYPE: Record<string, string> = { timestamptz: 'timestamp with time zone', int: 'integer' };

/** Every way the `journeys` table and TypeORM's entity for it disagree: column, type, nullability, key. */
async function drift(db: DataSource | EntityManager, dataSource: DataSource): Promise<string[]> {
  const actual = (await db.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary
                     AND a.attnum = ANY(i.indkey)) AS primary
       FROM pg_attribute a WHERE a.attrelid = 'journeys'::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
  )) as { name: string; type: string; nullable: boolean; primary: boolean }[];
  const byName = new Map(actual.map((c) => [c.name, c]));
  const entity = dataSource.getMetadata(JourneyEntity).columns;
  const differences: string[] = [];
  for (const c of entity) {
    const column = byName.get(c.databaseName);
    byName.delete(c.databaseName);
    if (!column) {
      differences.push(`${c.databaseName}: in the entity, not in the database`);
      continue;
    }
    const type = String(c.type) + (c.isArray ? '[]' : '');
    if ((PG_TYPE[type] ?? type) !== column.type)
      differences.push(`${c.databaseName}: entity ${type}, database ${column.type}`);
    if (c.isNullable !== column.nullable)
      differences.push(`${c.databaseName}: entity nullable ${c.isNullable}, database ${column.nullable}`);
    if (c.isPrimary !== column.primary)
      differences.push(`${c.databaseName}: entity primary ${c.isPrimary}, database ${column.primary}`);
  }
  for (const name of byName.keys()) differences.push(`${name}: in the database, not in the entity`);
  return differences.sort();
}

/**
 * Embedded PostgreSQL alone, as the stack starts it (`npm run build`'s services script: the package
 * is ESM-only and cannot load inside jest). Answers its URL once it takes connections.
 */
async function startPostgres(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const script = join(__dirname, '..', '..', 'dist', 'scripts', 'services.js');
  if (!existsSync(script)) throw new Error('run `npm run build` first');
  const port = await freePort();
  const child = spawn(process.execPath, [script, dir, '--only', 'postgres', '--pg-port', String(port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`postgres exited with ${code}`)));
  });
  return { url: `postgres://uplift:uplift@127.0.0.1:${port}/uplift`, child };
}

/** Thrown to roll a transaction back once its check is done. */
class Rollback extends Error {}

describe('the journeys read model on PostgreSQL', () => {
  let dir: string;
  let pg: { url: string; child: ChildProcess };
  let dataSource: DataSource;
  let repo: SqlJourneyRepository;
  let roundId: string;
  let otherRound: string;
  const bodyId = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'uplift-read-model-'));
    // As root, PostgreSQL runs as the postgres user, which must reach its data folder inside this one.
    chmodSync(dir, 0o755);
    pg = await startPostgres(dir);
    dataSource = await createDataSource(pg.url, 4).initialize();
    await runMigrations(dataSource);
    repo = new SqlJourneyRepository(dataSource);
    const [admin] = (await dataSource.query(
      `INSERT INTO principals (role, name, email, key_prefix, key_hash) VALUES ('admin', 'a', 'a@x.cn', 'p', 'h')
       RETURNING id`,
    )) as { id: string }[];
    await dataSource.query(
      `INSERT INTO certification_bodies (id, code, name, email) VALUES ($1, 'CNCA-R-1', 'B', 'b@x.cn')`,
      [bodyId],
    );
    const round = async (region: string) =>
      (
        (await dataSource.query(
          `INSERT INTO rounds (name, region_code, settings, created_by) VALUES ('r', $1, $2, $3) RETURNING id`,
          [region, DEFAULT_ROUND_SETTINGS, admin.id],
        )) as { id: string }[]
      )[0].id;
    roundId = await round('330000');
    otherRound = await round('320000');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (pg) {
      const exited = new Promise((resolve) => pg.child.once('exit', resolve));
      pg.child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the entity', () => {
    it('matches the table the migrations made: every column, its type, nullability and key', async () => {
      expect(await drift(dataSource, dataSource)).toEqual([]);
    });

    it('is told apart from a table that drifted', async () => {
      const seen = await dataSource
        .transaction(async (tx) => {
          await tx.query(`ALTER TABLE journeys ADD COLUMN surprise text`);
          await tx.query(`ALTER TABLE journeys ALTER COLUMN evaluations_answered TYPE bigint`);
          await tx.query(`ALTER TABLE journeys ALTER COLUMN uscc DROP NOT NULL`);
          await tx.query(`ALTER TABLE journeys DROP COLUMN latest_sales`);
          throw new Rollback(JSON.stringify(await drift(tx, dataSource)));
        })
        .catch((err: Error) => JSON.parse(err.message) as string[]);
      expect(seen).toEqual([
        'evaluations_answered: entity integer, database bigint',
        'latest_sales: in the entity, not in the database',
        'surprise: in the database, not in the entity',
        'uscc: entity nullable false, database true',
      ]);
      expect(await drift(dataSource, dataSource)).toEqual([]);
    });
  });

  describe('the repository', () => {
    const a = enterprise('330106', 1, { industryCode: 'C3511' }) as Enterprise;
    const b = enterprise('330206', 2, { industryCode: '5123' }) as Enterprise;
    const c = enterprise('320102', 3) as Enterprise;
    const idOf = (e: Enterprise, round = roundId) => journeyId(round, e.uscc);
    const stateOf = (e: Enterprise, startedAt = new Date('2026-11-01T00:00:00Z')): JourneyState =>
      initialJourney(
        journeyInput({ id: idOf(e), roundId, enterprise: e }, DEFAULT_ROUND_SETTINGS, startedAt),
        startedAt,
      );

    it('stores an import once per enterprise and round, only while the round is open', async () => {
      const stored = await repo.whileRoundOpen(roundId, (tx) =>
        tx.insertNew([a, b, a].map((e) => ({ id: idOf(e), roundId, enterprise: e }))),
      );
      expect(stored).toBe(2);
      await repo.whileRoundOpen(otherRound, (tx) =>
        tx.insertNew([{ id: idOf(c, otherRound), roundId: otherRound, enterprise: c }]),
      );
      const row = await repo.find(idOf(b));
      expect(row).toMatchObject({
        roundId,
        uscc: b.uscc,
        enterprise: b,
        regionCode: '330206',
        industrySection: 'F',
        stage: 'screening',
        stalled: false,
        state: null,
        version: 0,
        launchedAt: null,
      });
      expect(await repo.pending(roundId, 10)).toEqual(
        [
          { id: idOf(a), enterprise: a },
          { id: idOf(b), enterprise: b },
        ].sort((x, y) => x.id.localeCompare(y.id)),
      );
    });

    it('writes first states without marking them launched; a workflow write marks it, once', async () => {
      await repo.recordMany([stateOf(a)]);
      expect(await repo.find(idOf(a))).toMatchObject({ version: 1, launchedAt: null });
      await repo.markLaunched([idOf(a)]);
      const launched = (await repo.find(idOf(a)))!.launchedAt;
      expect(launched).toBeInstanceOf(Date);
      await repo.record({ ...stateOf(a), version: 2, stalled: true });
      expect(await repo.find(idOf(a))).toMatchObject({ version: 2, stalled: true, launchedAt: launched });
      // An older version never overwrites a newer one.
      await repo.recordMany([stateOf(a)]);
      expect(await repo.find(idOf(a))).toMatchObject({ version: 2, stalled: true });
      await repo.record({ ...stateOf(b), version: 1 });
      expect((await repo.find(idOf(b)))!.launchedAt).toBeInstanceOf(Date);
      expect((await repo.pending(roundId, 10)).map((j) => j.id)).toEqual([]);
    });

    it('lists by the filters of the column list, within scope, in id order after a cursor', async () => {
      const ids = async (...args: Parameters<SqlJourneyRepository['list']>) =>
        (await repo.list(...args)).map((r) => r.id);
      const all = { kind: 'all' } as const;
      expect(await ids({}, all, { limit: 10 })).toEqual([idOf(a), idOf(b), idOf(c, otherRound)].sort());
      expect(await ids({ roundId, stalled: true }, all, { limit: 10 })).toEqual([idOf(a)]);
      expect(await ids({ regionCode: '330100' }, all, { limit: 10 })).toEqual([idOf(a)]);
      expect(await ids({ uscc: b.uscc, stage: 'screening' }, all, { limit: 10 })).toEqual([idOf(b)]);
      expect(await ids({}, { kind: 'division', regionCode: '330000' }, { limit: 10 })).toEqual(
        [idOf(a), idOf(b)].sort(),
      );
      expect(await ids({}, { kind: 'body', certificationBodyId: bodyId }, { limit: 10 })).toEqual([]);
      const [first, second] = [idOf(a), idOf(b)].sort();
      expect(await ids({ roundId }, all, { limit: 1 })).toEqual([first]);
      expect(await ids({ roundId }, all, { after: { key: null, id: first }, limit: 1 })).toEqual([second]);
    });

    it('counts the report from the fact columns the writes keep', async () => {
      await repo.record({
        ...stateOf(b),
        version: 2,
        certificationBodyId: bodyId,
        completion: {
          at: '2026-11-02T00:00:00Z',
          by: { principalId: 'p', role: 'certification_body', name: 'B' },
        },
        certification: {
          at: '2026-11-03T00:00:00Z',
          by: { principalId: 'p', role: 'certification_body', name: 'B' },
          outcome: 'certified',
        },
      } as JourneyState);
      const groups = await repo.reportGroups(roundId, { kind: 'all' }, null, 4);
      const byRegion = Object.fromEntries(groups.map((g) => [String(g.region), g]));
      expect(Object.keys(byRegion).sort()).toEqual(['330100', '330200']);
      expect(byRegion['330200']).toMatchObject({
        journeys: 1,
        industry: 'F',
        body: bodyId,
        assisted: 1,
        certified: 1,
        screening: 1,
      });
      expect(byRegion['330100']).toMatchObject({ journeys: 1, stalled: 1, assisted: 0, certified: 0 });
      expect(
        await repo.reportGroups(roundId, { kind: 'body', certificationBodyId: bodyId }, null, 6),
      ).toHaveLength(1);
      // Drilled into Ningbo: its journeys only, by county.
      const ningbo = await repo.reportGroups(roundId, { kind: 'all' }, '330200', 6);
      expect(ningbo.map((g) => [g.journeys, String(g.region).slice(0, 4)])).toEqual([[1, '3302']]);
      expect(await repo.anyInRound(roundId, { kind: 'body', certificationBodyId: bodyId })).toBe(true);
      expect(await repo.anyInRound(otherRound, { kind: 'body', certificationBodyId: bodyId })).toBe(false);
    });

    describe('what waits for whom (the inbox)', () => {
      const d = [11, 12, 13].map((n) => enterprise('330106', n) as Enterprise);
      const hour = 3_600_000;
      /** d0 waits for the body's diagnosis, overdue; d1 for the same, due in 3 days; d2 for the bureau's screening. */
      const states = (): JourneyState[] => {
        const now = Date.now();
        const [s0, s1, s2] = d.map((e) => ({ ...stateOf(e), version: 5 }));
        return [
          {
            ...s0,
            stage: 'diagnosis',
            certificationBodyId: bodyId,
            deadline: new Date(now - 30 * hour).toISOString(),
            stalled: true,
            remindersSent: 2,
          },
          {
            ...s1,
            stage: 'diagnosis',
            certificationBodyId: bodyId,
            deadline: new Date(now + 72 * hour).toISOString(),
          },
          { ...s2, deadline: new Date(now - hour).toISOString() },
        ];
      };
      const inbox = (ids: string[]) => ids.filter((i) => d.some((e) => idOf(e) === i));

      beforeAll(async () => {
        await repo.whileRoundOpen(roundId, (tx) =>
          tx.insertNew(d.map((e) => ({ id: idOf(e), roundId, enterprise: e }))),
        );
        await repo.recordMany(states());
      });

      it('writes the pending step, its actors and the reminders sent with every state', async () => {
        expect(await repo.find(idOf(d[0]))).toMatchObject({
          dueStep: 'diagnosis',
          dueActors: ['certification_body'],
          remindersSent: 2,
        });
        expect(await repo.find(idOf(d[2]))).toMatchObject({
          dueStep: 'screening-decision',
          dueActors: ['regulator'],
        });
      });

      it('filters, counts and pages in SQL as the list and the summary ask', async () => {
        const body = { kind: 'body', certificationBodyId: bodyId } as const;
        const all = { kind: 'all' } as const;
        const ids = async (...args: Parameters<SqlJourneyRepository['list']>) =>
          inbox((await repo.list(...args)).map((r) => r.id));
        expect(await ids({ mustAct: ['certification_body'] }, body, { sort: 'deadline', limit: 10 })).toEqual(
          [idOf(d[0]), idOf(d[1])],
        );
        expect(await ids({ overdue: true }, all, { sort: 'deadline', limit: 10 })).toEqual([
          idOf(d[0]),
          idOf(d[2]),
        ]);
        expect(
          await ids({ mustAct: ['regulator'], certificationBodyId: null, roundId }, all, { limit: 10 }),
        ).toEqual([idOf(d[2])]);
        expect(await ids({ q: '企业12' }, all, { limit: 10 })).toEqual([idOf(d[1])]);
        expect(await ids({ q: d[2].uscc.slice(0, 17).toLowerCase() }, all, { limit: 10 })).toEqual([
          idOf(d[2]),
        ]);
        expect(await ids({ q: '企业1_' }, all, { limit: 10 })).toEqual([]);
        expect(await repo.summary({ mustAct: ['certification_body'] }, body)).toEqual({
          total: 2,
          overdue: 1,
          dueWithin7Days: 1,
        });
        // Keyset pages in every order meet every row once, the key exact to the microsecond.
        for (const sort of ['deadline', '-deadline', '-updatedAt'] as const) {
          const seen: string[] = [];
          let after: { key: string | null; id: string } | undefined;
          for (;;) {
            const [row] = await repo.list({ roundId }, all, { sort, after, limit: 1 });
            if (!row) break;
            seen.push(row.id);
            after = { key: row.sortKey, id: row.id };
          }
          const every = (await repo.list({ roundId }, all, { limit: 100 })).map((r) => r.id);
          expect([...seen].sort()).toEqual([...every].sort());
          expect(new Set(seen).size).toBe(seen.length);
        }
      });

      it("serves a body's and a bureau's inbox from their partial indexes", async () => {
        const plan = await dataSource
          .transaction(async (tx) => {
            await tx.query('SET LOCAL enable_seqscan = off');
            const explain = { query: (sql: string, params: unknown[]) => tx.query(`EXPLAIN ${sql}`, params) };
            const explained = new SqlJourneyRepository(explain as unknown as EntityManager);
            const text = async (rows: Promise<unknown[]>) =>
              (await rows).map((r) => (r as Record<string, string>)['QUERY PLAN']).join('\n');
            throw new Rollback(
              JSON.stringify([
                await text(
                  explained.list(
                    { mustAct: ['certification_body'] },
                    { kind: 'body', certificationBodyId: bodyId },
                    {
                      sort: 'deadline',
                      limit: 51,
                    },
                  ),
                ),
                await text(
                  explained.list(
                    { mustAct: ['regulator'] },
                    { kind: 'division', regionCode: '330000' },
                    {
                      sort: 'deadline',
                      limit: 51,
                    },
                  ),
                ),
              ]),
            );
          })
          .catch((err: Error) => JSON.parse(err.message) as string[]);
        expect(plan[0]).toContain('journeys_body_due');
        expect(plan[1]).toContain('journeys_regulator_due');
      });

      it('fills the columns of rows stored before them from their states', async () => {
        const before = await Promise.all(d.map((e) => repo.find(idOf(e))));
        const after = await dataSource
          .transaction(async (tx) => {
            const migration = new JourneyDue1764410000000();
            await migration.down(tx.queryRunner!);
            await migration.up(tx.queryRunner!);
            const rows = await Promise.all(d.map((e) => new SqlJourneyRepository(tx).find(idOf(e))));
            throw new Rollback(JSON.stringify(rows));
          })
          .catch((err: Error) => JSON.parse(err.message) as typeof before);
        const due = (r: (typeof before)[number]) => [r?.dueStep, r?.dueActors, r?.remindersSent];
        expect(after.map(due)).toEqual(before.map(due));
        expect(after.map(due)[0]).toEqual(['diagnosis', ['certification_body'], 2]);
      });
    });

    it('takes nothing once the round is closed', async () => {
      await dataSource.query(`UPDATE rounds SET status = 'closed' WHERE id = $1`, [otherRound]);
      const d = enterprise('320102', 4) as Enterprise;
      expect(
        await repo.whileRoundOpen(otherRound, (tx) =>
          tx.insertNew([{ id: idOf(d, otherRound), roundId: otherRound, enterprise: d }]),
        ),
      ).toBe('closed');
      expect(await repo.find(idOf(d, otherRound))).toBeNull();
    });
  });
});
