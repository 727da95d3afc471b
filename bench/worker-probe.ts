import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './stats';

/** The Temporal SDK's figures a step's tail is read from, summed over their labels. */
const WATCHED = {
  stickyHits: 'temporal_sticky_cache_hit',
  stickyMisses: 'temporal_sticky_cache_miss',
  forcedEvictions: 'temporal_sticky_cache_total_forced_eviction',
  workflowTasks: 'temporal_workflow_task_execution_latency_count',
  workflowTaskMs: 'temporal_workflow_task_execution_latency_sum',
  replayMs: 'temporal_workflow_task_replay_latency_sum',
  scheduleToStartCount: 'temporal_workflow_task_schedule_to_start_latency_count',
  scheduleToStartMs: 'temporal_workflow_task_schedule_to_start_latency_sum',
  activityScheduleToStartCount: 'temporal_activity_schedule_to_start_latency_count',
  activityScheduleToStartMs: 'temporal_activity_schedule_to_start_latency_sum',
  localActivities: 'temporal_local_activity_execution_latency_count',
} as const;

export type WorkerSample = Record<keyof typeof WATCHED, number> & {
  cacheSize: number;
  workflowSlotsAvailable: number;
  /** Workflow tasks whose schedule-to-start took over 1 s (the histogram's buckets). */
  slowScheduleToStart: number;
};

function sum(text: string, name: string, labels = ''): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
    if (labels && !line.includes(labels)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** One scrape of the worker's /metrics (its own registry and the SDK's). */
export async function sampleWorker(port: string | undefined): Promise<WorkerSample | undefined> {
  if (!port || port === '0') return undefined;
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sample = Object.fromEntries(
    Object.entries(WATCHED).map(([k, name]) => [k, sum(text, name)]),
  ) as WorkerSample;
  sample.cacheSize = sum(text, 'temporal_sticky_cache_size');
  sample.workflowSlotsAvailable = sum(text, 'temporal_worker_task_slots_available', 'WorkflowWorker');
  const count = sum(text, 'temporal_workflow_task_schedule_to_start_latency_count');
  sample.slowScheduleToStart =
    count - sum(text, 'temporal_workflow_task_schedule_to_start_latency_bucket', 'le="1000"');
  return sample;
}

/** What the worker did between two scrapes: counts, means, and the cache and slots at the end. */
export function workerDelta(before?: WorkerSample, after?: WorkerSample) {
  if (!before || !after) return undefined;
  const d = (k: keyof WorkerSample) => after[k] - before[k];
  const hits = d('stickyHits');
  const misses = d('stickyMisses');
  return {
    stickyCacheHits: hits,
    stickyCacheMisses: misses,
    stickyHitRatio: hits + misses > 0 ? round(hits / (hits + misses)) : null,
    forcedEvictions: d('forcedEvictions'),
    cacheSizeAtEnd: after.cacheSize,
    workflowTasks: d('workflowTasks'),
    workflowTaskMeanMs: round(d('workflowTaskMs') / Math.max(1, d('workflowTasks'))),
    replayMsTotal: round(d('replayMs')),
    workflowScheduleToStartMeanMs: round(d('scheduleToStartMs') / Math.max(1, d('scheduleToStartCount'))),
    workflowScheduleToStartOver1s: d('slowScheduleToStart'),
    activityScheduleToStartMeanMs: round(
      d('activityScheduleToStartMs') / Math.max(1, d('activityScheduleToStartCount')),
    ),
    localActivities: d('localActivities'),
    workflowSlotsAvailableAtEnd: after.workflowSlotsAvailable,
  };
}

/** Now on the clock V8's CPU profiles use (CLOCK_MONOTONIC, microseconds), to cut a phase out of one. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * The top self-time costs of every thread's CPU profile in `dir` (`--cpu-prof`), counting only the
 * samples taken inside `[fromUs, toUs]` when given: a function (or V8's own `(garbage collector)`,
 * `(program)`, `(idle)`), where it lives, and its share of the thread's busy samples.
 */
export function profileTop(dir: string, fromUs = -Infinity, toUs = Infinity, top = 12) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((file) => {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map<string, number>();
      let t = profile.startTime;
      let busy = 0;
      let total = 0;
      profile.samples.forEach((id, i) => {
        t += profile.timeDeltas[i];
        if (t < fromUs || t > toUs) return;
        const node = byId.get(id)!;
        const { functionName, url, lineNumber } = node.callFrame;
        const where = url
          ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${lineNumber + 1}`
          : '';
        const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
        total++;
        if (functionName === '(idle)') return;
        busy++;
        self.set(key, (self.get(key) ?? 0) + 1);
      });
      return {
        file,
        samples: total,
        busyShare: total > 0 ? round(busy / total) : 0,
        top: [...self.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, top)
          .map(([fn, n]) => ({ fn, shareOfBusy: round(n / Math.max(1, busy), 3) })),
      };
    });
}

/** The worker's profile, whole run and the step phase alone (`figures.stepLatency.profileWindowUs`). */
export function profileFigures(dir: string, stepLatency: unknown) {
  const window = (stepLatency as { profileWindowUs?: [number, number] } | undefined)?.profileWindowUs;
  return {
    dir,
    wholeRun: profileTop(dir),
    ...(window ? { stepPhase: profileTop(dir, window[0], window[1]) } : {}),
  };
}
