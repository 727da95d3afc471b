import { loadConfig } from '@uplift/config';
import { bodyLimitOf, documentLimits, serverTimeouts } from './http-safeguards';

const MIB = 1024 * 1024;

describe('body limits and timeouts of the HTTP server', () => {
  it('gives each route its body limit, in Fastify and OpenAPI path forms alike', () => {
    for (const [route, limit] of [
      ['/v1/rounds/:id/candidates', 64 * MIB],
      ['/v1/rounds/{id}/candidates', 64 * MIB],
      ['/v1/evaluations/:token', 16 * 1024],
      ['/v1/evaluations/{token}', 16 * 1024],
      ['/v1/rounds', MIB],
      ['/v1/journeys/:id/diagnosis', MIB],
      ['/v1/rounds/:id/close', MIB],
    ] as const)
      expect([route, bodyLimitOf(route).limit]).toEqual([route, limit]);
  });

  it('turns the configured seconds into the server options, checked every second', () => {
    const options = serverTimeouts(loadConfig({}));
    expect(options).toMatchObject({
      requestTimeout: 30_000,
      keepAliveTimeout: 5000,
      connectionTimeout: 120_000,
      http: { headersTimeout: 10_000, connectionsCheckingInterval: 1000 },
    });
  });

  it('writes the limits into the OpenAPI document', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'Uplift', version: '1', description: 'campaign' },
      paths: {
        '/v1/rounds/{id}/candidates': { post: { responses: {} } },
        '/v1/journeys': { get: { responses: {} } },
      },
    };
    documentLimits(document as never, loadConfig({}));
    const post = document.paths['/v1/rounds/{id}/candidates'].post as Record<string, unknown>;
    expect(post['x-body-limit']).toBe(64 * MIB);
    expect(post.description).toContain('64 MiB');
    expect(document.paths['/v1/journeys'].get).toEqual({ responses: {} });
    expect(document.info.description).toContain('whole request within 30 s, else 408');
  });
});
