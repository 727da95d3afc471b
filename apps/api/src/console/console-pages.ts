import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PUBLIC_ROUTE } from '../common/auth.decorators';

/** Where `npm run build` puts the console (vite build, apps/console/vite.config.mts). */
export const CONSOLE_PREFIX = '/console';
const NONCE_PLACEHOLDER = '__CSP_NONCE__';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The console's Content-Security-Policy: its own scripts and API only; Ant Design's <style> tags
 * carry this page's nonce (read from the `csp-nonce` meta tag, given to ConfigProvider), so neither
 * scripts nor style sheets need 'unsafe-inline'. React sets `style` properties through the DOM, which
 * a policy does not govern; a `style="…"` attribute some widgets write is allowed by style-src-attr.
 */
export function consoleCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The page shell: index.html read once it exists (a build after the API started is picked up). */
class IndexPage {
  private html: string | null = null;
  constructor(private readonly file: string) {}
  async read(): Promise<string | null> {
    if (this.html !== null) return this.html;
    try {
      this.html = await readFile(this.file, 'utf8');
    } catch {
      return null;
    }
    return this.html;
  }
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer | null;
}

/**
 * The built files, read once each and kept (with their gzip form for text): they never change under
 * their hashed names, and all of them together are a few megabytes.
 */
class Assets {
  private readonly cache = new Map<string, Asset>();
  constructor(private readonly dir: string) {}
  async get(name: string): Promise<Asset | null> {
    // Vite writes one flat folder of hashed names: anything else (`..`, slashes) is not one of them.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return null;
    const cached = this.cache.get(name);
    if (cached) return cached;
    let body: Buffer;
    try {
      body = await readFile(join(this.dir, name));
    } catch {
      return null;
    }
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    const text = type.startsWith('text/') || type.includes('json') || type.includes('svg');
    const asset = { type, body, gzipped: text && body.length > 1024 ? gzipSync(body) : null };
    this.cache.set(name, asset);
    return asset;
  }
}

/**
 * Serves the console (a single-page app) under /console/: hashed files under /console/assets/ cached
 * for a year, the page itself never cached and with a fresh CSP nonce each time; any other path
 * under /console/ is the page (the app routes it). Without a build, a 503 that says so.
 * Public routes: the pages hold no data, every call they make is authenticated by the API.
 */
export function registerConsolePages(app: NestFastifyApplication, distDir: string): void {
  const fastify = app.getHttpAdapter().getInstance();
  const index = new IndexPage(join(distDir, 'index.html'));
  const assets = new Assets(join(distDir, 'assets'));
  const config = { [PUBLIC_ROUTE]: true };

  const page = async (reply: FastifyReply) => {
    const html = await index.read();
    if (html === null)
      return reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('retry-after', '60')
        .send(
          '控制台尚未构建 The console is not built: run `npm run build` (it writes dist/console), then reload.\n',
        );
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', consoleCsp(nonce))
      .header('x-frame-options', 'DENY')
      .send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };

  fastify.get('/', { config }, (_req, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 302));
  fastify.get(CONSOLE_PREFIX, { config }, (_req, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 301));
  fastify.get(`${CONSOLE_PREFIX}/`, { config }, (_req, reply) => page(reply));
  fastify.get(`${CONSOLE_PREFIX}/*`, { config }, (_req, reply) => page(reply));
  fastify.get(`${CONSOLE_PREFIX}/assets/*`, { config }, async (req, reply) => {
    const asset = await assets.get((req.params as { '*': string })['*']);
    if (!asset)
      return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not Found\n');
    const gzip = asset.gzipped !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    // Content-hashed names: a file never changes under its name.
    void reply
      .header('content-type', asset.type)
      .header('cache-control', `public, max-age=${YEAR_SECONDS}, immutable`)
      .header('vary', 'accept-encoding');
    if (gzip) void reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? asset.gzipped : asset.body);
  });
}
