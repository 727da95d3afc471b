import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '@uplift/activities/notification-activities';

const { sendDeferredEmails, claimDueDigests, sendDigests } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 minutes',
  // Heartbeats come with every email: a dead worker's call is retried half a minute later, and sends
  // again only what the email log does not show as sent.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The Temporal Schedule that runs the dispatcher (`ensureNotificationDispatch`). */
export const NOTIFICATION_DISPATCH_SCHEDULE = 'uplift-notification-dispatch';

/** Digests per activity call, and calls side by side: 1,000 digests are 20 calls, 4 at a time. */
const DIGESTS_PER_CALL = 50;
const CALLS_AT_ONCE = 4;

/**
 * One pass of the notification dispatcher, run by a Temporal Schedule every minute (never two at
 * once): emails held back for working hours whose time has come go out, and each person whose
 * digest time has come gets the day's digest. Every step is an idempotent activity, so a run cut
 * short by a dead worker is finished by its retries, and the next run finds nothing done twice.
 */
export async function notificationDispatchWorkflow(): Promise<{ deferred: number; digests: number }> {
  // Side by side: an email that keeps failing on one side holds up nothing on the other.
  const [deferred, digests] = await Promise.all([sendDeferredEmails(), sendDueDigests()]);
  return { deferred, digests };
}

async function sendDueDigests(): Promise<number> {
  const due = await claimDueDigests();
  const calls: (typeof due)[] = [];
  for (let i = 0; i < due.length; i += DIGESTS_PER_CALL) calls.push(due.slice(i, i + DIGESTS_PER_CALL));
  let digests = 0;
  for (let i = 0; i < calls.length; i += CALLS_AT_ONCE) {
    const sent = await Promise.all(calls.slice(i, i + CALLS_AT_ONCE).map((c) => sendDigests(c)));
    digests += sent.reduce((a, n) => a + n, 0);
  }
  return digests;
}
