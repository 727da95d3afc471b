import { MockActivityEnvironment } from '@temporalio/testing';
import { type JourneyState, type Actor, DEFAULT_ROUND_SETTINGS } from '@uplift/domain';
import type { CloseQueue } from '@uplift/persistence';
import {
  createRoundCloseActivities,
  type CancelBatchResult,
  type CancelOutcome,
} from './round-close-activities';

const regulator: Actor = { principalId: 'p1', role: 'regulator', name: '浙江省局', regionCode: '330000' };

/** A closed round's rows: some launched (a workflow exists), the rest never started. */
function memoryQueue(launched: number, unlaunched: number) {
  const rows = Array.from({ length: launched + unlaunched }, (_, i) => ({
    id: `journey-r1-${String(i).padStart(4, '0')}`,
    launched: i < launched,
    // Every other unlaunched row had its first state written (a launch chunk that died before marking).
    recorded: i < launched || i % 2 === 0,
    enterprise: { name: `企业${i}`, regionCode: '330106' } as never,
    stage: 'screening' as string,
  }));
  const written: JourneyState[] = [];
  let finished = 0;
  const queue: CloseQueue = {
    round: async () => ({ status: 'closed', settings: DEFAULT_ROUND_SETTINGS }),
    openJourneys: async (_roundId, afterId, limit) =>
      rows
        .filter((r) => r.id > afterId && r.stage === 'screening')
        .slice(0, limit)
        .map(({ id, launched: l, recorded, enterprise }) => ({ id, launched: l, recorded, enterprise })),
    recordStates: async (states) => {
      written.push(...states);
      for (const s of states) rows.find((r) => r.id === s.id)!.stage = s.stage;
    },
    finish: async () => void finished++,
  };
  return { rows, queue, recorded: written, finished: () => finished };
}

describe('the round close', () => {
  it('cancels started journeys through their workflows and writes the rest cancelled, batch by batch', async () => {
    const { rows, queue, recorded } = memoryQueue(5, 7);
    const updates: string[] = [];
    const { cancelOpenJourneys } = createRoundCloseActivities({
      queue,
      batchSize: 4,
      stopLaunch: async () => true,
      cancelJourney: async (id, actor, updateId, launched): Promise<CancelOutcome> => {
        expect(actor).toEqual(regulator);
        updates.push(`${id} ${updateId}`);
        if (!launched) return 'missing';
        rows.find((r) => r.id === id)!.stage = 'cancelled';
        return 'cancelled';
      },
    });
    const env = new MockActivityEnvironment();
    let afterId = '';
    let cancelled = 0;
    for (let more = true; more;) {
      const batch: CancelBatchResult = await env.run(cancelOpenJourneys, {
        roundId: 'r1',
        actor: regulator,
        afterId,
      });
      ({ afterId, more } = batch);
      cancelled += batch.cancelled;
    }
    expect(cancelled).toBe(12);
    expect(rows.every((r) => r.stage === 'cancelled')).toBe(true);
    // Started rows and recorded unlaunched ones were asked once, under the round's one Update id;
    // rows never recorded were never started and cost no call.
    expect(updates.map((u) => u.split(' ')[0])).toEqual(rows.filter((r) => r.recorded).map((r) => r.id));
    expect(updates.every((u) => u.endsWith(' round-closed:r1'))).toBe(true);
    expect(recorded.map((s) => s.id).sort()).toEqual(rows.slice(5).map((r) => r.id));
    expect(recorded[0]).toMatchObject({ stage: 'cancelled', version: 2 });
  });

  it('leaves a journey that had ended, and one whose launched workflow is gone, as they are', async () => {
    const { rows, queue, recorded } = memoryQueue(2, 0);
    const { cancelOpenJourneys } = createRoundCloseActivities({
      queue,
      stopLaunch: async () => true,
      cancelJourney: async (id): Promise<CancelOutcome> => (id === rows[0].id ? 'ended' : 'missing'),
    });
    const result = await new MockActivityEnvironment().run(cancelOpenJourneys, {
      roundId: 'r1',
      actor: regulator,
      afterId: '',
    });
    expect(result).toEqual({ cancelled: 0, afterId: rows[1].id, more: false });
    expect(recorded).toEqual([]);
  });
});
