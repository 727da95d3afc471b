import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@uplift/config';
import { startCluster, type Cluster } from '@uplift/devstack';
import { round } from './stats';

/** A bench result's figures: each phase's group of numbers by name. */
type Figures = Record<string, Record<string, number> | undefined>;

/**
 * `npm run bench -- --cluster [--quick]`: the launch, lifecycle and step phases against the production
 * shape of `npm run test:cluster` (go.temporal.io/server on PostgreSQL), with one worker and then two,
 * each phase in a bench process of its own (its own database and task queue on the shared servers).
 * Beside each figure, the CPU the Temporal server and PostgreSQL burnt meanwhile: where one more worker
 * stops buying throughput, the server side is what is busy.
 */
export const CLUSTER_PHASES = ['launch', 'lifecycle', 'step latency and throughput'] as const;
export const CLUSTER_WORKERS = [1, 2] as const;

/** CPU seconds a process has used, with those of its children it has reaped. */
function cpuSeconds(pid: number, withChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of proc(5), counted from the state (field 3) here: utime, stime, cutime, cstime.
    const own = Number(f[11]) + Number(f[12]);
    return (withChildren ? own + Number(f[13]) + Number(f[14]) : own) / 100;
  } catch {
    return 0;
  }
}

function processes(): { pid: number; ppid: number; cmd: string }[] {
  const all: { pid: number; ppid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      all.push({ pid: Number(entry), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

/** CPU seconds so far of the cluster's Temporal server and of its PostgreSQL (postmaster and backends). */
function serverCpu(cluster: Cluster): { temporal: number; postgres: number } {
  const all = processes();
  const temporal = all.find((p) => p.cmd.includes('temporal-server') && p.cmd.includes(cluster.dir));
  const postmaster = all.find((p) => p.cmd.includes(join(cluster.dir, 'postgres')));
  const backends = postmaster ? all.filter((p) => p.ppid === postmaster.pid) : [];
  return {
    temporal: temporal ? cpuSeconds(temporal.pid, true) : NaN,
    postgres: postmaster
      ? cpuSeconds(postmaster.pid, true) + backends.reduce((s, b) => s + cpuSeconds(b.pid, false), 0)
      : NaN,
  };
}

/** One phase in a bench process of its own against the cluster; its figures from its printed result. */
async function runPhase(
  cluster: Cluster,
  phase: string,
  workers: number,
  quick: boolean,
  log: (line: string) => void,
): Promise<{ figures: Figures; seconds: number; temporalCores: number; postgresCores: number }> {
  const before = serverCpu(cluster);
  const start = Date.now();
  const child = spawn(process.execPath, [process.argv[1], ...(quick ? ['--quick'] : []), '--only', phase], {
    env: {
      ...process.env,
      UPLIFT_TEST_TEMPORAL_ADDRESS: cluster.temporalAddress,
      UPLIFT_TEST_DATABASE_URL: cluster.databaseUrl,
      UPLIFT_TEST_WORKERS: String(workers),
      UPLIFT_TEST_APIS: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  const seconds = (Date.now() - start) / 1000;
  const after = serverCpu(cluster);
  const at = output.lastIndexOf('\n{\n');
  if (code !== 0 || at < 0) throw new Error(`${phase} with ${workers} worker(s) exited ${code}:\n${output}`);
  const result = JSON.parse(output.slice(at + 1)) as { figures: Figures };
  for (const line of output.slice(0, at).split('\n')) if (line) log(`    ${line}`);
  return {
    figures: result.figures,
    seconds: round(seconds, 1),
    temporalCores: round((after.temporal - before.temporal) / seconds),
    postgresCores: round((after.postgres - before.postgres) / seconds),
  };
}

/** Throughput figures compared across worker counts: more is better for each. */
const RATES: Record<string, [string, string][]> = {
  launch: [
    ['launch', 'upliftPerSecond'],
    ['launch', 'bareStartLoopPerSecond'],
  ],
  lifecycle: [
    ['lifecycle', 'upliftCompletedPerSecond'],
    ['lifecycle', 'twinCompletedPerSecond'],
  ],
  'step latency and throughput': [
    ['stepThroughput', 'stepRoutePerSecond'],
    ['stepThroughput', 'rawUpdatePerSecond'],
  ],
};

/** `only`: the named phases of CLUSTER_PHASES alone (`--only`), as the dev server's bench takes them. */
export async function benchCluster(
  quick: boolean,
  only: string[],
  log: (line: string) => void,
): Promise<void> {
  const phases = CLUSTER_PHASES.filter((p) => only.length === 0 || only.includes(p));
  const started = Date.now();
  log(`Uplift benchmark on the cluster (${quick ? 'quick' : 'full'}): phases ${phases.join(', ')}`);
  const cluster = await startCluster((line) => log(`[cluster] ${line}`));
  const runs: Record<string, Record<string, unknown>> = {};
  const scaling: Record<string, unknown> = {};
  let failed = false;
  try {
    for (const phase of phases) {
      const byWorkers: Record<number, Awaited<ReturnType<typeof runPhase>>> = {};
      for (const workers of CLUSTER_WORKERS) {
        log(`- ${phase}, ${workers} worker(s)...`);
        try {
          byWorkers[workers] = await runPhase(cluster, phase, workers, quick, log);
        } catch (err) {
          failed = true;
          log(`  failed: ${String(err)}`);
          continue;
        }
        (runs[phase] ??= {})[`workers${workers}`] = byWorkers[workers];
        log(`  done in ${byWorkers[workers].seconds} s`);
      }
      const [one, two] = CLUSTER_WORKERS.map((w) => byWorkers[w]);
      if (!one || !two) continue;
      const rate = (run: typeof one, [group, figure]: [string, string]) =>
        run.figures[group]?.[figure] ?? NaN;
      const [uplift, ceiling] = RATES[phase];
      scaling[phase] = {
        ...Object.fromEntries(
          RATES[phase].map((f) => [
            f[1],
            { oneWorker: rate(one, f), twoWorkers: rate(two, f), factor: round(rate(two, f) / rate(one, f)) },
          ]),
        ),
        // The ceiling runs on the bench's own twin worker in both runs: what it gains or loses is the
        // shared machine, so Uplift's factor over the ceiling's is what the second worker bought.
        factorOverCeilingFactor: round(
          rate(two, uplift) / rate(one, uplift) / (rate(two, ceiling) / rate(one, ceiling)),
        ),
      };
    }
  } finally {
    await cluster.stop(failed);
    if (failed) log(`kept ${cluster.dir} for a look at the logs`);
  }
  const result = {
    at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    ...(only.length > 0 ? { only } : {}),
    cluster: 'go.temporal.io/server v1.29.1 on embedded PostgreSQL, one API',
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    scaling,
    runs,
  };
  const dir = join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 2);
  // Never the latest figures of a mode: those come from the dev server's full and quick runs.
  writeFileSync(join(dir, `${result.at.replace(/[:.]/g, '-')}-${result.mode}-cluster.json`), json);
  log(json);
}
