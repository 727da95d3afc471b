import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityFailureLog, FailedAttempt } from '@uplift/persistence';
import { activityFailures } from './activity-failures.interceptor';

function fakeLog(options: { broken?: boolean } = {}) {
  const failures: FailedAttempt[] = [];
  const resolved: string[] = [];
  const fail = () => {
    if (options.broken) throw new Error('database down');
  };
  const log: ActivityFailureLog = {
    recordFailure: async (a) => {
      fail();
      failures.push(a);
    },
    resolve: async (_e, resolution) => {
      fail();
      resolved.push(resolution);
    },
    skipRequestedBy: async () => null,
    stuck: async () => [],
    findOpen: async () => null,
    requestSkip: async () => false,
  };
  return { log, failures, resolved };
}

const info = (activityType: string, attempt = 3) =>
  ({
    info: {
      activityType,
      activityId: '7',
      attempt,
      workflowExecution: { workflowId: 'journey-r1-X', runId: 'run-1' },
    },
  }) as unknown as Context;

describe('activity failures', () => {
  const warnings: string[] = [];
  const logger = { warn: (m: string) => void warnings.push(m) };
  const run = (log: ActivityFailureLog, type: string, args: unknown[], next: () => Promise<unknown>) =>
    activityFailures(log, logger)(info(type)).inbound!.execute!({ args, headers: {} }, next as never);

  it("records a retried email's failed attempt with its key and error, and rethrows it unchanged", async () => {
    const { log, failures } = fakeLog();
    const error = new Error('connect ECONNREFUSED 127.0.0.1:2525');
    const command = { key: 'journey-r1-X:reminder:1', template: 'reminder' };
    await expect(run(log, 'sendNotification', [command], () => Promise.reject(error))).rejects.toBe(error);
    expect(failures).toEqual([
      {
        workflowId: 'journey-r1-X',
        runId: 'run-1',
        activityId: '7',
        activityType: 'sendNotification',
        attempt: 3,
        error: 'connect ECONNREFUSED 127.0.0.1:2525',
        emailKey: 'journey-r1-X:reminder:1',
        emailTemplate: 'reminder',
      },
    ]);
  });

  it('marks the failure resolved by how the activity ended: succeeded, skipped or given up', async () => {
    const { log, resolved, failures } = fakeLog();
    await run(log, 'recordJourney', [], async () => undefined);
    await run(log, 'sendNotification', [{ key: 'k' }], async () => 'skipped');
    const refused = ApplicationFailure.create({ message: '501 bad address', nonRetryable: true });
    await expect(run(log, 'sendNotification', [{ key: 'k' }], () => Promise.reject(refused))).rejects.toBe(
      refused,
    );
    expect(resolved).toEqual(['succeeded', 'skipped', 'gave_up']);
    expect(failures).toEqual([]);
  });

  it('never changes the outcome when the record cannot be written', async () => {
    const { log } = fakeLog({ broken: true });
    const error = new Error('SMTP 421');
    await expect(run(log, 'sendNotification', [{ key: 'k' }], () => Promise.reject(error))).rejects.toBe(
      error,
    );
    expect(await run(log, 'recordJourney', [], async () => 'done')).toBe('done');
    expect(warnings.filter((w) => w.includes('database down'))).toHaveLength(2);
  });
});
