import type { JourneyState } from './journey';
import type { Actor } from './principal';
import { applyAlarm } from './schedule';
import { DEFAULT_ROUND_SETTINGS } from './settings';
import {
  STEP_NAMES,
  STEPS,
  checkStep,
  checkStepPayload,
  completeStep,
  journeyInScope,
  stepDefinition,
  stepRouteRoles,
  takenByLink,
  whoMustActKey,
  type StepName,
} from './steps';
import { journeyFacts } from './kpi';
import { applyStep, initialJourney, pendingStep, withoutTexts } from './transitions';

const now = new Date('2026-03-01T00:00:00Z');
const journey = initialJourney(
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
const regulator: Actor = { principalId: 'p1', role: 'regulator', name: '福建省局', regionCode: '350000' };
const otherRegulator: Actor = {
  principalId: 'p2',
  role: 'regulator',
  name: '浙江省局',
  regionCode: '330000',
};
const body: Actor = {
  principalId: 'p3',
  role: 'certification_body',
  name: '认证机构',
  certificationBodyId: 'b1',
};
const admin: Actor = { principalId: 'p0', role: 'admin', name: 'ops' };

describe('who may take which step when', () => {
  it('lets the regulator of the region decide screening', () => {
    expect(checkStep(journey, 'screening-decision', regulator)).toBeNull();
    expect(checkStep(journey, 'screening-decision', admin)).toBeNull();
  });

  it('hides the journey from a regulator of another region and an unassigned body', () => {
    expect(checkStep(journey, 'screening-decision', otherRegulator)).toMatchObject({ kind: 'out_of_scope' });
    expect(checkStep(journey, 'screening-decision', body)).toMatchObject({ kind: 'out_of_scope' });
    expect(journeyInScope(body, { regionCode: '350102', certificationBodyId: 'b1' })).toBe(true);
  });

  it('refuses a body taking a regulator step on its own journey', () => {
    const assigned = { ...journey, stage: 'diagnosis' as const, certificationBodyId: 'b1' };
    expect(checkStep(assigned, 'assignment', body)).toMatchObject({ kind: 'actor' });
  });

  it('refuses a step in the wrong stage and names the current one', () => {
    expect(checkStep(journey, 'assignment', regulator)).toEqual({
      kind: 'stage',
      currentStage: 'screening',
      message: 'assignment is not allowed in stage screening',
      code: 'step.wrong_stage',
      params: { step: 'assignment', stage: 'screening' },
    });
  });

  it('treats assigning the same body again as already done, and another body as a reassignment', () => {
    const selected = applyStep(journey, 'screening-decision', regulator, { decision: 'selected' }, now).state;
    const assigned = applyStep(selected, 'assignment', regulator, { certificationBodyId: 'b1' }, now).state;
    expect(checkStepPayload(assigned, 'assignment', { certificationBodyId: 'b1' })).toMatchObject({
      kind: 'stage',
    });
    expect(checkStepPayload(assigned, 'assignment', { certificationBodyId: 'b2' })).toBeNull();
  });
});

describe('what a step records', () => {
  it('moves a selected enterprise to diagnosis with the diagnosis deadline', () => {
    const t = applyStep(journey, 'screening-decision', regulator, { decision: 'selected' }, now);
    expect(t.state).toMatchObject({
      stage: 'diagnosis',
      version: journey.version + 1,
      deadline: '2026-03-31T00:00:00.000Z',
      screening: { decision: 'selected', by: { principalId: 'p1', role: 'regulator' } },
    });
    expect(t.notifications).toEqual([]);
  });

  it('ends a rejected enterprise with its reason and no deadline', () => {
    const t = applyStep(
      journey,
      'screening-decision',
      regulator,
      { decision: 'rejected', reason: '意愿不强' },
      now,
    );
    expect(t.state).toMatchObject({ stage: 'rejected', deadline: null, screening: { reason: '意愿不强' } });
  });

  it('asks for one email to the assigned body, keyed so a retry sends nothing twice', () => {
    const selected = applyStep(journey, 'screening-decision', regulator, { decision: 'selected' }, now).state;
    const t = applyStep(selected, 'assignment', regulator, { certificationBodyId: 'b1' }, now);
    expect(t.state.certificationBodyId).toBe('b1');
    expect(t.notifications).toEqual([
      {
        template: 'assignment',
        recipient: { kind: 'certification_body', id: 'b1' },
        key: `${journey.id}:assignment:1`,
        step: 'assignment',
      },
    ]);
  });
});

describe('the state a workflow carries', () => {
  it('drops the texts of every record and keeps what rules and reports use (measure titles, which progress names)', () => {
    const long = '长'.repeat(2000);
    let s = journey;
    const take = <S extends Parameters<typeof applyStep>[1]>(step: S, actor: Actor, payload: unknown) =>
      (s = withoutTexts(applyStep(s, step, actor, payload as never, now).state));
    take('screening-decision', regulator, { decision: 'selected', reason: long });
    take('assignment', regulator, { certificationBodyId: 'b1' });
    const baseline = { revenue: 1, sales: 2, profitMargin: 3, qualityCostRate: 4, firstPassYield: 5 };
    take('diagnosis', body, {
      findings: [{ dimension: 'talent', category: long.slice(0, 100), description: long }],
      baseline,
    });
    take('assistance-plan', body, {
      measures: [{ title: '培训内审员', owner: long.slice(0, 100), dueDate: '2026-12-31' }],
    });
    take('assistance-completion', body, { summary: long });
    take('certification', body, { outcome: 'not_certified', reason: long });
    expect(JSON.stringify(s)).not.toContain('长');
    expect(s).toMatchObject({
      stage: 'follow_up',
      certificationBodyId: 'b1',
      screening: { decision: 'selected' },
      diagnosis: { findings: [], baseline },
      plan: { measures: [{ title: '培训内审员', owner: '', dueDate: '2026-12-31' }] },
      certification: { outcome: 'not_certified' },
    });
    expect(checkStep(s, 'assistance-plan', body)).not.toBeNull();
    expect(checkStep(s, 'assistance-progress', body)).not.toBeNull();
    expect(journeyFacts(s)).toEqual(
      journeyFacts({
        ...s,
        diagnosis: { ...s.diagnosis!, findings: [{ dimension: 'talent', category: 'x', description: 'y' }] },
      }),
    );
  });
});

describe('the step table', () => {
  const enterprise: Actor = {
    principalId: 'enterprise:91350100M000100Y43',
    role: 'enterprise',
    name: '福州甲公司',
    uscc: '91350100M000100Y43',
  };
  const system: Actor = { principalId: 'system', role: 'system', name: 'system' };
  const ACTORS = [admin, regulator, body, enterprise, system];
  const baseline = { revenue: 1, sales: 2, profitMargin: 3, qualityCostRate: 4, firstPassYield: 5 };

  /** A journey along its longest path: every state it passes through, first to last. */
  function walk(): JourneyState[] {
    const states = [journey];
    const take = (step: StepName, actor: Actor, payload: unknown, target = {}) =>
      states.push(applyStep(states.at(-1)!, step, actor, payload as never, now, target).state);
    const fallDue = () =>
      states.push(applyAlarm(states.at(-1)!, { kind: 'evaluation_due', at: now.toISOString() }, now).state);
    take('screening-decision', regulator, { decision: 'selected' });
    take('assignment', regulator, { certificationBodyId: 'b1' });
    take('diagnosis', body, { findings: [], baseline });
    take('assistance-plan', body, { measures: [{ title: '培训', owner: '人事部', dueDate: '2026-12-31' }] });
    take('assistance-completion', body, { summary: '完成' });
    take('certification', body, { outcome: 'not_certified', reason: '未通过' });
    const answer = { satisfaction: 'satisfied', effectiveness: 'fairly_obvious', metrics: baseline };
    for (const n of [1, 2, 3]) {
      fallDue();
      take('evaluation', n === 2 ? body : enterprise, answer, { evaluation: n });
    }
    return states;
  }
  const states = walk();
  /** The state in which a step is pending, or, for a step nothing waits for, any state it is allowed in. */
  const whenDue = (step: StepName) =>
    states.find((s) => pendingStep(s)?.step === step) ??
    states.find((s) => stepDefinition(step).stages.includes(s.stage))!;

  it('walks a journey through every stage', () => {
    expect(states.at(-1)!.stage).toBe('completed');
    expect(new Set(states.map((s) => pendingStep(s)?.step))).toEqual(
      new Set([...STEP_NAMES.filter((step) => stepDefinition(step).actors.length > 0), undefined]),
    );
  });

  it.each(STEP_NAMES)('waits for %s only in its stages, for exactly its actors', (step) => {
    const { actors, stages } = stepDefinition(step);
    for (const s of states.filter((s) => pendingStep(s)?.step === step)) {
      expect(stages).toContain(s.stage);
      expect(pendingStep(s)!.actors).toEqual(actors);
    }
    expect(whoMustActKey(step)).toBe(actors.length > 0 ? actors.join('+') : null);
  });

  it.each(STEP_NAMES.filter((step) => stepDefinition(step).actors.length > 0))(
    'reminds the actors of %s, in their order, once it stalls',
    (step) => {
      const stalled = { ...whenDue(step), stalled: true, stalledSince: now.toISOString() };
      const reminder = applyAlarm(stalled, { kind: 'reminder', at: now.toISOString() }, now);
      expect(reminder.notifications.map((n) => [n.recipient.kind, n.step])).toEqual(
        stepDefinition(step).actors.map((actor) => [actor, step]),
      );
    },
  );

  it.each(STEP_NAMES)('lets exactly the roles of %s and an admin take it, in its stages only', (step) => {
    const { roles, stages } = stepDefinition(step);
    // With a body assigned every actor here has the journey in scope, so the role decides.
    const due = { ...whenDue(step), certificationBodyId: 'b1' };
    for (const actor of ACTORS) {
      const allowed = actor.role === 'admin' || roles.includes(actor.role);
      expect(checkStep(due, step, actor, { evaluation: 1 })?.kind === 'actor').toBe(!allowed);
    }
    for (const s of states.filter((s) => !stages.includes(s.stage)))
      expect(checkStep(s, step, admin, { evaluation: 1 })).toMatchObject({ kind: 'stage' });
  });

  it.each(STEP_NAMES)('routes %s to the roles with API keys and an admin; an enterprise by link', (step) => {
    const { roles, path } = stepDefinition(step);
    expect(stepRouteRoles(step)).toEqual([...roles.filter((r) => r !== 'enterprise'), 'admin']);
    expect(takenByLink(step)).toBe(roles.includes('enterprise'));
    // A step an enterprise takes by link is taken by a principal through its route as well.
    if (takenByLink(step)) expect(path).not.toBeNull();
  });

  it('records the expiry of a certificate the body gave none, by the three-year rule', () => {
    const certified = { outcome: 'certified' as const, certificateNumber: 'C1', issuedOn: '2026-02-28' };
    expect(completeStep('certification', certified)).toEqual({ ...certified, expiresOn: '2029-02-28' });
    const given = { ...certified, expiresOn: '2027-01-01' };
    expect(completeStep('certification', given)).toBe(given);
    for (const step of STEP_NAMES.filter((s) => s !== 'certification'))
      expect(STEPS[step]).not.toHaveProperty('complete');
  });
});
