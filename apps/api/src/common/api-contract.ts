import { MESSAGES, STAGES, type MessageCode } from '@uplift/domain';
import { z } from 'zod';

/**
 * What the OpenAPI document says about a route, next to the route: its words, the zod schemas it
 * validates its parameters and body with, and the zod schema of its answer. `openapi-document.ts`
 * reads these with the route itself (method, path, roles, public or not, success status) from Nest's
 * own metadata, so nothing the server already knows is written a second time.
 */

/** Error statuses a route may declare; 401, 429, 500 and the body's 413/415 are added from the route. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 503;

/** An ISO 8601 instant; the server holds some as `Date`, which JSON writes as this string. */
export const timestamp = z.union([z.date(), z.string()]).meta({
  override: ({ jsonSchema }) => {
    for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key];
    Object.assign(jsonSchema, { type: 'string', format: 'date-time', maxLength: 35 });
  },
  example: '2026-03-02T08:00:00.000Z',
});

/** A rule's stable code in the message catalog (libs/domain/src/messages.ts). */
export const messageCodeSchema = z.enum(Object.keys(MESSAGES) as [MessageCode, ...MessageCode[]]).meta({
  id: 'MessageCode',
  description:
    'The stable code of the rule a problem breaks: the same in every language, and what a client should compare instead of the message.',
  example: 'uscc.check_character',
});

/** One field's problem, as a 400 lists them (`fieldErrors`), in the request's language. */
export const fieldErrorSchema = z
  .object({
    field: z.string().max(500).meta({ example: 'enterprises.0.uscc' }),
    code: messageCodeSchema.optional(),
    message: z.string().max(2000).meta({
      description: 'What is wrong, in the language `Accept-Language` asks for (zh-CN or en; en without it).',
      example: 'is not a valid unified social credit code: wrong check character: expected 3',
    }),
  })
  .meta({ id: 'FieldError' });

/** The one shape of every error answer (`toErrorBody` in error.filter.ts). */
export const errorBodySchema = z
  .object({
    statusCode: z.number().int().min(400).max(599),
    error: z.string().max(64).meta({ example: 'Bad Request' }),
    message: z
      .string()
      .max(2000)
      .meta({ description: 'In the language `Accept-Language` asks for (zh-CN or en; en without it).' }),
    details: z
      .union([
        z.array(fieldErrorSchema).max(1000),
        z.object({ currentStage: z.enum(STAGES), code: messageCodeSchema.optional() }).meta({
          description: 'A step refused for the stage: the stage the journey is in, and why (`code`).',
        }),
      ])
      .optional()
      .meta({
        description:
          'A 400 or 415 names each field (`(body)`, `(url)`, `query.<name>`, `header.<name>` for the request as a whole); a 409 for a step names the stage the journey is in.',
      }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** What a success answer carries: JSON from a zod schema, or text in another media type. */
export interface SuccessContract {
  description: string;
  /** The JSON body; the route handler's return type is checked against it. */
  schema?: z.ZodType;
  /** Other media types the same answer may come in (a CSV, a page). */
  content?: Record<string, { schema: z.ZodType; example?: unknown }>;
  /** Response headers besides the rate limit's, each a zod schema with its description in `.meta`. */
  headers?: Record<string, z.ZodType>;
}

/** An error answered in another shape than the error body (a page, the health probes). */
export interface CustomAnswer {
  description: string;
  schema: z.ZodType;
  example?: unknown;
  /** `application/json` unless said. */
  mediaType?: string;
}

export interface RouteContract {
  summary: string;
  description: string;
  /** Path parameters, by their names in the route. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body, or bodies by media type. */
  body?:
    z.ZodType | { description?: string; content: Record<string, { schema: z.ZodType; example?: unknown }> };
  ok: SuccessContract;
  /**
   * The errors this route answers besides those every route of its kind does, each with the
   * message a client sees (the example); or a schema where the answer is not the error body.
   */
  errors?: Partial<Record<ErrorStatus, string | CustomAnswer>>;
  /** A handler that writes its own answer (`@Res()`): its return value is not the body. */
  raw?: true;
}

export const CONTRACT = 'uplift:contract';

type Awaitable<T> = T | Promise<T>;
/** What a handler may return for a contract: the input of its success schema, or anything when raw. */
type BodyOf<C extends RouteContract> = C extends { raw: true }
  ? unknown
  : C['ok'] extends { schema: infer S extends z.ZodType }
    ? | z.input<S>
      | (C['ok'] extends { content: Record<string, { schema: infer T extends z.ZodType }> }
          ? z.input<T>
          : never)
    : unknown;

/**
 * Documents a route. The handler's return type must fit the success schema, so the view and the
 * document cannot drift apart without the compiler saying so.
 */
export function ApiContract<const C extends RouteContract>(contract: C) {
  return <T extends (...args: never[]) => Awaitable<BodyOf<C>>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    Reflect.defineMetadata(CONTRACT, contract, descriptor.value as object);
  };
}

export function contractOf(handler: object): RouteContract | undefined {
  return Reflect.getMetadata(CONTRACT, handler) as RouteContract | undefined;
}
