import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUpliftClient } from './client';

/** Records what the client sends and answers `answer`. */
function recorder(answer: () => Response) {
  const sent: Request[] = [];
  const fetch = async (request: Request) => {
    sent.push(request);
    return answer();
  };
  return { sent, fetch };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createUpliftClient', () => {
  it('sends the API key as a bearer token, the body as JSON, to the path under the base URL', async () => {
    const { sent, fetch } = recorder(() => json(201, { id: 'r1' }));
    const client = createUpliftClient({ baseUrl: 'https://uplift.example', apiKey: 'upl_k', fetch });
    const { data, response } = await client.POST('/v1/rounds', {
      body: { name: '2026年浙江省第一批', regionCode: '330000' },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual({ id: 'r1' });
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe('POST');
    expect(sent[0].url).toBe('https://uplift.example/v1/rounds');
    expect(sent[0].headers.get('authorization')).toBe('Bearer upl_k');
    expect(await sent[0].json()).toEqual({ name: '2026年浙江省第一批', regionCode: '330000' });
  });

  it('fills path parameters and sends no authorization without a key', async () => {
    const { sent, fetch } = recorder(() => json(200, { id: 'j' }));
    const client = createUpliftClient({ baseUrl: 'https://uplift.example', fetch });
    await client.GET('/v1/journeys/{id}', { params: { path: { id: 'journey-a/b' } } });
    expect(sent[0].url).toBe('https://uplift.example/v1/journeys/journey-a%2Fb');
    expect(sent[0].headers.has('authorization')).toBe(false);
  });

  it('hands back a refusal as the error, its body parsed', async () => {
    const refusal = { error: { code: 'not_found', message: 'no such journey' } };
    const { fetch } = recorder(() => json(404, refusal));
    const client = createUpliftClient({ baseUrl: 'https://uplift.example', apiKey: 'upl_k', fetch });
    const { data, error, response } = await client.GET('/v1/journeys/{id}', {
      params: { path: { id: 'journey-x' } },
    });
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expect(error).toEqual(refusal);
  });

  it('imports only what a browser has too (the console runs it there)', () => {
    const dir = __dirname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      const imported = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const name of imported)
        expect([file, name]).toEqual([file, expect.stringMatching(/^(\.\/|openapi-fetch$)/)]);
      expect([file, /\b(process|Buffer|require)\b[.(]/.test(source)]).toEqual([file, false]);
    }
  });
});
