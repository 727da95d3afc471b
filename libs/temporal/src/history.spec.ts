import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DEFAULT_ROUND_SETTINGS, initialJourney, type JourneyInput } from '@uplift/domain';
import { fetchJourneyHistory, readableHistory } from './history';

type Event = temporal.api.history.v1.IHistoryEvent;
type Request = temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest;

const input: JourneyInput = {
  id: 'journey-r1-91350100M000100Y43',
  roundId: 'r1',
  enterprise: {
    uscc: '91350100M000100Y43',
    name: '福州甲公司',
    regionCode: '350102',
    industryCode: 'C3511',
    email: 'a@x.example',
  },
  settings: DEFAULT_ROUND_SETTINGS,
  startedAt: '2026-03-01T00:00:00.000Z',
};
const payloads = (value: unknown) => ({ payloads: [defaultPayloadConverter.toPayload(value)] });
const at = (s: number) => ({ seconds: 1_772_323_200 + s, nanos: 0 });
/** An event as Temporal's client decodes it (64-bit ids and times as Long). */
const event = (fields: Record<string, unknown>): Event =>
  temporal.api.history.v1.HistoryEvent.fromObject(fields);

/** Two runs of one journey: the first continued as new into the second, which carries its state. */
function runs(): Record<string, Event[]> {
  const carried = {
    ...initialJourney(input, new Date(input.startedAt!)),
    stage: 'diagnosis' as const,
    version: 2,
  };
  const first: Event[] = [
    event({
      eventId: 1,
      eventTime: at(0),
      workflowExecutionStartedEventAttributes: { firstExecutionRunId: 'run-1', input: payloads(input) },
    }),
    // Ten large events: more than one page of them passes the receive limit.
    ...Array.from({ length: 10 }, (_, i) =>
      event({ eventId: i + 2, eventTime: at(1), timerStartedEventAttributes: { timerId: String(i + 1) } }),
    ),
    event({
      eventId: 12,
      eventTime: at(2),
      workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId: 'run-2' },
    }),
  ];
  const second: Event[] = [
    event({
      eventId: 1,
      eventTime: at(3),
      workflowExecutionStartedEventAttributes: {
        firstExecutionRunId: 'run-1',
        input: payloads({ ...input, carried }),
      },
    }),
    event({ eventId: 2, eventTime: at(4), timerStartedEventAttributes: { timerId: '1' } }),
    event({ eventId: 3, eventTime: at(5), timerFiredEventAttributes: { timerId: '1' } }),
  ];
  return { 'run-1': first, 'run-2': second };
}

/** Temporal's history paging, refusing (as gRPC does past 4 MiB) any page of more than two events. */
function service(history: Record<string, Event[]>) {
  const asked: number[] = [];
  return {
    asked,
    getWorkflowExecutionHistory: async (request: Request) => {
      const runId = request.execution?.runId || 'run-2';
      const size = request.maximumPageSize ?? 1000;
      asked.push(size);
      if (size > 2) throw Object.assign(new Error('Received message larger than max'), { code: 8 });
      const from = request.nextPageToken ? Number(Buffer.from(request.nextPageToken).toString()) : 0;
      const events = history[runId].slice(from, from + size);
      const next = from + size < history[runId].length ? Buffer.from(String(from + size)) : undefined;
      return { history: { events }, nextPageToken: next ?? new Uint8Array() };
    },
  };
}

describe('a journey history read from Temporal', () => {
  it('reads every run, oldest first, in pages small enough to be received', async () => {
    const history = runs();
    const fake = service(history);
    const events = await fetchJourneyHistory(fake as never, 'default', input.id);
    expect(events).toEqual([...history['run-1'], ...history['run-2']]);
    // It asked for large pages, was refused, and went on with smaller ones.
    expect(fake.asked.some((n) => n > 2)).toBe(true);
    expect(fake.asked.filter((n) => n <= 2).length).toBeGreaterThanOrEqual(8);
  });

  it('takes a continued run up where the previous one stopped: one start, timers of each run named apart', () => {
    const history = runs();
    const events = readableHistory([...history['run-1'], ...history['run-2']]);
    expect(events.filter((e) => e.type === 'journey_started')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'timer_started')).toHaveLength(11);
    const fired = events.find((e) => e.type === 'timer_fired')!;
    expect(fired).toMatchObject({ stage: 'diagnosis', details: { timerId: '1' } });
  });
});

describe('a reassigned journey', () => {
  const A = '6f1c2b4e-9d1a-4c3b-8e2f-1a2b3c4d5e6f';
  const B = '0b7d3c2a-5e4f-4a1b-9c8d-7e6f5a4b3c2d';
  const regulator = { principalId: 'p1', role: 'regulator', name: '福建省局', regionCode: '350000' };
  const state = (stage: string, certificationBodyId: string, version: number) => ({
    ...initialJourney(input, new Date(input.startedAt!)),
    stage,
    certificationBodyId,
    version,
  });
  let eventId = 0;
  const recorded = (s: unknown) =>
    event({
      eventId: ++eventId,
      eventTime: at(eventId),
      activityTaskScheduledEventAttributes: { activityType: { name: 'recordJourney' }, input: payloads(s) },
    });
  const reassigned = (payload: unknown) =>
    event({
      eventId: ++eventId,
      eventTime: at(eventId),
      workflowExecutionUpdateAcceptedEventAttributes: {
        acceptedRequest: { input: { name: 'reassignment', args: payloads({ actor: regulator, payload }) } },
      },
    });
  const history = [
    event({
      eventId: ++eventId,
      eventTime: at(0),
      workflowExecutionStartedEventAttributes: { input: payloads(input) },
    }),
    recorded(state('diagnosis', A, 2)),
    // The bulk form names the body it moves from; the single call may leave it out.
    reassigned({ fromCertificationBodyId: A, certificationBodyId: B, reason: '资质撤销' }),
    recorded(state('diagnosis', B, 3)),
    recorded(state('assistance', B, 4)),
    reassigned({ certificationBodyId: A }),
    recorded(state('assistance', A, 5)),
  ];

  it('names the body each reassignment moved the journey from and the one it moved it to', () => {
    const names = new Map([
      [A, '甲认证中心'],
      [B, '乙认证公司'],
    ]);
    const moves = readableHistory(history, (id) => names.get(id) ?? '?').filter((e) => e.type === 'step');
    expect(moves.map((e) => [e.stage, e.details.from, e.details.to, e.actor?.role])).toEqual([
      ['diagnosis', A, B, 'regulator'],
      ['assistance', B, A, 'regulator'],
    ]);
    expect(moves.map((e) => e.summary)).toEqual([
      'reassignment from 甲认证中心 to 乙认证公司 by 福建省局 (regulator)',
      'reassignment from 乙认证公司 to 甲认证中心 by 福建省局 (regulator)',
    ]);
    expect(moves[0].details.payload).toMatchObject({ reason: '资质撤销' });
  });
});
