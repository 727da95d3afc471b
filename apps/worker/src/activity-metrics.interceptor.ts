import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { JourneyActivities, NotificationCommand, LaunchActivities } from '@uplift/activities';
import type { WorkerMetrics } from './worker-metrics';

type Outcome<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/**
 * Counts what activities did from their inputs and results, so the activities themselves stay
 * free of metrics (and testable without them). Attempts are counted: a failed send that Temporal
 * retries shows as one `failed` and then one `sent`.
 */
export function activityMetrics(metrics: WorkerMetrics): ActivityInterceptorsFactory {
  return (ctx: Context) => ({
    inbound: {
      async execute(input, next) {
        const type = ctx.info.activityType;
        if (type === 'sendNotification') {
          const { template } = input.args[0] as NotificationCommand;
          try {
            const outcome = (await next(input)) as Outcome<JourneyActivities['sendNotification']>;
            metrics.emails.inc({ template, outcome });
            return outcome;
          } catch (err) {
            metrics.emails.inc({ template, outcome: 'failed' });
            throw err;
          }
        }
        const result = await next(input);
        if (type === 'launchPendingJourneys') {
          metrics.journeysLaunched.inc(
            (result as Outcome<LaunchActivities['launchPendingJourneys']>).launched,
          );
        }
        return result;
      },
    },
  });
}
