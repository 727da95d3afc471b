import type { Actor } from './principal';
import { assigneeSchema } from './schemas';
import { DEFAULT_ROUND_SETTINGS } from './settings';
import { checkStep, checkStepPayload } from './steps';
import { applyStep, initialJourney, notificationFacts } from './transitions';

const now = new Date('2026-03-01T00:00:00Z');
const later = new Date('2026-03-20T00:00:00Z');
const BODY = '6f1c2b4e-9d1a-4c3b-8e2f-1a2b3c4d5e6f';
const OTHER_BODY = '0b7d3c2a-5e4f-4a1b-9c8d-7e6f5a4b3c2d';
const WANG = '3c9e1f7a-2b4d-4e6f-8a1c-5d7e9f1a3b5c';
const LI = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const regulator: Actor = { principalId: 'p1', role: 'regulator', name: '福建省局', regionCode: '350000' };
const body: Actor = {
  principalId: 'p3',
  role: 'certification_body',
  name: '甲认证',
  certificationBodyId: BODY,
};
const fresh = initialJourney(
  {
    id: 'j',
    roundId: 'r1',
    enterprise: {
      uscc: '91350100M000100Y43',
      name: '福州甲公司',
      regionCode: '350102',
      industryCode: 'C3511',
      email: 'a@x.example',
    },
    settings: DEFAULT_ROUND_SETTINGS,
  },
  now,
);
const selected = applyStep(fresh, 'screening-decision', regulator, { decision: 'selected' }, now).state;
const assigned = applyStep(selected, 'assignment', regulator, { certificationBodyId: BODY }, now).state;

describe("a journey given to one of its body's staff", () => {
  it('names a person by id, or nobody (back to the body)', () => {
    expect(assigneeSchema.safeParse({ assigneeId: WANG }).success).toBe(true);
    expect(assigneeSchema.safeParse({ assigneeId: null }).success).toBe(true);
    expect(assigneeSchema.safeParse({ assigneeId: 'wang' }).success).toBe(false);
    expect(assigneeSchema.safeParse({}).success).toBe(false);
  });

  it('is taken by the body once it is assigned, not by a regulator', () => {
    expect(checkStep(assigned, 'assignee', body)).toBeNull();
    expect(checkStep(assigned, 'assignee', regulator)).toMatchObject({ kind: 'actor' });
    // Before any body is assigned there is nobody's staff to give it to (an admin sees every journey).
    const admin: Actor = { principalId: 'p0', role: 'admin', name: 'ops' };
    expect(checkStep(selected, 'assignee', admin)).toMatchObject({ code: 'step.no_certification_body' });
    expect(checkStep(fresh, 'assignee', admin)).toMatchObject({ code: 'step.wrong_stage' });
  });

  it('tells the new assignee what to do next, and changes neither deadline nor stall', () => {
    const stalled = { ...assigned, stalled: true, stalledSince: now.toISOString(), remindersSent: 2 };
    const { state, notifications } = applyStep(stalled, 'assignee', body, { assigneeId: WANG }, later);
    expect(state).toMatchObject({
      assigneeId: WANG,
      stage: 'diagnosis',
      deadline: assigned.deadline,
      stalled: true,
      remindersSent: 2,
      version: assigned.version + 1,
    });
    expect(notifications).toEqual([
      {
        template: 'assignee',
        recipient: { kind: 'principal', id: WANG },
        key: `j:assignee:${assigned.version + 1}`,
        step: 'diagnosis',
      },
    ]);
    expect(notificationFacts(state).assigneeId).toBe(WANG);
  });

  it('tells both sides when it passes from one person to another, and the old one alone when given back to the body', () => {
    const wang = applyStep(assigned, 'assignee', body, { assigneeId: WANG }, now).state;
    const li = applyStep(wang, 'assignee', body, { assigneeId: LI }, later);
    expect(li.notifications.map((n) => [n.template, n.recipient])).toEqual([
      ['assignee', { kind: 'principal', id: LI }],
      ['assignee_removed', { kind: 'principal', id: WANG }],
    ]);
    const keys = li.notifications.map((n) => n.key);
    expect(new Set(keys).size).toBe(2);
    const none = applyStep(li.state, 'assignee', body, { assigneeId: null }, later);
    expect(none.state.assigneeId).toBeNull();
    expect(none.notifications.map((n) => [n.template, n.recipient])).toEqual([
      ['assignee_removed', { kind: 'principal', id: LI }],
    ]);
    expect(notificationFacts(none.state)).not.toHaveProperty('assigneeId');
  });

  it('refuses the same person again as already done', () => {
    const wang = applyStep(assigned, 'assignee', body, { assigneeId: WANG }, now).state;
    expect(checkStepPayload(wang, 'assignee', { assigneeId: WANG })).toMatchObject({
      code: 'step.already_assignee',
    });
    expect(checkStepPayload(assigned, 'assignee', { assigneeId: null })).toMatchObject({
      code: 'step.already_assignee',
    });
    expect(checkStepPayload(wang, 'assignee', { assigneeId: LI })).toBeNull();
  });

  it('is cleared when the journey moves to another body, whose old assignee is told', () => {
    const wang = applyStep(assigned, 'assignee', body, { assigneeId: WANG }, now).state;
    const moved = applyStep(wang, 'reassignment', regulator, { certificationBodyId: OTHER_BODY }, later);
    expect(moved.state.assigneeId).toBeNull();
    expect(moved.notifications.map((n) => [n.template, n.recipient])).toEqual([
      ['assignee_removed', { kind: 'principal', id: WANG }],
      ['assignment', { kind: 'certification_body', id: OTHER_BODY }],
      ['reassignment', { kind: 'certification_body', id: BODY }],
    ]);
    // A journey that never had an assignee moves as before, with no assignee field.
    const plain = applyStep(assigned, 'reassignment', regulator, { certificationBodyId: OTHER_BODY }, later);
    expect(plain.state).not.toHaveProperty('assigneeId');
    expect(plain.notifications).toHaveLength(2);
  });
});
