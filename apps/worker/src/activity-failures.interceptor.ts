import { type Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { NotificationCommand } from '@uplift/activities';
import type { ActivityFailureLog } from '@uplift/persistence';

interface Logger {
  warn(message: string): void;
}

/** The email an attempt was sending, when it was sending one. */
function emailOf(type: string, args: unknown[]): { key: string; template: string } | null {
  if (type !== 'sendNotification') return null;
  const command = args[0] as Partial<NotificationCommand> | undefined;
  return typeof command?.key === 'string' ? { key: command.key, template: String(command.template) } : null;
}

/**
 * Records every failed attempt of an activity Temporal will retry, and marks it resolved once it
 * succeeds or gives up: what an admin's stuck-work list shows. Recording is best effort: an error
 * writing the record is logged and swallowed, so the activity's own outcome is always what Temporal
 * sees.
 */
export function activityFailures(log: ActivityFailureLog, logger: Logger): ActivityInterceptorsFactory {
  const quietly = async (what: string, write: () => Promise<void>) => {
    try {
      await write();
    } catch (err) {
      logger.warn(`could not record ${what}: ${String(err)}`);
    }
  };
  return (ctx: Context) => ({
    inbound: {
      async execute(input, next) {
        const { info } = ctx;
        // Every activity of Uplift's is a workflow's; one that is not has nothing to list it under.
        if (!info.workflowExecution) return next(input);
        const execution = {
          workflowId: info.workflowExecution.workflowId,
          runId: info.workflowExecution.runId,
          activityId: info.activityId,
        };
        let result: unknown;
        try {
          result = await next(input);
        } catch (err) {
          // A worker shutting down cancels what it runs: that is not the activity failing.
          if (err instanceof CancelledFailure) throw err;
          if (err instanceof ApplicationFailure && err.nonRetryable) {
            await quietly('an activity giving up', () => log.resolve(execution, 'gave_up'));
            throw err;
          }
          const email = emailOf(info.activityType, input.args);
          await quietly('a failed attempt', () =>
            log.recordFailure({
              ...execution,
              activityType: info.activityType,
              attempt: info.attempt,
              error: err instanceof Error ? err.message : String(err),
              emailKey: email?.key ?? null,
              emailTemplate: email?.template ?? null,
            }),
          );
          throw err;
        }
        // Also after a first attempt: an admin's retry starts Temporal's count at 1 again.
        await quietly('an activity recovering', () =>
          log.resolve(execution, result === 'skipped' ? 'skipped' : 'succeeded'),
        );
        return result;
      },
    },
  });
}
