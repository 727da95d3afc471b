import type { Client } from '@temporalio/client';
import type { temporal as proto } from '@temporalio/proto';
import { spawnSync } from 'node:child_process';
import { resolveTemporalCli } from '@uplift/devstack';
import { candidate, openCampaign, toAssistance, type Campaign } from '../support/campaign';
import { recordHistory } from '../support/histories';
import { Stack, STARTED_BY_REQUESTS } from '../support/stack';

/**
 * Issue 10, class 10: enterprises' names, contacts and emails never reach Temporal in clear text
 * (PIPL). The Temporal server, here the dev server, stands for one run by someone else or Temporal
 * Cloud: what `temporal workflow show` prints is all such an operator could read. Uplift's own
 * API still shows the data, and admins can decode histories through the codec endpoint.
 */
describe('personal data stays out of Temporal', () => {
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  let id: string;
  const e = candidate(41, {
    name: '欧阳加密精密机械有限公司',
    contactName: '欧阳明月',
    email: 'ouyang.mingyue@pipl-enterprise.example',
  });
  const secrets = [e.name, e.contactName, e.email];
  const finding = '质量手册与实际运行脱节';

  /** Every way a secret could show in JSON text: as is, \u-escaped, or in base64 at any alignment. */
  const forms = (secret: string): string[] => {
    const escaped = [...secret].map((ch) =>
      ch.charCodeAt(0) < 128 ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    const out = [secret, escaped.join(''), escaped.join('').toUpperCase()];
    const bytes = Buffer.from(secret);
    for (let shift = 0; shift < 3; shift++) {
      // Base64 of the secret behind `shift` other bytes: drop the blocks that mix in those bytes
      // and whatever follows; the middle appears in any base64 text holding the secret there.
      const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
      const head = shift === 0 ? 0 : 4;
      const tail = (shift + bytes.length) % 3 === 0 ? b64.length : b64.length - 4;
      out.push(b64.slice(head, tail), b64.slice(head, tail).replace(/\+/g, '-').replace(/\//g, '_'));
    }
    return out;
  };
  const leaksIn = (text: string) =>
    secrets.flatMap((s) =>
      forms(s)
        .filter((f) => text.includes(f))
        .map((f) => `${s} as ${f}`),
    );

  const cli = (...args: string[]) => {
    const run = spawnSync(
      resolveTemporalCli(),
      [
        'workflow',
        'show',
        '--workflow-id',
        id,
        '--address',
        stack.temporalAddress,
        '--namespace',
        'default',
        ...args,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.status !== 0) throw new Error(`temporal workflow show failed: ${run.stderr}`);
    return run.stdout;
  };

  /** What must not change when a codec request is refused. */
  const snapshot = async () => ({
    journeys: (await stack.query(`SELECT count(*)::int AS n FROM journeys`))[0].n,
    emails: (await stack.query(`SELECT count(*)::int AS n FROM emails`))[0].n,
    executions: (await temporal.workflow.count(STARTED_BY_REQUESTS)).count,
    events: (await temporal.workflow.getHandle(id).fetchHistory()).events?.length,
  });

  const asJson = (p: proto.api.common.v1.IPayload) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  });

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    c = await openCampaign(stack, {}, 'pipl');
    // Imported, launched, selected, assigned (an email to the body), diagnosed, planned.
    id = await toAssistance(stack, c, e);
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it("keeps the enterprise's name, contact and email out of what the Temporal server holds", async () => {
    const shown = cli('--output', 'json');
    // The history is there, with its payloads, encrypted under the test key that encrypts.
    expect(shown).toContain('WORKFLOW_EXECUTION_STARTED');
    expect(shown).toContain('UPDATE_ACCEPTED');
    expect(shown).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(shown).toContain(Buffer.from('test-2').toString('base64'));
    expect(leaksIn(shown)).toEqual([]);
    // Not personal data, but no payload at all is readable: a diagnosis finding neither.
    expect(forms(finding).filter((f) => shown.includes(f))).toEqual([]);
    // Timer summaries are payloads too.
    expect(shown).not.toContain('deadline at');

    // A server-side view of the same history, through the SDK without a codec: the raw events.
    const raw = JSON.stringify(await temporal.workflow.getHandle(id).fetchHistory(), (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
    );
    expect(leaksIn(raw)).toEqual([]);
    // The workflow id names the company by its USCC (a public company identifier, not personal
    // data); search attributes carry the stage, round and division only.
    const described = await temporal.workflow.getHandle(id).describe();
    expect(leaksIn(JSON.stringify(described.searchAttributes))).toEqual([]);
    expect(described.memo ?? {}).toEqual({});
  });

  it("shows them to Uplift's own callers: the journey and its history", async () => {
    const journey = await stack.request('GET', `/v1/journeys/${id}`, { key: c.regulatorKey });
    expect(journey.status).toBe(200);
    expect(journey.body.enterprise).toMatchObject({
      name: e.name,
      contactName: e.contactName,
      email: e.email,
    });

    const history = await stack.request('GET', `/v1/journeys/${id}/history`);
    expect(history.status).toBe(200);
    const events = history.body.events as { type: string; summary: string; details: any }[];
    expect(events.find((x) => x.type === 'journey_started')?.summary).toContain(e.name);
    const diagnosis = events.find((x) => x.type === 'step' && x.details.step === 'diagnosis');
    expect(JSON.stringify(diagnosis?.details.payload)).toContain(finding);
    expect(events.filter((x) => x.type === 'stage_changed').map((x) => x.details.to)).toEqual([
      'diagnosis',
      'assistance',
    ]);
    // Timer summaries were decrypted too.
    expect(events.some((x) => x.type === 'timer_started' && /^timer set: \w+ at /.test(x.summary))).toBe(
      true,
    );
  });

  it('decodes for an admin through the codec endpoint, as the Temporal CLI and Web UI call it', async () => {
    const history = await temporal.workflow.getHandle(id).fetchHistory();
    const started = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    const decoded = await stack.request('POST', '/v1/codec/decode', {
      body: { payloads: [asJson(started)] },
      headers: { 'x-namespace': 'default' },
    });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('cache-control')).toBe('no-store');
    const [payload] = decoded.body.payloads;
    expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payload.data, 'base64').toString()).enterprise).toMatchObject({
      name: e.name,
      contactName: e.contactName,
      email: e.email,
    });

    // Encode then decode gives the payload back; an unencrypted payload passes through.
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: payload.data,
    };
    const encoded = await stack.request('POST', '/v1/codec/encode', { body: { payloads: [plain] } });
    expect(encoded.status).toBe(200);
    expect(leaksIn(JSON.stringify(encoded.body))).toEqual([]);
    const back = await stack.request('POST', '/v1/codec/decode', {
      body: { payloads: [encoded.body.payloads[0], plain] },
    });
    expect(back.body.payloads).toEqual([plain, plain]);

    // The real Temporal CLI, pointed at the codec endpoint with an admin key, gets the payloads
    // back as json/plain (its JSON output keeps them base64): each secret is found again, which
    // also shows `leaksIn` finds what it looks for.
    const readable = cli(
      '--output',
      'json',
      '--codec-endpoint',
      `${stack.baseUrl}/v1/codec`,
      '--codec-auth',
      `Bearer ${stack.adminKey}`,
    );
    expect(readable).not.toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(leaksIn(readable)).toEqual(expect.arrayContaining(secrets.map((s) => expect.stringContaining(s))));
  });

  it('refuses everyone else, and bad or tampered payloads, changing nothing', async () => {
    const history = await temporal.workflow.getHandle(id).fetchHistory();
    const started = asJson(history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0]);
    const before = await snapshot();
    const tampered = {
      ...started,
      data: Buffer.from(Buffer.from(started.data, 'base64').map((b, i) => (i === 30 ? b ^ 1 : b))).toString(
        'base64',
      ),
    };
    const unknownKey = {
      ...started,
      metadata: {
        ...started.metadata,
        'encryption-key-id': Buffer.from('retired-long-ago').toString('base64'),
      },
    };
    const cases: [string, string, Record<string, unknown>, string | null, number, RegExp | null][] = [
      ['no key', 'decode', { payloads: [started] }, null, 401, null],
      ['a regulator in scope', 'decode', { payloads: [started] }, c.regulatorKey, 403, null],
      ['a certification body on the journey', 'decode', { payloads: [started] }, c.bodyKey, 403, null],
      ['a regulator encoding', 'encode', { payloads: [started] }, c.regulatorKey, 403, null],
      [
        'a tampered ciphertext',
        'decode',
        { payloads: [started, tampered] },
        stack.adminKey,
        400,
        /payloads\.1/,
      ],
      ['an unknown key id', 'decode', { payloads: [unknownKey] }, stack.adminKey, 400, /payloads\.0/],
      ['payloads missing', 'decode', {}, stack.adminKey, 400, /payloads/],
      [
        'data not base64',
        'decode',
        { payloads: [{ data: 'not base64!' }] },
        stack.adminKey,
        400,
        /payloads\.0\.data/,
      ],
      ['an unknown field', 'decode', { payloads: [], extra: 1 }, stack.adminKey, 400, /extra|body/],
    ];
    for (const [what, route, body, key, status, field] of cases) {
      const answer = await stack.request('POST', `/v1/codec/${route}`, { key, body });
      expect({ what, status: answer.status }).toEqual({ what, status });
      if (field)
        expect({ what, fields: JSON.stringify(answer.body.details) }).toEqual({
          what,
          fields: expect.stringMatching(field),
        });
      // Nothing decoded leaks into a refusal.
      expect({ what, leaks: leaksIn(JSON.stringify(answer.body)) }).toEqual({ what, leaks: [] });
      expect(await snapshot()).toEqual(before);
    }
  });

  it('records the journey, ended, as an encrypted replay fixture', async () => {
    const withdrawn = await stack.request('POST', `/v1/journeys/${id}/withdrawal`, {
      key: c.regulatorKey,
      body: { reason: '企业自愿退出' },
    });
    expect(withdrawn.status).toBe(200);
    await temporal.workflow.getHandle(id).result();
    expect(leaksIn(cli('--output', 'json'))).toEqual([]);
    await recordHistory(temporal, id, 'withdrawn-during-assistance-encrypted-payloads');
  });
});
