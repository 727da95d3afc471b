import { Body, Controller, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { InvalidInputError, fieldError, ruleMessage } from '@uplift/domain';
import { PayloadDecryptionError, TEMPORAL_CLIENT } from '@uplift/temporal';
import { Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { JSON_LIMIT } from '../common/http-safeguards';
import { ZodPipe } from '../common/zod-validation';

/** Proto3 JSON writes bytes as base64 (standard or URL-safe alphabet). */
const bytes = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, ruleMessage('format.base64'))
  // No longer than the body that carries it.
  .meta({ maxLength: JSON_LIMIT })
  .transform((s) => new Uint8Array(Buffer.from(s, 'base64')));

/** A Temporal Payload in proto3 JSON, as the Web UI and the CLI send it. */
const payloadSchema = z.strictObject({
  metadata: z.record(z.string().min(1).max(256), bytes).optional(),
  data: bytes.optional(),
});

/** Temporal's remote codec protocol: `{ payloads: [...] }` in, the same shape out. */
export const codecBodySchema = z.strictObject({ payloads: z.array(payloadSchema).max(10_000) });
type CodecBody = z.infer<typeof codecBodySchema>;

const base64 = z.string().max(2 * JSON_LIMIT);
const codecAnswerSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string().max(256), base64), data: base64 })).max(10_000),
});

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * A codec server (Temporal's remote codec protocol) for operators: the Temporal Web UI and
 * `temporal workflow show --codec-endpoint <api>/v1/codec --codec-auth 'Bearer <admin key>'` send
 * the encrypted payloads they display here and show what comes back. Admins only: it turns
 * ciphertext back into enterprises' personal data, and each call is in the audit log.
 */
@ApiTags('codec')
@Controller('v1/codec')
export class CodecController {
  private readonly codecs: PayloadCodec[];

  constructor(@Inject(TEMPORAL_CLIENT) client: Client) {
    // The Temporal client's own codecs: the keys and the code that encrypt everything Uplift sends.
    this.codecs = client.options.loadedDataConverter.payloadCodecs;
  }

  @Post('decode')
  @HttpCode(200)
  @Roles('admin')
  @Header('cache-control', 'no-store')
  @ApiContract({
    summary: 'Decode Temporal payloads',
    description:
      "Temporal's remote codec protocol: payloads to decrypt with Uplift's keys; unencrypted ones come back as they are. For the Temporal Web UI and `temporal workflow show --codec-endpoint`; each call is audited.",
    body: codecBodySchema,
    ok: { description: 'The payloads, decrypted.', schema: codecAnswerSchema },
    errors: { 400: 'invalid body' },
  })
  async decode(@Body(new ZodPipe(codecBodySchema)) body: CodecBody) {
    const payloads: Payload[] = [];
    for (const [i, payload] of body.payloads.entries()) {
      let decoded = [payload as Payload];
      try {
        for (const codec of [...this.codecs].reverse()) decoded = await codec.decode(decoded);
      } catch (err) {
        if (err instanceof PayloadDecryptionError)
          throw new InvalidInputError(
            [fieldError(`payloads.${i}`, 'body.malformed', { reason: err.message })],
            'invalid body',
          );
        throw err;
      }
      payloads.push(decoded[0]);
    }
    return { payloads: payloads.map(toJson) };
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @Header('cache-control', 'no-store')
  @ApiContract({
    summary: 'Encode Temporal payloads',
    description: "Temporal's remote codec protocol: payloads to encrypt with the current key.",
    body: codecBodySchema,
    ok: { description: 'The payloads, encrypted.', schema: codecAnswerSchema },
    errors: { 400: 'invalid body' },
  })
  async encode(@Body(new ZodPipe(codecBodySchema)) body: CodecBody) {
    let payloads = body.payloads as Payload[];
    for (const codec of this.codecs) payloads = await codec.encode(payloads);
    return { payloads: payloads.map(toJson) };
  }
}
