import type { Client } from '@temporalio/client';
import { openCampaign, type Campaign, type RoundSettings } from '../support/campaign';
import { clearOfBeijingMidnight } from '../support/calendar';
import { seedDigests } from '../support/digest-seed';
import { deliveredTwice, eventually } from '../support/faults';
import { Stack } from '../support/stack';

/**
 * The worker SIGKILLed while the notification dispatcher sends the day's digests: once a worker is
 * back, the dispatcher's activity is retried and every person has had exactly one digest, listing
 * each of their stalled journeys once. A digest sent twice would show twice at the SMTP server under
 * its key; one lost would leave its claimed items without a sent email.
 */
const began = Date.now();
const log = (what: string) =>
  process.stdout.write(`[${Math.round((Date.now() - began) / 1000)} s] ${what}\n`);

describe('the worker killed while digests go out', () => {
  const RECIPIENTS = 400;
  const PER_RECIPIENT = 3;
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;

  beforeAll(async () => {
    // Every digest of the suite is today's: a run that crossed Beijing midnight would owe a second one.
    await clearOfBeijingMidnight(15);
    // The Schedule's own hourly run stays out of the way: the suite triggers the dispatcher itself.
    stack = await Stack.start({ env: { NOTIFICATION_DISPATCH_SECONDS: '3600' } });
    temporal = await stack.temporalClient();
    // Digest time 00:00: due as soon as the dispatcher runs, whatever the hour.
    c = await openCampaign(stack, { digest: { at: '00:00' } } as RoundSettings, 'digest-killed');
  }, 1_000_000);

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('sends each digest exactly once across the kill', async () => {
    const seeded = await seedDigests((sql, params) => stack.query(sql, params), {
      roundId: c.roundId,
      recipients: RECIPIENTS,
      perRecipient: PER_RECIPIENT,
      tag: 'killed',
    });
    const digests = () =>
      stack.mail.messages.filter((m) => String(m.headers.get('x-uplift-key')).startsWith('digest:'));
    const schedule = temporal.schedule.getHandle(
      `uplift-notification-dispatch-${stack.env().TEMPORAL_TASK_QUEUE}`,
    );
    const recordedSent = async () =>
      (
        await stack.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM emails WHERE template = 'digest' AND status = 'sent'`,
        )
      )[0].n;
    // A slow SMTP server: each digest waits a second before it is accepted. The worker is killed
    // while digests wait there and every digest accepted so far is recorded sent: none is in the
    // instant between the server's acceptance and its record, which no SMTP sender can close.
    stack.mail.hold(1000);
    await schedule.trigger();
    log('dispatcher triggered');
    await eventually(
      'digests delivered and recorded, others held at the server',
      async () => {
        const recorded = await recordedSent();
        return { recorded, delivered: digests().length, held: stack.mail.held };
      },
      (s) => s.delivered >= 8 && s.recorded === s.delivered && s.held > 0,
      120_000,
      10,
    );
    await stack.killWorker();
    const midway = digests().length;
    log(`worker killed after ${midway} digests`);
    expect(midway).toBeLessThan(RECIPIENTS);
    stack.mail.hold(0);
    await stack.startWorker();

    // The dead attempt is retried once its heartbeat times out (half a minute).
    const sent = await eventually(
      'every digest recorded as sent',
      recordedSent,
      (n) => n === RECIPIENTS,
      180_000,
    );
    expect(sent).toBe(RECIPIENTS);
    await stack.mail.waitFor((m) => digests().includes(m), RECIPIENTS, 30_000);
    // Another pass finds nothing to send: each person had today's digest.
    await schedule.trigger();
    await new Promise((r) => setTimeout(r, 8000));
    expect(digests()).toHaveLength(RECIPIENTS);
    expect(deliveredTwice(stack)).toEqual([]);
    const byRecipient = new Map<string, number>();
    for (const m of digests()) {
      const to = Array.isArray(m.to) ? m.to[0].text : m.to!.text;
      byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
      // Each person's three journeys, each once, though each had a reminder and an escalation.
      const listed = m.text!.match(/待办企业\d+（/g) ?? [];
      expect(listed).toHaveLength(PER_RECIPIENT);
      expect(new Set(listed).size).toBe(PER_RECIPIENT);
    }
    expect([...byRecipient.keys()].sort()).toEqual([...seeded.emails].sort());
    expect([...byRecipient.values()].every((n) => n === 1)).toBe(true);
    const left = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM digest_items WHERE round_id = $1 AND digest_key IS NULL`,
      [c.roundId],
    );
    expect(left).toEqual([{ n: 0 }]);
  });
});
