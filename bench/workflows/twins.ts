import {
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

/** The trivial twins the benchmark measures Uplift against, on the same server. */
const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export const twinStep = defineUpdate<number, [number]>('step');

/** The ceiling for starting journeys: a workflow that does nothing. */
export async function startTwin(): Promise<void> {}

/** The ceiling for a journey's lifecycle: as many Updates as a journey's steps, each running one no-op activity. */
export async function updateTwin(steps: number): Promise<void> {
  let done = 0;
  setHandler(twinStep, async (n) => {
    await noop();
    done++;
    return n;
  });
  await condition(() => done >= steps);
  await condition(allHandlersFinished);
}

/** The ceiling for a reminder storm: one timer, then one activity. */
export async function timerTwin(ms: number): Promise<void> {
  await sleep(ms);
  await noop();
}
