import type { Client } from '@temporalio/client';
import type { RefusedStep } from '@uplift/persistence';
import type { JourneyEvent } from '@uplift/temporal';
import { enterpriseOf, FakeJourneyRepository, journeyRow } from '../testing/fake-repositories';
import { HistoryService } from './history.service';

/** The workflow's readable history, as the test sets it; fetching and decoding are Temporal's. */
let workflowEvents: JourneyEvent[] = [];
jest.mock('@uplift/temporal', () => ({
  TEMPORAL_CLIENT: Symbol('TEMPORAL_CLIENT'),
  fetchJourneyHistory: async () => [],
  decodeHistory: async () => ({ events: [] }),
  readableHistory: () => workflowEvents.map((e) => ({ ...e })),
}));

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';
const OTHER_BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c02';

function event(at: string, stage: JourneyEvent['stage'], type = 'step'): JourneyEvent {
  return { at, type, stage, actor: null, summary: type, details: {} };
}

function refusal(at: string, who: Partial<RefusedStep>, route = '/v1/journeys/:id/assignment'): RefusedStep {
  return {
    at: new Date(at),
    route,
    statusCode: 409,
    principalId: 'p-1',
    role: 'admin',
    name: 'someone',
    regionCode: null,
    certificationBodyId: null,
    ...who,
  };
}

describe('HistoryService', () => {
  const roundId = '00000000-0000-4000-8000-000000000001';
  const hangzhou = enterpriseOf('330106', 1);
  let journeys: FakeJourneyRepository;
  let refused: RefusedStep[];
  let asked: string[];
  let service: HistoryService;
  let id: string;

  beforeEach(() => {
    journeys = new FakeJourneyRepository();
    const row = journeyRow(roundId, hangzhou, { certificationBodyId: BODY });
    journeys.rows.push(row);
    id = row.id;
    refused = [];
    asked = [];
    workflowEvents = [
      event('2026-11-02T00:00:00.000Z', 'screening', 'started'),
      event('2026-11-05T00:00:00.000Z', 'diagnosis'),
    ];
    const audit = {
      refusedSteps: async (journeyId: string) => {
        asked.push(journeyId);
        return refused;
      },
    };
    const temporal = { workflowService: {}, options: { namespace: 'default' } } as unknown as Client;
    service = new HistoryService(temporal, audit, journeys, { list: async () => [] });
  });

  it("adds the audit log's refused steps of this journey, in time order, at the stage they were refused in", async () => {
    refused = [
      refusal('2026-11-03T00:00:00Z', {
        principalId: 'p-r',
        role: 'regulator',
        name: '杭州',
        regionCode: '330100',
      }),
      refusal('2026-11-06T00:00:00Z', { statusCode: 400 }, '/v1/journeys/:id/diagnosis'),
    ];
    const events = await service.of(id);
    expect(asked).toEqual([id]);
    expect(events.map((e) => [e.at, e.type, e.stage])).toEqual([
      ['2026-11-02T00:00:00.000Z', 'started', 'screening'],
      ['2026-11-03T00:00:00.000Z', 'step_refused', 'screening'],
      ['2026-11-05T00:00:00.000Z', 'step', 'diagnosis'],
      ['2026-11-06T00:00:00.000Z', 'step_refused', 'diagnosis'],
    ]);
    expect(events[1]).toMatchObject({
      actor: { principalId: 'p-r', role: 'regulator', name: '杭州' },
      summary: 'assignment refused (409) for 杭州',
      details: { step: 'assignment', statusCode: 409 },
    });
    expect(events[3].details).toEqual({ step: 'diagnosis', statusCode: 400 });
  });

  it('leaves out refusals of callers the journey is not visible to', async () => {
    refused = [
      refusal('2026-11-03T00:00:00Z', { role: 'regulator', name: '宁波', regionCode: '330200' }),
      refusal('2026-11-03T01:00:00Z', {
        role: 'certification_body',
        name: 'other',
        certificationBodyId: OTHER_BODY,
      }),
      refusal('2026-11-03T02:00:00Z', { role: 'certification_body', name: 'own', certificationBodyId: BODY }),
      refusal('2026-11-03T03:00:00Z', { role: 'regulator', name: '浙江', regionCode: '330000' }),
    ];
    const names = (await service.of(id)).filter((e) => e.type === 'step_refused').map((e) => e.actor?.name);
    expect(names).toEqual(['own', '浙江']);
  });

  it('shows no refusals of a journey the read model does not hold', async () => {
    refused = [refusal('2026-11-03T00:00:00Z', {})];
    journeys.rows = [];
    expect((await service.of(id)).map((e) => e.type)).toEqual(['started', 'step']);
  });

  it('puts a refusal before the first workflow event at no stage', async () => {
    refused = [refusal('2026-11-01T00:00:00Z', {})];
    expect((await service.of(id))[0]).toMatchObject({ type: 'step_refused', stage: null });
  });
});
