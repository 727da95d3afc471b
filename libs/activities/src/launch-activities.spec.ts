import { MockActivityEnvironment } from '@temporalio/testing';
import { type JourneyInput, type JourneyState, DEFAULT_ROUND_SETTINGS, initialJourney } from '@uplift/domain';
import type { LaunchQueue, PendingJourney } from '@uplift/persistence';
import { createLaunchActivities } from './launch-activities';

/** A round's stored rows, as the SQL queue keeps them: version, state and whether launched. */
function memoryQueue(n: number, status = 'open') {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `journey-${String(i).padStart(4, '0')}`,
    enterprise: { name: `企业${i}` } as PendingJourney['enterprise'],
    version: 0,
    state: null as JourneyState | null,
    launched: false,
  }));
  const events: string[] = [];
  const queue: LaunchQueue = {
    round: async () => ({ status, settings: DEFAULT_ROUND_SETTINGS, regionCode: '350000' }),
    pending: async (_roundId, limit) =>
      rows
        .filter((r) => !r.launched)
        .slice(0, limit)
        .map(({ id, enterprise }) => ({ id, enterprise })),
    recordFirstStates: async (states) => {
      events.push(`record ${states.length}`);
      for (const s of states) {
        const row = rows.find((r) => r.id === s.id)!;
        if (row.version < s.version) Object.assign(row, { version: s.version, state: s });
      }
    },
    whileOpen: async (_roundId, work) => (status === 'open' ? work({} as never) : 'closed'),
    markLaunched: async (ids) => {
      events.push(`mark ${ids.length}`);
      for (const id of ids) rows.find((r) => r.id === id)!.launched = true;
    },
  };
  return { rows, queue, events };
}

describe('the bulk launcher', () => {
  it('writes each chunk’s first states, then starts those journeys told not to write them again', async () => {
    const { rows, queue, events } = memoryQueue(450);
    const started: JourneyInput[] = [];
    const { launchPendingJourneys } = createLaunchActivities({
      queue,
      startJourney: async (input) => {
        // The first state is in the read model before its workflow exists.
        expect(rows.find((r) => r.id === input.id)!.version).toBe(1);
        started.push(input);
        return true;
      },
    });
    const result = await new MockActivityEnvironment().run(launchPendingJourneys, { roundId: 'r1' });

    expect(result).toEqual({ launched: 450, more: false });
    expect(events).toEqual(['record 200', 'mark 200', 'record 200', 'mark 200', 'record 50', 'mark 50']);
    expect(new Set(started.map((s) => s.id)).size).toBe(450);
    expect(started.every((s) => s.initialStateRecorded === true)).toBe(true);
    // Each knows its round's division, the top of its escalation ladder.
    expect(started.every((s) => s.roundRegionCode === '350000')).toBe(true);
    // The state written is exactly the one the workflow starts from: same input, same instant.
    const first = started[0];
    expect(rows[0].state).toEqual(initialJourney(first, new Date(first.startedAt!)));
  });

  it('resumed after a crash, only marks journeys an earlier attempt started, and keeps their first state', async () => {
    const { rows, queue } = memoryQueue(3);
    const earlier = initialJourney(
      {
        id: rows[0].id,
        roundId: 'r1',
        enterprise: rows[0].enterprise,
        settings: DEFAULT_ROUND_SETTINGS,
        startedAt: '2026-01-01T00:00:00.000Z',
      },
      new Date('2026-01-01T00:00:00.000Z'),
    );
    Object.assign(rows[0], { version: earlier.version + 1, state: { ...earlier, version: 2 } });
    const { launchPendingJourneys } = createLaunchActivities({
      queue,
      startJourney: async (input) => input.id !== rows[0].id,
    });
    const result = await new MockActivityEnvironment().run(launchPendingJourneys, { roundId: 'r1' });

    expect(result).toEqual({ launched: 2, more: false });
    expect(rows.every((r) => r.launched)).toBe(true);
    expect(rows[0].state!.version).toBe(2);
  });

  it('starts nothing in a closed round', async () => {
    const { rows, queue } = memoryQueue(5, 'closed');
    const start = jest.fn();
    const { launchPendingJourneys } = createLaunchActivities({ queue, startJourney: start });
    expect(await new MockActivityEnvironment().run(launchPendingJourneys, { roundId: 'r1' })).toEqual({
      launched: 0,
      more: false,
    });
    expect(start).not.toHaveBeenCalled();
    expect(rows.every((r) => r.version === 0 && !r.launched)).toBe(true);
  });
});
