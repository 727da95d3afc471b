import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { CN_CALENDAR, type WorkCalendar, workCalendar } from '@uplift/domain';
import { NOTIFICATION_DISPATCH_WORKFLOW } from '@uplift/temporal';

/** The Schedule's id: one per task queue, so suites sharing a Temporal server keep to their own. */
export function dispatchScheduleId(taskQueue: string): string {
  return `uplift-notification-dispatch-${taskQueue}`;
}

/**
 * Creates the Temporal Schedule that runs `notificationDispatchWorkflow` every `seconds`, or brings
 * an existing one to this configuration (every worker does so at start-up; the first creates it).
 * Runs never overlap: one still sending when the next is due makes that one skip.
 */
export async function ensureNotificationDispatch(
  client: Client,
  taskQueue: string,
  seconds: number,
): Promise<string> {
  const scheduleId = dispatchScheduleId(taskQueue);
  const options = {
    spec: { intervals: [{ every: `${seconds}s` as const }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: NOTIFICATION_DISPATCH_WORKFLOW,
      workflowId: scheduleId,
      taskQueue,
      args: [] as [],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' as const },
  };
  try {
    await client.schedule.create({ scheduleId, ...options });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...options }));
  }
  return scheduleId;
}

/**
 * The calendar working hours and digests keep: the bundled mainland one, or for tests the JSON file
 * `UPLIFT_TEST_CALENDAR` names (e.g. every day a working day, so a test's window opens today).
 */
export function deliveryCalendar(file: string | undefined): WorkCalendar {
  if (!file) return CN_CALENDAR;
  const data = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof workCalendar>[0];
  return workCalendar(data);
}
