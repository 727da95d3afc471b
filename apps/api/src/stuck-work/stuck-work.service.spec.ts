import { ConflictError, NotFoundError } from '@uplift/domain';
import type { ActivityFailureEntity, ActivityFailureLog, JourneyRow, RoundEntity } from '@uplift/persistence';
import type { ActivityControl } from '@uplift/temporal';
import { StuckWorkService } from './stuck-work.service';

const ID = '0b8c4c2e-5a5e-4d8e-9f6a-3a7e0f1c2d3e';

function failure(overrides: Partial<ActivityFailureEntity> = {}): ActivityFailureEntity {
  return {
    id: ID,
    workflowId: 'journey-r1-91330106M000810001',
    runId: 'run-1',
    activityId: '3',
    activityType: 'sendNotification',
    emailKey: 'journey-r1-91330106M000810001:assignment',
    emailTemplate: 'assignment',
    attempts: 4,
    lastAttempt: 4,
    firstFailedAt: new Date('2026-12-01T02:00:00Z'),
    lastFailedAt: new Date('2026-12-01T02:00:35Z'),
    lastError: 'connect ECONNREFUSED 127.0.0.1:2525',
    resolvedAt: null,
    resolution: null,
    skipRequestedBy: null,
    skipRequestedAt: null,
    ...overrides,
  };
}

function setup(open: ActivityFailureEntity | null, pending: 'scheduled' | 'not_pending' = 'scheduled') {
  const calls: string[] = [];
  const log = {
    findOpen: async () => open,
    requestSkip: async (_id: string, by: string) => (calls.push(`skip by ${by}`), true),
    resolve: async (_e: unknown, resolution: string) => void calls.push(`resolved ${resolution}`),
    stuck: async () => (open ? [open] : []),
  } as unknown as ActivityFailureLog;
  const journeys = {
    find: async (id: string) =>
      id === open?.workflowId
        ? ({ id, roundId: 'r1', enterprise: { name: '杭州测试企业有限公司' } } as JourneyRow)
        : null,
  };
  const rounds = { find: async () => ({ id: 'r1', name: '2026年浙江省第一批' }) as RoundEntity };
  const control = {
    runNow: async (a: { activityId: string }, identity: string) => (
      calls.push(`run ${a.activityId} as ${identity}`),
      pending
    ),
  } as unknown as ActivityControl;
  return { service: new StuckWorkService(log, journeys, rounds, control), calls };
}

describe('stuck work', () => {
  it('lists a failing email with its enterprise and round names', async () => {
    const { service } = setup(failure());
    const [item] = await service.list({ minAttempts: 2, olderThanMinutes: 60, limit: 100 });
    expect(item).toMatchObject({
      journeyId: 'journey-r1-91330106M000810001',
      enterpriseName: '杭州测试企业有限公司',
      roundName: '2026年浙江省第一批',
      attempts: 4,
      canSkip: true,
      skipRequested: false,
    });
  });

  it('records the skip and runs the next attempt at once so it completes without sending', async () => {
    const { service, calls } = setup(failure());
    const view = await service.skip(ID, 'admin-1');
    expect(calls).toEqual(['skip by admin-1', 'run 3 as uplift-api:admin-1']);
    expect(view).toMatchObject({ skipRequested: true, canSkip: false });
  });

  it('refuses to skip anything but an email, and anything no longer open', async () => {
    await expect(setup(failure({ emailKey: null })).service.skip(ID, 'a')).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(setup(null).service.skip(ID, 'a')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('marks a retried activity Temporal no longer has as gone, and says so', async () => {
    const { service, calls } = setup(failure(), 'not_pending');
    await expect(service.retry(ID, 'admin-1')).rejects.toBeInstanceOf(ConflictError);
    expect(calls).toEqual(['run 3 as uplift-api:admin-1', 'resolved gone']);
  });
});
