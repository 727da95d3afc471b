import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { InvalidInputError } from '@uplift/domain';
import { BodyTooLargeError, charsetOf, readBody, registerBodyParsers } from './body-parsers';
import { IMPORT_ROUTE } from './import-body';
import { toErrorBody } from './error.filter';

const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as FastifyRequest;

describe('readBody', () => {
  it('reads the whole body', async () => {
    const payload = new PassThrough();
    const read = readBody(request(), payload, 10);
    payload.end('abc');
    await expect(read).resolves.toEqual(Buffer.from('abc'));
  });

  it('refuses a Content-Length over the limit before reading', async () => {
    const payload = new PassThrough();
    await expect(readBody(request({ 'content-length': '11' }), payload, 10)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    expect(payload.listenerCount('data')).toBe(0);
  });

  it('refuses more bytes than the limit, and a stream failing afterwards is heard', async () => {
    const payload = new PassThrough();
    const read = readBody(request(), payload, 4);
    payload.write('abcdef');
    await expect(read).rejects.toBeInstanceOf(BodyTooLargeError);
    // Would end the process were nobody listening.
    payload.destroy(new Error('late'));
    await new Promise((r) => setImmediate(r));
  });

  it('refuses a body that fails or ends short of its Content-Length', async () => {
    const failing = new PassThrough();
    const read = readBody(request(), failing, 100);
    failing.destroy(new Error('aborted'));
    await expect(read).rejects.toBeInstanceOf(InvalidInputError);
    const short = new PassThrough();
    const shortRead = readBody(request({ 'content-length': '10' }), short, 100);
    short.end('abc');
    await expect(shortRead).rejects.toMatchObject({
      details: [{ field: '(body)', message: 'has 3 bytes but Content-Length says 10' }],
    });
  });
});

describe('charsetOf', () => {
  it.each([
    ['text/csv', undefined],
    ['text/csv; charset=GB18030', 'GB18030'],
    ['text/csv;charset="utf-8"', 'utf-8'],
    ['text/csv; header=present; charset=x-made-up', 'x-made-up'],
  ])('%s', (header, charset) => expect(charsetOf(header)).toBe(charset));
});

describe('registerBodyParsers', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ bodyLimit: 64 });
    registerBodyParsers(app, 64);
    app.setErrorHandler((err, _req, reply) => {
      const body = toErrorBody(err);
      void reply.status(body.statusCode).send(body);
    });
    const echo = async (req: FastifyRequest) => ({
      body: Buffer.isBuffer(req.body) ? `bytes:${req.body.length}` : (req.body ?? null),
    });
    app.post('/v1/rounds', echo);
    app.post(IMPORT_ROUTE, { bodyLimit: 128 }, echo);
    await app.ready();
  });

  afterAll(() => app.close());

  const post = (url: string, contentType: string | undefined, payload: string | Buffer) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    });

  it('parses JSON, and takes an empty JSON body as none', async () => {
    expect((await post('/v1/rounds', 'application/json; charset=utf-8', '{"a":1}')).json()).toEqual({
      body: { a: 1 },
    });
    expect((await post('/v1/rounds', 'application/json', '')).json()).toEqual({ body: null });
  });

  it.each([
    ['a JSON charset other than UTF-8', 'application/json; charset=x-made-up', '{}', 415, /x-made-up/],
    ['JSON that is not UTF-8', 'application/json', Buffer.from([0x7b, 0xff, 0x7d]), 400, /UTF-8/],
    ['malformed JSON', 'application/json', '{"a":', 400, /not valid JSON/],
    ['a prototype poisoning', 'application/json', '{"__proto__":{"x":1}}', 400, /.+/],
    ['JSON over the limit', 'application/json', `{"a":"${'x'.repeat(100)}"}`, 413, /larger/],
    ['an unknown type', 'application/xml', '<a/>', 415, /application\/xml is not accepted/],
    ['no Content-Type', undefined, 'abc', 415, /needs a Content-Type/],
    ['CSV outside the import', 'text/csv', 'a,b', 415, /text\/csv is not accepted here/],
  ])('refuses %s', async (_name, type, payload, status, message) => {
    const answer = await post('/v1/rounds', type, payload);
    expect(answer.statusCode).toBe(status);
    expect(JSON.stringify(answer.json())).toMatch(message);
  });

  it('reads CSV as bytes on the import, up to its own limit, with a charset it knows', async () => {
    const url = IMPORT_ROUTE.replace(':id', 'r');
    expect((await post(url, 'text/csv; charset=gb18030', 'a,b\n1,2\n')).json()).toEqual({ body: 'bytes:8' });
    expect((await post(url, 'text/csv', 'x'.repeat(100))).json()).toEqual({ body: 'bytes:100' });
    expect((await post(url, 'text/csv', 'x'.repeat(129))).statusCode).toBe(413);
    const unknown = await post(url, 'text/csv; charset=x-made-up', 'a');
    expect(unknown.statusCode).toBe(415);
    expect(unknown.json().details).toEqual([
      {
        field: 'header.content-type',
        code: 'media_type.charset',
        message: expect.stringContaining('charset "x-made-up" is not supported'),
      },
    ]);
  });
});
