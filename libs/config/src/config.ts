import { z } from 'zod';
import { parsePayloadKeys } from './payload-keys';

/**
 * Everything Uplift reads from its environment, checked once at start-up. The defaults are the
 * addresses `npm start` gives its embedded services, so `start:api` and `start:worker` find them.
 */
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default('postgres://uplift:uplift@127.0.0.1:54329/uplift'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('uplift-journeys'),
  /** PEM files of an mTLS client certificate and its key (Temporal Cloud, or a cluster with mTLS). */
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  /** A Temporal Cloud API key; implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** `true`: TLS with the system's CAs and no client certificate. */
  TEMPORAL_TLS: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// URL')
    .default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(1).default('Uplift <no-reply@uplift.local>'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  UPLIFT_ADMIN_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Journeys kept in the worker's cache; the rest are replayed from history when they next act. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(2000),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  /** Requests per minute one API key may make (all routes together). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** Requests per minute one client address may make, with or without a key. */
  RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Comma-separated origins browsers may call the API from; unset, no cross-origin call is allowed. */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(z.array(z.url({ error: 'must be a comma-separated list of origins such as https://a.example' }))),
  /**
   * Behind a reverse proxy: `true`, the number of proxies, or their addresses, so the client address
   * (rate limits, audit) is read from X-Forwarded-For. Unset, the connection's address is used.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v): boolean | number | string => {
      if (v === undefined || v === '' || v === 'false') return false;
      if (v === 'true') return true;
      return /^\d+$/.test(v) ? Number(v) : v;
    }),
  /**
   * People's sessions (the console's cookie): ended after this many minutes without a request
   * (fractions allowed, e.g. 0.05 for tests), and this many hours after sign-in whatever happens.
   */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(1440).default(30),
  SESSION_MAX_HOURS: z.coerce.number().positive().max(720).default(12),
  /** Sign-in attempts (`POST /v1/sessions`) one client address may make in 15 minutes. */
  SIGN_IN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Hours an Idempotency-Key's answer is kept and replayed. */
  IDEMPOTENCY_RETENTION_HOURS: z.coerce.number().min(1).default(24),
  /**
   * When set, `GET /metrics` (API and worker) answers only `Authorization: Bearer <token>`; unset,
   * the metrics are public, as Prometheus usually scrapes a private network without credentials.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Where the worker serves `GET /metrics` (its own counters and the Temporal SDK's), on HOST;
   * 0 turns the endpoint off. 9464 is the usual port of a Prometheus exporter.
   */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /**
   * On SIGTERM or SIGINT, how long the API waits for requests in flight and the worker for
   * activities in flight before cutting them off.
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /**
   * How often, in seconds, the worker's Temporal Schedule runs the notification dispatcher: emails
   * held back for working hours go out once their time has come, and digests once theirs has.
   */
  NOTIFICATION_DISPATCH_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How often the API starts stored batches whose workflow never started (the API died, or Temporal was down). */
  BATCH_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * For tests only: a JSON file with a working-day calendar (`{ source, firstYear, lastYear,
   * holidays: [], workdays: [] }`, days as `YYYY-MM-DD`) the worker's emails keep working hours by
   * instead of the bundled mainland calendar, e.g. every weekend day listed as a working day.
   */
  UPLIFT_TEST_CALENDAR: z.string().min(1).optional(),
  /**
   * Keys of the Temporal payload codec (`id:base64key,...`, AES-256) and the id that encrypts.
   * Required by every process that talks to Temporal (see `temporalSettings`); retired keys stay
   * listed so older histories still decrypt.
   */
  UPLIFT_PAYLOAD_KEYS: z.string().optional(),
  UPLIFT_PAYLOAD_KEY_ID: z.string().optional(),
  /**
   * HTTP timeouts (seconds; fractions allowed). A request's headers must arrive within the headers
   * timeout and the whole request, body included, within the request timeout, or the client gets a
   * 408 and the connection is closed: a stalled or trickling upload holds a connection at most that
   * long. 30 s lets a 64 MiB import through at 2.2 MB/s (about 18 Mbit/s); a 60,000-row CSV (10 MB)
   * needs 0.35 MB/s. The headers timeout is 10 s, or the request timeout when that is shorter.
   */
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).optional(),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** An idle keep-alive connection is closed after this long without a new request. */
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(5),
  /**
   * A connection silent both ways for this long is cut, whatever it is doing: a client that stopped
   * reading its answer. It must exceed the slowest answer to compute (a large import's storing).
   */
  HTTP_IDLE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(120),
});

export type UpliftConfig = Omit<z.infer<typeof schema>, 'HTTP_HEADERS_TIMEOUT_SECONDS'> & {
  HTTP_HEADERS_TIMEOUT_SECONDS: number;
  PUBLIC_BASE_URL: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): UpliftConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (Boolean(c.TEMPORAL_TLS_CERT) !== Boolean(c.TEMPORAL_TLS_KEY)) {
    const missing = c.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
    throw new Error(
      `invalid configuration:\n  ${missing}: is required with its pair (a client certificate and its key)`,
    );
  }
  if (c.UPLIFT_PAYLOAD_KEYS || c.UPLIFT_PAYLOAD_KEY_ID) {
    try {
      parsePayloadKeys(c.UPLIFT_PAYLOAD_KEYS ?? '', c.UPLIFT_PAYLOAD_KEY_ID);
    } catch (err) {
      throw new Error(`invalid configuration:\n  ${(err as Error).message}`);
    }
  }
  const headersTimeout = c.HTTP_HEADERS_TIMEOUT_SECONDS ?? Math.min(10, c.HTTP_REQUEST_TIMEOUT_SECONDS);
  if (headersTimeout > c.HTTP_REQUEST_TIMEOUT_SECONDS) {
    throw new Error(
      'invalid configuration:\n  HTTP_HEADERS_TIMEOUT_SECONDS: must not exceed HTTP_REQUEST_TIMEOUT_SECONDS',
    );
  }
  return {
    ...c,
    HTTP_HEADERS_TIMEOUT_SECONDS: headersTimeout,
    PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`,
  };
}
