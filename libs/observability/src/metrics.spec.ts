import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { createRegistry, joinExpositions, metricsAllowed } from './metrics';
import { serveMetrics } from './metrics-server';

describe('metrics', () => {
  it('lets any scrape in without a token, and only the bearer of the token with one', () => {
    expect(metricsAllowed(undefined, undefined)).toBe(true);
    expect(metricsAllowed(undefined, 'a-token-of-some-length')).toBe(false);
    expect(metricsAllowed('Bearer wrong', 'a-token-of-some-length')).toBe(false);
    expect(metricsAllowed('Bearer a-token-of-some-length', 'a-token-of-some-length')).toBe(true);
    expect(metricsAllowed('bearer   a-token-of-some-length ', 'a-token-of-some-length')).toBe(true);
  });

  it('joins expositions with one newline each, leaving empty ones out', () => {
    expect(joinExpositions(['a 1\n', '', 'b 2', '\n'])).toBe('a 1\nb 2\n');
  });

  describe('the metrics server', () => {
    let server: Server;
    let url: string;
    const registry = createRegistry();
    new Counter({ name: 'uplift_test_total', help: 'test', registers: [registry] }).inc(2);

    beforeAll(async () => {
      server = await serveMetrics({
        port: 0,
        host: '127.0.0.1',
        token: 'a-token-of-some-length',
        contentType: registry.contentType,
        sources: [
          () => registry.metrics(),
          async () => 'temporal_worker_start{task_queue="q"} 1',
          async () => {
            throw new Error('exporter down');
          },
        ],
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('serves every source that answers as one exposition', async () => {
      const res = await fetch(url, { headers: { authorization: 'Bearer a-token-of-some-length' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(registry.contentType);
      const text = await res.text();
      expect(text).toContain('\nuplift_test_total 2\n');
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text.endsWith('temporal_worker_start{task_queue="q"} 1\n')).toBe(true);
    });

    it('refuses a scrape without the token and answers 404 elsewhere', async () => {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url.replace('/metrics', '/'))).status).toBe(404);
    });
  });
});
