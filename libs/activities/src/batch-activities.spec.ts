import { MockActivityEnvironment } from '@temporalio/testing';
import {
  DEFAULT_ROUND_SETTINGS,
  StepRefusedError,
  batchUpdateId,
  englishMessage,
  resolveRoundSettings,
  type Actor,
  type RoundSettings,
  type Enterprise,
} from '@uplift/domain';
import type { BatchItemOutcome, BatchRow, PendingBatchItem } from '@uplift/persistence';
import { createBatchActivities, type BatchDeps } from './batch-activities';

const actor: Actor = {
  principalId: 'p1',
  role: 'regulator',
  name: '浙江省局',
  regionCode: '330000',
  certificationBodyId: null,
};

/** A batch's items as the SQL repository keeps them: an outcome once recorded, never rewritten. */
function memoryBatch(items: PendingBatchItem[]) {
  const outcomes = new Map<string, BatchItemOutcome>();
  let finished = false;
  const batch = {
    id: 'b1',
    roundId: 'r1',
    action: 'assignment',
    payload: { certificationBodyId: 'c2' },
    actor,
  } as unknown as BatchRow;
  const batches: BatchDeps['batches'] = {
    find: async () => batch,
    pending: async (_id, limit) => items.filter((i) => !outcomes.has(i.journeyId)).slice(0, limit),
    record: async (_id, list) => {
      for (const o of list) if (!outcomes.has(o.journeyId)) outcomes.set(o.journeyId, o);
    },
    finish: async () => void (finished = true),
  };
  return { batches, outcomes, finished: () => finished };
}

const item = (n: number, stage = 'diagnosis'): PendingBatchItem => ({
  journeyId: `journey-${n}`,
  stage,
  launched: true,
  enterprise: { name: `企业${n}` } as Enterprise,
});

const queue: BatchDeps['queue'] = {
  round: async () => ({ status: 'open', settings: DEFAULT_ROUND_SETTINGS, regionCode: '350000' }),
  recordFirstStates: async () => undefined,
  whileOpen: async (_roundId, work) => work({} as never),
  markLaunched: async () => undefined,
};

describe('the batch activities', () => {
  it('sends each journey its step under the batch’s Update id and records a refusal with its reason', async () => {
    const { batches, outcomes } = memoryBatch([item(1), item(2), item(3, 'withdrawn')]);
    const sent: string[] = [];
    const { applyBatchItems } = createBatchActivities({
      batches,
      queue,
      startJourney: async () => true,
      takeStep: async (id, _action, _command, updateId) => {
        sent.push(updateId);
        if (id === 'journey-2') {
          const params = { step: 'assignment', stage: 'screening' };
          throw new StepRefusedError({
            kind: 'stage',
            currentStage: 'screening',
            code: 'step.wrong_stage',
            params,
            message: englishMessage('step.wrong_stage', params),
          });
        }
        return 'applied';
      },
      wasApplied: async () => false,
    });
    const result = await new MockActivityEnvironment().run(applyBatchItems, { batchId: 'b1' });

    expect(result).toEqual({ done: 3, more: false });
    expect(sent).toEqual([batchUpdateId('b1', 'journey-1'), batchUpdateId('b1', 'journey-2')]);
    expect(outcomes.get('journey-1')).toMatchObject({ outcome: 'applied' });
    expect(outcomes.get('journey-2')).toMatchObject({
      outcome: 'refused',
      code: 'step.wrong_stage',
      message: 'assignment is not allowed in stage screening',
    });
    expect(outcomes.get('journey-3')).toMatchObject({ outcome: 'refused', code: 'step.journey_ended' });
  });

  it('counts a journey this batch ended before its outcome was recorded as applied, not refused', async () => {
    const { batches, outcomes } = memoryBatch([item(1, 'withdrawn')]);
    const { applyBatchItems } = createBatchActivities({
      batches,
      queue,
      startJourney: async () => true,
      takeStep: async () => 'applied',
      wasApplied: async (_id, updateId) => updateId === batchUpdateId('b1', 'journey-1'),
    });
    await new MockActivityEnvironment().run(applyBatchItems, { batchId: 'b1' });
    expect(outcomes.get('journey-1')).toMatchObject({ outcome: 'applied' });
  });

  it('works through a large batch a call at a time, then says there is no more', async () => {
    const { batches, outcomes } = memoryBatch(Array.from({ length: 250 }, (_, i) => item(i)));
    const { applyBatchItems } = createBatchActivities({
      batches,
      queue,
      batchSize: 100,
      startJourney: async () => true,
      takeStep: async () => 'applied',
      wasApplied: async () => false,
    });
    const env = new MockActivityEnvironment();
    expect(await env.run(applyBatchItems, { batchId: 'b1' })).toEqual({ done: 100, more: true });
    expect(await env.run(applyBatchItems, { batchId: 'b1' })).toEqual({ done: 100, more: true });
    expect(await env.run(applyBatchItems, { batchId: 'b1' })).toEqual({ done: 50, more: false });
    expect(outcomes.size).toBe(250);
  });

  it("sends a round's change with the round as it is now, not as it was when the batch was made", async () => {
    const { batches } = memoryBatch([item(1)]);
    const stored = await batches.find('b1');
    Object.assign(stored!, {
      action: 'round-settings',
      payload: { settings: DEFAULT_ROUND_SETTINGS, paused: false },
    });
    // Stored before calendar, working hours and digest existed, and paused since the batch was made.
    const older: Partial<RoundSettings> = { ...DEFAULT_ROUND_SETTINGS };
    delete older.calendar;
    delete older.workingHours;
    delete older.digest;
    const changed = { ...older, escalateAfter: 'P3D' } as RoundSettings;
    const sent: unknown[] = [];
    const { applyBatchItems } = createBatchActivities({
      batches,
      queue: {
        ...queue,
        round: async () => ({
          status: 'open',
          settings: changed,
          regionCode: '330000',
          pausedAt: new Date(),
        }),
      },
      startJourney: async () => true,
      takeStep: async (_id, action, command) => {
        sent.push({ action, payload: command.payload });
        return 'applied';
      },
      wasApplied: async () => false,
    });
    await new MockActivityEnvironment().run(applyBatchItems, { batchId: 'b1' });
    expect(sent).toEqual([
      {
        action: 'round-settings',
        payload: { settings: resolveRoundSettings(changed), paused: true },
      },
    ]);
    expect(resolveRoundSettings(changed)).toMatchObject({
      escalateAfter: 'P3D',
      calendar: 'calendar',
      digest: null,
    });
  });
});
