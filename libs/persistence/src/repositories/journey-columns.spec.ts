import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { METRIC_NAMES } from '@uplift/domain';
import { JourneyEntity } from '../entities/journey.entity';
import {
  JOURNEY_COLUMNS,
  JOURNEY_FILTERS,
  REPORT_COUNTS,
  metricColumns,
  type JourneyColumn,
} from './journey-columns';

const ALL = JOURNEY_COLUMNS as readonly JourneyColumn[];
const ROOT = join(__dirname, '..', '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the journeys column list', () => {
  it('names each column and property once', () => {
    expect(new Set(ALL.map((c) => c.column)).size).toBe(ALL.length);
    expect(new Set(ALL.map((c) => c.key)).size).toBe(ALL.length);
  });

  it('gives every report count a name of its own: it is a field, a SQL alias and a CSV header', () => {
    const names = REPORT_COUNTS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    // The report's own fields and group keys share the SQL row with the counts.
    expect(names.filter((n) => ['key', 'journeys', 'region', 'industry', 'body'].includes(n))).toEqual([]);
  });

  it('has a baseline and a latest column for every metric', () => {
    for (const m of METRIC_NAMES) {
      const { baseline, latest } = metricColumns(m);
      expect([baseline, latest]).toEqual([
        expect.stringMatching(/^baseline_[a-z_]+$/),
        expect.stringMatching(/^latest_[a-z_]+$/),
      ]);
    }
    expect(ALL.filter((c) => c.metric)).toHaveLength(METRIC_NAMES.length * 2);
  });

  it('filters only on columns read back as rows, and the list query takes exactly those', () => {
    const filtered = ALL.filter((c) => c.filter);
    expect(filtered.every((c) => c.kind === 'row')).toBe(true);
    expect(Object.keys(JOURNEY_FILTERS).sort()).toEqual(filtered.map((c) => c.key).sort());
  });

  it('is what the entity maps, column for column', async () => {
    const dataSource = new DataSource({ type: 'postgres', entities: [JourneyEntity] });
    // Building metadata needs no connection.
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    const columns = dataSource.getMetadata(JourneyEntity).columns;
    expect(
      columns.map((c) => [c.databaseName, `${String(c.type)}${c.isArray ? '[]' : ''}`, c.isNullable]).sort(),
    ).toEqual(ALL.map((c) => [c.column, c.type, c.nullable]).sort());
  });

  it('is the only way into the journeys table: no other source file queries it', () => {
    const owner = join('libs', 'persistence', 'src', 'repositories', 'journeys.ts');
    const touching = ['apps', 'libs', 'workflows']
      .flatMap((d) => sources(join(ROOT, d)))
      .filter((path) => !path.includes(`${join('persistence', 'src', 'migrations')}`))
      .filter((path) =>
        /\b(FROM|JOIN|INTO|UPDATE)\s+journeys\b|getRepository\(JourneyEntity\)/i.test(
          readFileSync(path, 'utf8'),
        ),
      )
      .map((path) => relative(ROOT, path));
    expect(touching).toEqual([owner]);
  });
});
