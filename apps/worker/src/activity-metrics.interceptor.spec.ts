import type { Context } from '@temporalio/activity';
import { activityMetrics } from './activity-metrics.interceptor';
import { WorkerMetrics } from './worker-metrics';

describe('activity metrics', () => {
  const run = (metrics: WorkerMetrics, activityType: string, args: unknown[], next: () => Promise<unknown>) =>
    activityMetrics(metrics)({ info: { activityType } } as Context).inbound!.execute!(
      { args, headers: {} },
      next as never,
    );

  const value = async (metrics: WorkerMetrics, name: string, labels: Record<string, string> = {}) =>
    (await metrics.registry.getSingleMetric(name)!.get()).values.find((v) =>
      Object.entries(labels).every(([k, l]) => v.labels[k] === l),
    )?.value;

  it('counts emails by template and outcome, a failed attempt included', async () => {
    const metrics = new WorkerMetrics();
    const command = [{ template: 'reminder' }];
    await run(metrics, 'sendNotification', command, async () => 'sent');
    await run(metrics, 'sendNotification', command, async () => 'already_sent');
    await expect(
      run(metrics, 'sendNotification', command, async () => {
        throw new Error('SMTP down');
      }),
    ).rejects.toThrow('SMTP down');
    for (const outcome of ['sent', 'already_sent', 'failed'])
      expect(await value(metrics, 'uplift_emails_total', { template: 'reminder', outcome })).toBe(1);
  });

  it('counts journeys launched and lets other activities through untouched', async () => {
    const metrics = new WorkerMetrics();
    expect(
      await run(metrics, 'launchPendingJourneys', [], async () => ({ launched: 7, more: false })),
    ).toEqual({
      launched: 7,
      more: false,
    });
    expect(await run(metrics, 'recordJourney', [], async () => undefined)).toBeUndefined();
    expect(await value(metrics, 'uplift_journeys_launched_total')).toBe(7);
  });
});
