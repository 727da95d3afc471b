import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Stack } from '../support/stack';

const ROOT = resolve(__dirname, '..', '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

/**
 * Issue 11, "The OpenAPI document is the whole contract": the document the running API serves is
 * linted with spectral:oas and the OWASP API Security ruleset (.spectral.yaml) with no error, and
 * every operation says what each status it declares carries.
 */
describe('the OpenAPI document at /docs-json', () => {
  let stack: Stack;
  let doc: any;

  beforeAll(async () => {
    stack = await Stack.start();
    const answer = await stack.request('GET', '/docs-json', { key: null });
    expect(answer.status).toBe(200);
    doc = answer.body;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const operations = (): { name: string; op: any; path: string; method: string }[] =>
    Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({
        name: `${method.toUpperCase()} ${path}`,
        op: item[method],
        path,
        method,
      })),
    );

  it('passes spectral:oas and the OWASP ruleset with no error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'uplift-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const spectral = join(ROOT, 'node_modules', '.bin', 'spectral');
    // spectral exits 1 when it finds errors; its JSON report is on stdout either way.
    const out = await promisify(execFile)(
      spectral,
      ['lint', file, '--ruleset', join(ROOT, '.spectral.yaml'), '--format', 'json', '--quiet'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    ).catch((err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`spectral did not run: ${err.stderr ?? String(err)}`);
      return { stdout: err.stdout };
    });
    const findings = JSON.parse(out.stdout || '[]') as Finding[];
    const errors = findings
      .filter((f) => f.severity === 0)
      .map((f) => `${f.code} at ${f.path.join('.')}: ${f.message}`);
    expect(errors).toEqual([]);
    // The rules ran: a document this size always draws some warnings (see .spectral.yaml).
    expect(findings.length).toBeGreaterThan(0);
  });

  it('gives every operation a summary, a description and each of its path parameters', () => {
    const missing: string[] = [];
    for (const { name, op, path } of operations()) {
      if (!op.summary) missing.push(`${name}: summary`);
      if (!op.description) missing.push(`${name}: description`);
      for (const [, param] of path.matchAll(/\{(\w+)\}/g)) {
        const declared = (op.parameters ?? []).find((p: any) => p.in === 'path' && p.name === param);
        if (!declared?.schema) missing.push(`${name}: path parameter ${param}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every status an operation declares a response schema, errors the error body', () => {
    const missing: string[] = [];
    const errorBody = '#/components/schemas/Error';
    for (const { name, op } of operations()) {
      const statuses = Object.keys(op.responses ?? {});
      if (!statuses.some((s) => s.startsWith('2'))) missing.push(`${name}: no success answer`);
      for (const status of statuses) {
        const content = op.responses[status].content ?? {};
        const types = Object.keys(content);
        // 204 No Content carries none by definition (DELETE /v1/sessions/current).
        if (types.length === 0 && status !== '204') missing.push(`${name} ${status}: no content`);
        for (const type of types)
          if (!content[type].schema) missing.push(`${name} ${status} ${type}: no schema`);
        const json = content['application/json'];
        if (Number(status) >= 400 && json && json.schema.$ref !== errorBody) {
          // Only health answers 503 with its own body (the probes), not the error body.
          if (!(name === 'GET /health' && status === '503'))
            missing.push(`${name} ${status}: not the error body`);
        }
        if (Number(status) >= 400 && json && !json.example) missing.push(`${name} ${status}: no example`);
      }
      for (const status of ['429', '500'])
        if (!op.responses?.[status]) missing.push(`${name}: ${status} not declared`);
      if (op.security?.length !== 0 && !op.responses?.['401']) missing.push(`${name}: 401 not declared`);
    }
    expect(missing).toEqual([]);
    expect(doc.components.schemas.Error.required).toEqual(['statusCode', 'error', 'message']);
  });

  it('states rate limits, the API key scheme and the body limits', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { name, op, method } of operations()) {
      expect([name, Object.keys(op.responses['429'].headers)]).toEqual([
        name,
        expect.arrayContaining(['Retry-After', 'X-RateLimit-Limit']),
      ]);
      if (method !== 'get') expect([name, typeof op['x-body-limit']]).toEqual([name, 'number']);
    }
  });

  it('documents the CSV import with an example and every header the import reads', () => {
    const body = doc.paths['/v1/rounds/{id}/candidates'].post.requestBody;
    const csv = body.content['text/csv'];
    expect(csv.schema.example).toMatch(/^统一社会信用代码,/);
    for (const header of ['统一社会信用代码', 'uscc', '年营业收入（万元）', 'industry_code', '联系人'])
      expect(body.description).toContain(`\`${header}\``);
    expect(
      body.content['application/json'].schema.properties.enterprises.items.properties.uscc,
    ).toBeDefined();
  });

  it('answers as it documents: a round matches its schema', async () => {
    const round = await stack.request('POST', '/v1/rounds', {
      body: { name: '契约检查', regionCode: '330000' },
    });
    expect(round.status).toBe(201);
    const schema = doc.components.schemas.Round;
    expect(Object.keys(round.body).sort()).toEqual(Object.keys(schema.properties).sort());
    const missing = await stack.request('GET', '/v1/rounds/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(Object.keys(missing.body).sort()).toEqual(
      expect.arrayContaining(doc.components.schemas.Error.required.slice().sort()),
    );
    expect(missing.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
  });
});
