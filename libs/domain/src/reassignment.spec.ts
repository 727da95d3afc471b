import { durationToMs } from './duration';
import type { Actor } from './principal';
import { DEFAULT_ROUND_SETTINGS } from './settings';
import { reassignmentSchema } from './schemas';
import { bodyAssignedBy, checkStep, checkStepPayload } from './steps';
import { applyStep, initialJourney, pendingStep } from './transitions';

const now = new Date('2026-03-01T00:00:00Z');
const later = new Date('2026-03-20T00:00:00Z');
const OLD = '6f1c2b4e-9d1a-4c3b-8e2f-1a2b3c4d5e6f';
const NEW = '0b7d3c2a-5e4f-4a1b-9c8d-7e6f5a4b3c2d';
const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const regulator: Actor = { principalId: 'p1', role: 'regulator', name: '福建省局', regionCode: '350000' };
const body: Actor = {
  principalId: 'p3',
  role: 'certification_body',
  name: '甲认证',
  certificationBodyId: OLD,
};
const fresh = initialJourney(
  {
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
  },
  now,
);
const selected = applyStep(fresh, 'screening-decision', regulator, { decision: 'selected' }, now).state;
const assigned = applyStep(selected, 'assignment', regulator, { certificationBodyId: OLD }, now).state;
const baseline = { revenue: 1, sales: 2, profitMargin: 3, qualityCostRate: 4, firstPassYield: 5 };
const diagnosed = applyStep(
  assigned,
  'diagnosis',
  body,
  { findings: [{ dimension: 'talent', category: '人才', description: '缺少内审员' }], baseline },
  now,
).state;

describe('reassignment', () => {
  it('takes the body given, optionally the one it replaces and a reason, and nothing else', () => {
    expect(reassignmentSchema.safeParse({ certificationBodyId: NEW }).success).toBe(true);
    expect(
      reassignmentSchema.safeParse({
        fromCertificationBodyId: OLD,
        certificationBodyId: NEW,
        reason: '资质撤销',
      }).success,
    ).toBe(true);
    expect(reassignmentSchema.safeParse({ fromCertificationBodyId: OLD }).success).toBe(false);
    expect(reassignmentSchema.safeParse({ certificationBodyId: 'b2' }).success).toBe(false);
    expect(reassignmentSchema.safeParse({ certificationBodyId: NEW, body: OLD }).success).toBe(false);
  });

  it('is for a regulator, from the diagnosis to the certification, once a body is assigned', () => {
    expect(checkStep(assigned, 'reassignment', regulator)).toBeNull();
    expect(checkStep(diagnosed, 'reassignment', regulator)).toBeNull();
    expect(checkStep(assigned, 'reassignment', body)).toMatchObject({ kind: 'actor', code: 'step.role' });
    expect(checkStep(selected, 'reassignment', regulator)).toMatchObject({
      kind: 'stage',
      code: 'step.no_certification_body',
    });
    expect(checkStep(fresh, 'reassignment', regulator)).toMatchObject({ code: 'step.wrong_stage' });
  });

  it('refuses to move a journey from a body it is not assigned to, or to the body it has', () => {
    expect(
      checkStepPayload(assigned, 'reassignment', {
        fromCertificationBodyId: OTHER,
        certificationBodyId: NEW,
      }),
    ).toMatchObject({ kind: 'stage', code: 'step.reassignment_other_body', currentStage: 'diagnosis' });
    expect(checkStepPayload(assigned, 'reassignment', { certificationBodyId: OLD })).toMatchObject({
      code: 'step.already_assigned',
    });
    expect(
      checkStepPayload(assigned, 'reassignment', { fromCertificationBodyId: OLD, certificationBodyId: NEW }),
    ).toBeNull();
    expect(checkStepPayload(assigned, 'reassignment', { certificationBodyId: NEW })).toBeNull();
  });

  it('names the body it gives the journey to for the existence check, as assignment does', () => {
    expect(bodyAssignedBy('reassignment', { certificationBodyId: NEW })).toEqual({
      field: 'certificationBodyId',
      id: NEW,
    });
    expect(bodyAssignedBy('assignment', { certificationBodyId: NEW })?.id).toBe(NEW);
    expect(bodyAssignedBy('withdrawal', { reason: 'x' })).toBeNull();
  });

  it('moves the journey, restarts its deadline, and tells both bodies under keys of their own', () => {
    const stalled = { ...diagnosed, stalled: true, stalledSince: now.toISOString(), remindersSent: 2 };
    const t = applyStep(
      stalled,
      'reassignment',
      regulator,
      { certificationBodyId: NEW, reason: '资质撤销' },
      later,
    );
    expect(t.state).toMatchObject({
      stage: 'assistance',
      certificationBodyId: NEW,
      stalled: false,
      remindersSent: 0,
      version: stalled.version + 1,
      // The plan's full time, counted from the reassignment.
      deadline: new Date(
        later.getTime() + durationToMs(DEFAULT_ROUND_SETTINGS.deadlines.assistancePlan),
      ).toISOString(),
    });
    expect(pendingStep(t.state)?.step).toBe('assistance-plan');
    expect(Date.parse(t.state.deadline!)).toBeGreaterThan(Date.parse(stalled.deadline!));
    expect(t.state.assignments.at(-1)).toMatchObject({
      certificationBodyId: NEW,
      fromCertificationBodyId: OLD,
      by: { principalId: 'p1', role: 'regulator' },
    });
    // The reason stays in the step's payload (the history), not in the state every run carries.
    expect(JSON.stringify(t.state)).not.toContain('资质撤销');
    expect(t.notifications).toEqual([
      {
        template: 'assignment',
        recipient: { kind: 'certification_body', id: NEW },
        key: `${fresh.id}:assignment:2`,
        step: 'assistance-plan',
      },
      {
        template: 'reassignment',
        recipient: { kind: 'certification_body', id: OLD },
        key: `${fresh.id}:reassignment:2`,
        step: 'reassignment',
      },
    ]);
    // A second reassignment has keys of its own: its emails are not taken for the first one's.
    const back = applyStep(t.state, 'reassignment', regulator, { certificationBodyId: OLD }, later);
    expect(back.notifications.map((n) => n.key)).toEqual([
      `${fresh.id}:assignment:3`,
      `${fresh.id}:reassignment:3`,
    ]);
  });

  it('lets the new body take the next step, and no longer the old one', () => {
    const moved = applyStep(assigned, 'reassignment', regulator, { certificationBodyId: NEW }, later).state;
    const newBody: Actor = { ...body, principalId: 'p4', certificationBodyId: NEW };
    expect(checkStep(moved, 'diagnosis', newBody)).toBeNull();
    expect(checkStep(moved, 'diagnosis', body)).toMatchObject({ kind: 'out_of_scope' });
  });
});
