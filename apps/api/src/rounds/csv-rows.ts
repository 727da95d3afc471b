import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { Readable, Transform } from 'node:stream';
import { InvalidInputError } from '../../../../libs/domain/src/errors';
import { candidateFromCells, mapCandidateHeaders } from '../../../../libs/domain/src/candidate-columns';

/** A CSV record the parser could not read (an unclosed quote, say): refused as a row, like a bad field. */
export class MalformedRow {
  constructor(readonly message: string) {}
}

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body is larger than ${limit} bytes`);
  }
}

/**
 * UTF-8 (with or without BOM) unless the content type names another charset, or the bytes are not
 * valid UTF-8: then GB18030, which is what Excel on Chinese Windows writes.
 */
function detectCharset(declared: string | undefined, head: Buffer): string {
  if (declared) {
    const c = declared.toLowerCase();
    if (!iconv.encodingExists(c))
      throw new InvalidInputError([
        { field: 'content-type', message: `charset ${declared} is not supported` },
      ]);
    return c;
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Bytes in, characters out, decoding only once the first chunk shows which charset it is. */
function decoder(declared: string | undefined, limit: number): Transform {
  let convert: ReturnType<typeof iconv.getDecoder> | null = null;
  let seen = 0;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, callback) {
      seen += chunk.length;
      if (seen > limit) return callback(new BodyTooLargeError(limit));
      try {
        convert ??= iconv.getDecoder(detectCharset(declared, chunk), { stripBOM: true });
        callback(null, convert.write(chunk));
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      callback(null, convert?.end() ?? '');
    },
  });
}

/**
 * Candidate rows from a CSV body, streamed: header names in English or Chinese, one import row per
 * record. A header nobody knows is refused before any row is read.
 */
export async function* csvCandidateRows(
  body: Readable,
  charset: string | undefined,
  limit: number,
): AsyncGenerator<unknown> {
  const skipped: string[] = [];
  const records = body.pipe(decoder(charset, limit)).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => void skipped.push(err?.message ?? 'unreadable record'),
    }),
  );
  body.on('error', (err) => records.destroy(err));
  let fields: (string | null)[] | null = null;
  for await (const cells of records as AsyncIterable<string[]>) {
    while (fields && skipped.length > 0) yield new MalformedRow(skipped.shift()!);
    if (!fields) {
      const mapped = mapCandidateHeaders(cells);
      if (mapped.unknown.length > 0) {
        throw new InvalidInputError(
          mapped.unknown.map((h) => ({ field: `header.${h}`, message: 'is not a known column' })),
        );
      }
      if (!mapped.fields.includes('uscc')) {
        throw new InvalidInputError([
          { field: 'header.uscc', message: 'a 统一社会信用代码 / uscc column is required' },
        ]);
      }
      fields = mapped.fields;
      continue;
    }
    yield candidateFromCells(fields, cells);
  }
  if (!fields && skipped.length > 0) {
    throw new InvalidInputError([{ field: '(body)', message: `is not readable CSV: ${skipped[0]}` }]);
  }
  if (!fields) throw new InvalidInputError([{ field: '(body)', message: 'has no header row' }]);
  for (const message of skipped) yield new MalformedRow(message);
}
