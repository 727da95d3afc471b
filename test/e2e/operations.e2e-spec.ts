import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { freePort, waitFor } from '@uplift/devstack';
import { projectRoot } from '@uplift/config';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { Stack } from '../support/stack';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition as samples; comments and blank lines left out. */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return samples(text).find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

/** The JSON log lines in what the stack's processes printed. */
function jsonLines(output: string): Record<string, any>[] {
  const lines: Record<string, any>[] = [];
  for (const m of output.matchAll(/\{"level":[^\n]*\}/g)) {
    try {
      lines.push(JSON.parse(m[0]));
    } catch {
      // a line cut between two chunks of output
    }
  }
  return lines;
}

/** An executable of the build, as `npm run start:api` / `start:worker` run it, its output kept. */
function startProcess(app: 'api' | 'worker', env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [join(projectRoot(), 'dist', 'apps', app, 'src', 'main.js')], {
    env,
  });
  const proc = {
    child,
    out: '',
    exit: new Promise<number | null>((r) => child.once('exit', (code) => r(code))),
  };
  child.stdout!.on('data', (d: Buffer) => (proc.out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (proc.out += d.toString()));
  return proc;
}

/** Issue "Nothing lost", part 4 "Operations": structured logs, metrics, graceful shutdown. */
describe('operations', () => {
  let stack: Stack;
  let c: Campaign;
  let workerMetricsPort: number;
  let journeyId: string;
  const e = candidate(1);

  beforeAll(async () => {
    workerMetricsPort = await freePort();
    // Metrics are counted in each process (Prometheus sums the scrape targets): one of each here, so
    // the process scraped is the one that served the request or sent the email.
    stack = await Stack.start({
      apis: 1,
      workers: 1,
      env: { LOG_LEVEL: 'log', WORKER_METRICS_PORT: String(workerMetricsPort) },
    });
    c = await openCampaign(stack, {}, 'ops');
    journeyId = `journey-${c.roundId}-${e.uscc}`;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('logs each request as one JSON line with its request id, its caller and its workflow', async () => {
    const imported = await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises: [e] },
    });
    expect(imported.body.accepted).toBe(1);
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    const decision = await stack.request('POST', `/v1/journeys/${journeyId}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
      headers: { 'x-request-id': 'ops-screening-1' },
    });
    expect(decision.status).toBe(200);
    expect(decision.headers.get('x-request-id')).toBe('ops-screening-1');
    const regulator = (await stack.request('GET', '/v1/principals')).body.items.find(
      (p: { role: string; name: string }) => p.role === 'regulator' && p.name.endsWith('ops'),
    );

    let line: Record<string, any> | undefined;
    await waitFor('the access log line', async () => {
      line = jsonLines(stack.output).find(
        (l) => l.reqId === 'ops-screening-1' && l.msg === 'request completed',
      );
      return line !== undefined;
    });
    expect(line).toMatchObject({
      level: 'info',
      service: 'api',
      reqId: 'ops-screening-1',
      principal: { id: regulator.id, role: 'regulator' },
      workflowId: journeyId,
      method: 'POST',
      route: '/v1/journeys/:id/screening-decision',
      statusCode: 200,
    });
    expect(typeof line!.time).toBe('string');
    expect(line!.durationMs).toBeGreaterThan(0);
  });

  it("writes Nest's own Logger lines as JSON in the request's context", async () => {
    const temp = await stack.request('POST', '/v1/principals', {
      body: { role: 'regulator', name: '临时', email: 'temp@samr.example', regionCode: '330100' },
    });
    const revoked = await stack.request('POST', `/v1/principals/${temp.body.id}/revoke`, {
      headers: { 'x-request-id': 'ops-revoke-1' },
    });
    expect(revoked.status).toBe(200);
    let line: Record<string, any> | undefined;
    await waitFor('the revocation log line', async () => {
      line = jsonLines(stack.output).find((l) => l.reqId === 'ops-revoke-1' && l.context === 'Principals');
      return line !== undefined;
    });
    expect(line).toMatchObject({ level: 'info', principal: { role: 'admin' } });
    expect(line!.msg).toContain(`principal ${temp.body.id}`);
    expect(stack.output).not.toContain('[Nest]');
  });

  it('serves Prometheus metrics on the API: HTTP requests by route pattern and the campaign counters', async () => {
    const refused = await stack.request('POST', `/v1/journeys/${journeyId}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(refused.status).toBe(409);

    const scrape = await fetch(`${stack.baseUrl}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();
    const route = '/v1/journeys/:id/screening-decision';
    expect(
      sample(text, 'http_request_duration_seconds_count', { method: 'POST', route, status_code: '200' }),
    ).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'POST', route, status_code: '409' })).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_bucket', { route, status_code: '200', le: '+Inf' }),
    ).toBe(1);
    // Never a raw URL: no series names a journey.
    expect(text).not.toContain(journeyId);
    expect(
      sample(text, 'uplift_journey_steps_total', { step: 'screening-decision', outcome: 'applied' }),
    ).toBe(1);
    expect(
      sample(text, 'uplift_journey_steps_total', { step: 'screening-decision', outcome: 'refused' }),
    ).toBe(1);
    expect(sample(text, 'uplift_candidates_total', { format: 'json', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it("serves the worker's metrics: emails it sent and the Temporal SDK's own", async () => {
    const assigned = await stack.request('POST', `/v1/journeys/${journeyId}/assignment`, {
      key: c.regulatorKey,
      body: { certificationBodyId: c.bodyId },
    });
    expect(assigned.status).toBe(200);
    await stack.mail.waitFor((m) => m.subject?.includes(e.name) ?? false);

    const url = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    let text = '';
    await waitFor('the email counter', async () => {
      text = await (await fetch(url)).text();
      return sample(text, 'uplift_emails_total', { template: 'assignment', outcome: 'sent' }) === 1;
    });
    expect(samples(text).some((s) => s.name.startsWith('temporal_'))).toBe(true);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // The worker writes JSON too, and says when it is ready whatever the level.
    expect(jsonLines(stack.output)).toContainEqual(
      expect.objectContaining({ service: 'worker', state: 'RUNNING' }),
    );
  });

  it('lets an email being sent finish on SIGTERM before the worker lets go of its database', async () => {
    // An SMTP server that holds each message until told to take it: the send activity is in flight.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let received = false;
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        stream.resume();
        stream.on('end', () => {
          received = true;
          void released.then(() => callback());
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    await stack.killWorker();
    const worker = startProcess('worker', {
      ...stack.env(),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      WORKER_METRICS_PORT: '0',
    });
    try {
      await waitFor('the slow-mail worker', async () => worker.out.includes('RUNNING'), 60_000);
      const other = candidate(2);
      const id = `journey-${c.roundId}-${other.uscc}`;
      await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
        key: c.regulatorKey,
        body: { enterprises: [other] },
      });
      // Not waiting for the launcher: its workflow waits out the killed worker's sticky queue, and
      // a first step starts the journey itself.
      for (const [step, body] of [
        ['screening-decision', { decision: 'selected' }],
        ['assignment', { certificationBodyId: c.bodyId }],
      ] as const) {
        expect(
          (await stack.request('POST', `/v1/journeys/${id}/${step}`, { key: c.regulatorKey, body })).status,
        ).toBe(200);
      }
      await waitFor('the email to reach the SMTP server', async () => received, 30_000);

      worker.child.kill('SIGTERM');
      await waitFor('the worker to drain', async () => worker.out.includes('draining'), 10_000);
      await new Promise((r) => setTimeout(r, 1000));
      release();

      expect(await worker.exit).toBe(0);
      // Recorded as sent after the server took it: the database was still there during the drain.
      const emails = await stack.query(
        `SELECT status FROM emails WHERE journey_id = $1 AND template = 'assignment'`,
        [id],
      );
      expect(emails).toEqual([{ status: 'sent' }]);
      expect(jsonLines(worker.out)).toContainEqual(
        expect.objectContaining({ service: 'worker', msg: 'Worker state changed', state: 'STOPPED' }),
      );
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await new Promise((r) => smtp.close(() => r(undefined)));
    }
  });

  describe('an API told to stop', () => {
    const token = 'metrics-token-for-the-ops-suite';
    let api: ReturnType<typeof startProcess>;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      api = startProcess('api', { ...stack.env(), PORT: String(port), METRICS_TOKEN: token });
      await waitFor(
        'the second API',
        async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok,
        60_000,
      );
    });

    afterAll(() => {
      if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
    });

    it('answers /metrics only with METRICS_TOKEN when one is set', async () => {
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect(
        (await fetch(url, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status,
      ).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('http_request_duration_seconds');
    });

    it('finishes a request in flight on SIGTERM, takes no new one and exits 0', async () => {
      const rows = Array.from({ length: 20 }, (_, i) => candidate(100 + i));
      const lines = rows.map((r) => [r.uscc, r.name, r.regionCode, r.industryCode, r.email].join(','));
      // A CSV import whose body trickles in: the request is in flight while the signal arrives.
      const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = httpRequest(
          `http://127.0.0.1:${port}/v1/rounds/${c.roundId}/candidates`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${c.regulatorKey}`, 'content-type': 'text/csv' },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        void (async () => {
          req.write('uscc,name,regionCode,industryCode,email\n');
          for (const [i, line] of lines.entries()) {
            req.write(`${line}\n`);
            if (i === 4) {
              api.child.kill('SIGTERM');
              await waitFor(
                'the API to begin stopping',
                async () => api.out.includes('Uplift API stopping'),
                10_000,
              );
              // Stopped listening: a new caller is turned away while this request goes on.
              await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
            }
            await new Promise((r) => setTimeout(r, 100));
          }
          req.end();
        })().catch(reject);
      });

      const { status, body } = await answer;
      const answeredAt = Date.now();
      expect(status).toBe(200);
      expect(body).toMatchObject({ accepted: 20, duplicates: 0, rejectedRows: 0 });
      expect(await api.exit).toBe(0);
      // Promptly: the answer said Connection: close, so no idle keep-alive connection held the exit.
      expect(Date.now() - answeredAt).toBeLessThan(4000);
      const stored = await stack.query(`SELECT count(*)::int AS n FROM journeys WHERE uscc = ANY($1)`, [
        rows.map((r) => r.uscc),
      ]);
      expect(stored[0].n).toBe(20);
    });
  });
});
