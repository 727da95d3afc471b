import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import {
  InvalidInputError,
  UnsupportedMediaTypeError,
  fieldError,
  type MessageCode,
  type MessageParams,
} from '@uplift/domain';
import { CSV_MEDIA_TYPES, CSV_CHARSETS, XLSX_LIMIT, XLSX_MEDIA_TYPE, acceptsCsv } from './import-body';

/** A body past its route's limit (413), whether its Content-Length says so or its bytes do. */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body is larger than ${limit} bytes`);
  }
}

/** `type/subtype` of a Content-Type header, lower case, without parameters ('' when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The `charset` parameter of a Content-Type header (quotes removed), or undefined when there is none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const param of (contentType ?? '').split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** Control characters of a header value made visible, and its length bounded, for an error message. */
function shown(value: string): string {
  const visible = value.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return visible.length > 64 ? `${visible.slice(0, 64)}…` : visible;
}

/** A 415 naming the Content-Type header, by its rule. */
export function mediaTypeRefused(code: MessageCode, params: MessageParams): UnsupportedMediaTypeError {
  const detail = fieldError('header.content-type', code, params);
  return new UnsupportedMediaTypeError(detail.message, [detail]);
}

function unsupportedCharset(type: string, charset: string, accepted: readonly string[]) {
  return new UnsupportedMediaTypeError(`charset "${shown(charset)}" is not supported for ${type}`, [
    fieldError('header.content-type', 'media_type.charset', {
      charset: shown(charset),
      accepted: accepted.join(', '),
    }),
  ]);
}

/** The charset a CSV body declares, checked against those the import reads; undefined: detect it. */
export function csvCharsetOf(contentType: string | undefined): string | undefined {
  const charset = charsetOf(contentType);
  if (charset === undefined) return undefined;
  const known = charset.toLowerCase();
  if (!CSV_CHARSETS.includes(known)) throw unsupportedCharset('text/csv', charset, CSV_CHARSETS);
  return known;
}

const JSON_CHARSETS = ['utf-8', 'utf8'];

/**
 * Reads a request body up to `limit` bytes. Every way the stream can fail (client gone, a length
 * that lies, too many bytes) becomes an error of the request, never an unhandled 'error' event:
 * a Content-Length over the limit is refused before a byte is read.
 */
export function readBody(request: FastifyRequest, payload: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = request.headers['content-length'];
    const length = declared === undefined ? NaN : Number(declared);
    if (length > limit) return reject(new BodyTooLargeError(limit));
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (err: Error | null) => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      payload.removeListener('aborted', onAborted);
      // Keep a listener: a late 'error' from a stream no longer read must not end the process.
      payload.on('error', () => undefined);
      if (err) return reject(err);
      if (!Number.isNaN(length) && received !== length)
        return reject(
          new InvalidInputError([fieldError('(body)', 'body.length_mismatch', { received, length })]),
        );
      resolve(Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return finish(new BodyTooLargeError(limit));
      chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onAborted = () => finish(new InvalidInputError([fieldError('(body)', 'body.incomplete')]));
    const onError = () => onAborted();
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.on('aborted', onAborted);
    payload.resume();
  });
}

function bodyLimitOf(request: FastifyRequest, fallback: number): number {
  return request.routeOptions?.bodyLimit ?? fallback;
}

/**
 * The only bodies the API reads: JSON (UTF-8, as RFC 8259 requires) on every route, CSV on the
 * candidate import. Anything else is a 415 naming the type, before its body is read.
 */
export function registerBodyParsers(fastify: FastifyInstance, defaultLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', async (request: FastifyRequest, payload: Readable) => {
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && !JSON_CHARSETS.includes(charset.toLowerCase()))
      throw unsupportedCharset('application/json', charset, ['utf-8']);
    const bytes = await readBody(request, payload, bodyLimitOf(request, defaultLimit));
    // An action route (close, revoke) is sent with this type and nothing in it: no body, not an error.
    if (bytes.length === 0) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new InvalidInputError([fieldError('(body)', 'body.not_utf8')]);
    }
    return new Promise((resolve, reject) =>
      parseJson(request, text, (err, body) => (err ? reject(err) : resolve(body))),
    );
  });

  fastify.addContentTypeParser(CSV_MEDIA_TYPES, async (request: FastifyRequest, payload: Readable) => {
    const type = mediaTypeOf(request.headers['content-type']);
    if (!acceptsCsv(request.routeOptions?.url))
      throw mediaTypeRefused('media_type.not_accepted_here', { type, accepted: 'application/json' });
    csvCharsetOf(request.headers['content-type']);
    return readBody(request, payload, bodyLimitOf(request, defaultLimit));
  });

  fastify.addContentTypeParser(XLSX_MEDIA_TYPE, async (request: FastifyRequest, payload: Readable) => {
    if (!acceptsCsv(request.routeOptions?.url))
      throw mediaTypeRefused('media_type.not_accepted_here', {
        type: XLSX_MEDIA_TYPE,
        accepted: 'application/json',
      });
    return readBody(request, payload, Math.min(XLSX_LIMIT, bodyLimitOf(request, defaultLimit)));
  });

  fastify.addContentTypeParser('*', (request: FastifyRequest, _payload: Readable, done) => {
    const header = request.headers['content-type'];
    const accepted = acceptsCsv(request.routeOptions?.url)
      ? `application/json, text/csv or ${XLSX_MEDIA_TYPE}`
      : 'application/json';
    done(
      header === undefined
        ? mediaTypeRefused('media_type.missing', { accepted })
        : mediaTypeRefused('media_type.not_accepted', {
            type: shown(mediaTypeOf(header) || header),
            accepted,
          }),
      undefined,
    );
  });
}
