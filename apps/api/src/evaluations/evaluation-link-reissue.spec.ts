import {
  ConflictError,
  DEFAULT_ROUND_SETTINGS,
  NotFoundError,
  initialJourney,
  journeyInput,
} from '@uplift/domain';
import type { NotificationCommand } from '@uplift/activities';
import { enterpriseOf, FakeJourneyRepository, journeyRow } from '../testing/fake-repositories';
import { EvaluationLinkReissue } from './evaluation-link-reissue';

const ROUND = '0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d';
const BODY = '5b0c3a52-8d0e-4f7a-9a51-0d2b7c1e4f10';
const enterprise = enterpriseOf('330106', 1);

/** A journey in follow-up whose evaluation 1 is due (open) and 2 is not yet. */
function followUp(answered = false) {
  const start = initialJourney(
    journeyInput(
      { id: `journey-${ROUND}-${enterprise.uscc}`, roundId: ROUND, enterprise },
      DEFAULT_ROUND_SETTINGS,
      new Date(),
    ),
    new Date(),
  );
  const state = {
    ...start,
    stage: 'follow_up' as const,
    certificationBodyId: BODY,
    evaluations: [
      {
        n: 1,
        dueAt: '2026-11-01T00:00:00.000Z',
        openedAt: '2026-11-01T00:00:00.000Z',
        answeredAt: answered ? '2026-11-02T00:00:00.000Z' : null,
        answer: null,
        by: null,
        via: null,
      },
      {
        n: 2,
        dueAt: '2027-05-01T00:00:00.000Z',
        openedAt: null,
        answeredAt: null,
        answer: null,
        by: null,
        via: null,
      },
    ],
  };
  return journeyRow(ROUND, enterprise, { state, stage: 'follow_up', certificationBodyId: BODY });
}

describe('a new evaluation link', () => {
  const setup = (answered = false) => {
    const journeys = new FakeJourneyRepository();
    const row = followUp(answered);
    journeys.rows.push(row);
    const events: string[] = [];
    const sent: NotificationCommand[] = [];
    const reissue = new EvaluationLinkReissue(
      journeys,
      { consumeAll: async (id: string, n: number) => void events.push(`consumeAll ${id} ${n}`) },
      async (c: NotificationCommand) => {
        events.push('send');
        sent.push(c);
      },
    );
    return { reissue, row, events, sent };
  };
  const body = { role: 'certification_body' as const, certificationBodyId: BODY };

  it('ends the previous links before the evaluation request goes out with a new one', async () => {
    const { reissue, row, events, sent } = setup();
    await reissue.reissue(body, row.id, 1);
    expect(events).toEqual([`consumeAll ${row.id} 1`, 'send']);
    expect(sent[0]).toMatchObject({
      template: 'evaluation_request',
      recipient: { kind: 'enterprise' },
      evaluation: 1,
      linkExpiresAt: expect.any(String),
      about: { journeyId: row.id },
    });
    // Each re-issue is its own email: a key no earlier email has.
    await reissue.reissue(body, row.id, 1);
    expect(sent[1].key).not.toBe(sent[0].key);
  });

  it('refuses (409) an evaluation not due or already answered, leaving its links alone', async () => {
    const { reissue, row, events } = setup();
    await expect(reissue.reissue(body, row.id, 2)).rejects.toBeInstanceOf(ConflictError);
    const answered = setup(true);
    await expect(answered.reissue.reissue(body, answered.row.id, 1)).rejects.toThrow(/already answered/);
    expect([...events, ...answered.events]).toEqual([]);
  });

  it('tells another body or an out-of-scope regulator that the journey does not exist', async () => {
    const { reissue, row, events } = setup();
    const other = {
      role: 'certification_body' as const,
      certificationBodyId: 'a0b1c2d3-0000-4000-8000-000000000000',
    };
    await expect(reissue.reissue(other, row.id, 1)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      reissue.reissue({ role: 'regulator', regionCode: '310000' }, row.id, 1),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(events).toEqual([]);
  });
});
