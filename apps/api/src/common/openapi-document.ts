import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type oas31,
} from 'zod-openapi';
import { ROLES } from '@uplift/domain';
import {
  contractOf,
  errorBodySchema,
  type CustomAnswer,
  type ErrorStatus,
  type RouteContract,
} from './api-contract';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_SHAPE } from './idempotency.interceptor';

/** The scheme every non-public route is called with. */
export const API_KEY_SCHEME = 'apiKey';
/** The other: a person's console session (POST /v1/sessions sets it). */
export const SESSION_SCHEME = 'sessionCookie';

/** @nestjs/swagger's `@ApiTags` metadata key: the controllers keep naming their group that way. */
const TAGS_METADATA = 'swagger/apiUseTags';

const REASON: Record<ErrorStatus | 500, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What a client is told by default for each error, when the route says nothing more precise. */
const DEFAULT_MESSAGE: Record<ErrorStatus | 500, string> = {
  400: 'invalid body',
  401: 'a valid API key is required (Authorization: Bearer <key>)',
  403: 'this route is not open to your role',
  404: 'not found',
  409: 'this Idempotency-Key was already used with a different request (method, URL or body); use a new key',
  410: 'gone',
  413: 'request body is too large',
  415: 'text/plain is not accepted; send application/json',
  429: 'too many requests; retry in 42 s',
  500: 'internal error',
  503: 'the database is unavailable; try again shortly',
};

const count = z.number().int().min(0).max(2_147_483_647);

/** @fastify/rate-limit's headers, sent on every answer of the per-address limit (http-safeguards.ts). */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': count
    .optional()
    .meta({ description: 'Requests allowed per minute from this client address.' }),
  'X-RateLimit-Remaining': count.optional().meta({ description: 'Requests left in the current minute.' }),
  'X-RateLimit-Reset': count.optional().meta({ description: 'Seconds until the minute starts again.' }),
};
/** Set by the CORS plugin (http-safeguards.ts) only for the origins CORS_ORIGINS names. */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': z.string().max(2048).optional().meta({
    format: 'uri',
    description: "The request's Origin, when it is one of CORS_ORIGINS (none by default).",
  }),
};
const RETRY_AFTER = { 'Retry-After': count.meta({ description: 'Seconds to wait before trying again.' }) };

function errorResponse(
  status: ErrorStatus | 500,
  given: RouteContract['errors'],
  invalid: string,
): ZodOpenApiResponseObject {
  const declared = status === 500 ? undefined : given?.[status];
  const headers = z.object({
    ...CORS_HEADERS,
    ...(status < 500 ? RATE_LIMIT_HEADERS : {}),
    ...(status === 429 || status === 503 ? RETRY_AFTER : {}),
  });
  if (declared && typeof declared === 'object') {
    const custom = declared as CustomAnswer;
    return {
      description: custom.description,
      headers,
      content: {
        [custom.mediaType ?? 'application/json']: { schema: custom.schema, example: custom.example },
      },
    };
  }
  const message = typeof declared === 'string' ? declared : DEFAULT_MESSAGE[status];
  const details =
    status === 400
      ? {
          details: [
            {
              field: invalid,
              code:
                invalid === '(body)'
                  ? 'body.malformed'
                  : invalid.startsWith('header.')
                    ? 'idempotency_key.format'
                    : invalid === '(url)'
                      ? 'url.malformed'
                      : 'invalid',
              message:
                invalid === '(body)'
                  ? 'Unexpected end of JSON input'
                  : invalid.startsWith('header.')
                    ? `must be 1 to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters`
                    : invalid === '(url)'
                      ? "'/v1/%E0%A4%A' is not a valid url component"
                      : 'is not valid',
            },
          ],
        }
      : status === 415
        ? { details: [{ field: 'header.content-type', code: 'media_type.not_accepted', message }] }
        : {};
  return {
    description: `${REASON[status]}: ${message}`,
    headers,
    content: {
      'application/json': {
        schema: errorBodySchema,
        example: { statusCode: status, error: REASON[status], message, ...details },
      },
    },
  };
}

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  handler: object;
  tags: string[];
}

