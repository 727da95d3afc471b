import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerConsolePages } from './console-pages';

@Module({})
class EmptyModule {}

async function appServing(distDir: string): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), {
    logger: false,
  });
  registerConsolePages(app, distDir);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('the console served under /console/', () => {
  let dir: string;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<html><head><meta name="csp-nonce" content="__CSP_NONCE__" /></head><body></body></html>',
    );
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    app = await appServing(dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('answers the page with a fresh nonce in both the page and its CSP, never cached', async () => {
    const [first, second] = [await get('/console/'), await get('/console/')];
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    const nonce = /content="([^"]+)"/.exec(first.body)![1];
    expect(nonce).not.toBe('__CSP_NONCE__');
    expect(first.headers['content-security-policy']).toContain(`'nonce-${nonce}'`);
    expect(first.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(first.headers['content-security-policy']).toContain("script-src 'self';");
    expect(second.body).not.toContain(nonce);
  });

  it('answers the page for any path the app routes (deep links), and redirects /console', async () => {
    const deep = await get('/console/journeys/journey-1?x=1');
    expect(deep.statusCode).toBe(200);
    expect(deep.headers['content-type']).toContain('text/html');
    const bare = await get('/console');
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/');
    expect((await get('/')).headers.location).toBe('/console/');
  });

  it('caches hashed assets for a year, and a missing one is a 404 rather than the page', async () => {
    const asset = await get('/console/assets/index-AbC123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log(1)');
    expect((await get('/console/assets/missing-123.js')).statusCode).toBe(404);
    expect((await get('/console/assets/..%2Findex.html')).statusCode).toBe(404);
  });

  it('says the console is not built, with a 503, when dist/console is missing', async () => {
    const bare = await appServing(join(dir, 'nowhere'));
    try {
      const answer = await bare
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url: '/console/inbox' });
      expect(answer.statusCode).toBe(503);
      expect(answer.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});
