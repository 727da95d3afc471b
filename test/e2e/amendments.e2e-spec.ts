import type { Client } from '@temporalio/client';
import { answerEvaluation, BETTER, candidate, openCampaign, toFollowUp } from '../support/campaign';
import { recordHistory } from '../support/histories';
import { Stack } from '../support/stack';

describe('amendments and assistance progress end to end', () => {
  let stack: Stack;
  let temporal: Client;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('records a journey assisted under the code before amendments', async () => {
    const c = await openCampaign(stack, { evaluationOffsets: ['PT1S'] }, 'before-amendments');
    const { id } = await toFollowUp(stack, c, candidate(71), {
      outcome: 'certified',
      certificateNumber: '00126Q30071R0S',
      issuedOn: '2026-11-20',
    });
    await answerEvaluation(stack, c, id, 1, {
      satisfaction: 'satisfied',
      effectiveness: 'very_obvious',
      metrics: BETTER,
    });
    await temporal.workflow.getHandle(id).result();
    await recordHistory(temporal, id, 'completed-assisted-before-amendments');
  });
});