const METHODS: Partial<Record<RequestMethod, Route['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

/** Every route of the controllers, as Nest registers it: `:param` written as OpenAPI's `{param}`. */
function routesOf(controllers: Type[]): Route[] {
  const routes: Route[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const tags = (Reflect.getMetadata(TAGS_METADATA, controller) as string[] | undefined) ?? [];
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const method = requestMethod === undefined ? undefined : METHODS[requestMethod];
      if (!method) continue;
      const own = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[base, own].join('/')}`
        .replace(/\/+/g, '/')
        .replace(/(.)\/$/, '$1')
        .replace(/:(\w+)/g, '{$1}');
      routes.push({ method, path, handler, tags });
    }
  }
  return routes;
}

/** Every route says its errors in the language asked for (common/locale.ts). */
const LANGUAGE_HEADER = {
  'accept-language': z
    .string()
    .max(256)
    .optional()
    .meta({
      description:
        'The language of error messages: `zh-CN` (any `zh`) or `en` (any `en`), q-values respected; English without it. ' +
        'Each `details` entry carries a stable `code` whatever the language.',
      example: 'zh-CN',
    }),
};

/** What a 400's example names: the body, else a query parameter, else the Idempotency-Key, else the URL. */
function invalidField(contract: RouteContract | undefined, method: Route['method']): string {
  if (contract?.body) return '(body)';
  const query = contract?.query && Object.keys(contract.query.shape)[0];
  if (query) return `query.${query}`;
  return method === 'post' ? `header.${IDEMPOTENCY_HEADER}` : '(url)';
}

function operationOf(route: Route): ZodOpenApiOperationObject {
  const contract = contractOf(route.handler);
  const open = Reflect.getMetadata(PUBLIC_ROUTE, route.handler) === true;
  const roles = Reflect.getMetadata(ALLOWED_ROLES, route.handler) as string[] | undefined;
  const takesBody = route.method !== 'get';
  const success = String(
    (Reflect.getMetadata(HTTP_CODE_METADATA, route.handler) as number | undefined) ??
      (route.method === 'post' ? 201 : 200),
  ) as `2${string}`;

  // 400 on any route too: a URL Fastify's router cannot read (answerFrameworkError names `(url)`).
  const statuses = new Set<ErrorStatus | 500>([400, 429, 500]);
  if (!open) statuses.add(401).add(503);
  if (roles && roles.length < ROLES.length) statuses.add(403);
  if (takesBody) statuses.add(413).add(415);
  // A repeated Idempotency-Key with another request (idempotency.interceptor.ts).
  if (!open && route.method === 'post') statuses.add(409);
  for (const s of Object.keys(contract?.errors ?? {})) statuses.add(Number(s) as ErrorStatus);

  const responses: Record<string, ZodOpenApiResponseObject> = {};
  const ok = contract?.ok;
  responses[success] = {
    description: ok?.description ?? 'undocumented',
    headers: z.object({ ...CORS_HEADERS, ...RATE_LIMIT_HEADERS, ...(ok?.headers ?? {}) }),
    ...(ok && (ok.schema || ok.content)
      ? {
          content: {
            ...(ok.schema ? { 'application/json': { schema: ok.schema } } : {}),
            ...(ok.content ?? {}),
          },
        }
      : {}),
  };
  for (const status of [...statuses].sort())
    responses[String(status)] = errorResponse(status, contract?.errors, invalidField(contract, route.method));

  const roleLine = roles ? `\n\nRoles: ${roles.join(', ')}.` : open ? '\n\nNo API key.' : '';
  const body = contract?.body;
  const idempotency =
    !open && route.method === 'post'
      ? {
          [IDEMPOTENCY_HEADER]: z.string().regex(IDEMPOTENCY_KEY_SHAPE).optional().meta({
            description:
              'Makes a retry safe: a repeat with the same key answers as the first did, without running again.',
            example: '3f6c1a9e-retry-safe',
            maxLength: IDEMPOTENCY_KEY_MAX,
          }),
        }
      : {};
  return {
    operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: route.tags,
    summary: contract?.summary,
    description: contract ? `${contract.description}${roleLine}` : undefined,
    security: open ? [] : [{ [API_KEY_SCHEME]: [] }, { [SESSION_SCHEME]: [] }],
    requestParams: {
      ...(contract?.params ? { path: contract.params } : {}),
      ...(contract?.query ? { query: contract.query } : {}),
      header: z.object({ ...idempotency, ...LANGUAGE_HEADER }),
    },
    ...(body
      ? {
          requestBody: {
            required: true,
            ...('content' in body && !(body instanceof z.ZodType)
              ? { description: body.description, content: body.content }
              : { content: { 'application/json': { schema: body as z.ZodType } } }),
          },
        }
      : {}),
    responses,
  };
}

/** Fills in what a format implies, where the OWASP rules want it stated (lengths, integer widths). */
function implied(jsonSchema: oas31.SchemaObject): void {
  if (jsonSchema.type === 'string' && jsonSchema.maxLength === undefined) {
    const lengths: Record<string, number> = { uuid: 36, 'date-time': 35, date: 10 };
    const length = jsonSchema.format ? lengths[jsonSchema.format] : undefined;
    if (length !== undefined) jsonSchema.maxLength = length;
  }
  if (jsonSchema.type === 'integer' && jsonSchema.format === undefined) {
    const max = Math.max(
      Math.abs(Number(jsonSchema.minimum ?? 0)),
      Math.abs(Number(jsonSchema.maximum ?? 0)),
    );
    jsonSchema.format = max <= 2_147_483_647 ? 'int32' : 'int64';
  }
}

/**
 * The OpenAPI 3.1 document of the controllers' routes, each from its `@ApiContract` and the zod
 * schemas in it (zod-openapi). A route without a contract still appears, undocumented, so the
 * contract test names it.
 */
export function buildOpenApiDocument(
  controllers: Type[],
  description: string,
): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  const tags = new Set<string>();
  for (const route of routesOf(controllers)) {
    route.tags.forEach((t) => tags.add(t));
    paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Uplift',
        description,
        version: '1',
      },
      tags: [...tags].sort().map((name) => ({ name, description: `Routes of ${name}.` })),
      security: [{ [API_KEY_SCHEME]: [] }, { [SESSION_SCHEME]: [] }],
      components: {
        securitySchemes: {
          [API_KEY_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API key (`upl_<prefix>_<secret>`), issued once by POST /v1/principals and sent as ' +
              '`Authorization: Bearer <key>`. An opaque key, not a JWT. The enterprise evaluation link is ' +
              'the other credential: a one-time token in its path (`/evaluate/{token}`, ' +
              '`/v1/evaluations/{token}`), emailed to the enterprise; those routes take no key.',
          },
          [SESSION_SCHEME]: {
            type: 'apiKey',
            in: 'cookie',
            name: 'uplift_session',
            description:
              "A person's console session, set by POST /v1/sessions (HttpOnly, SameSite=Strict). A request it " +
              'authenticates that changes state (POST, PUT, PATCH, DELETE) must come from the console’s own ' +
              'origin (`Origin`, else `Referer`), or it is answered 403.',
          },
        },
      },
      paths,
    },
    { override: ({ jsonSchema }) => implied(jsonSchema as oas31.SchemaObject) },
  );
}
