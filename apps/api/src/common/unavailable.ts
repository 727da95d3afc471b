/**
 * Which backing service an error says is unreachable, if any: PostgreSQL refusing or dropping
 * connections (or shutting down), or Temporal's frontend unavailable. Such a request changed nothing
 * it could not finish, and a retry once the service is back will do: a 503, not a 500.
 */
export function unavailableService(err: unknown): 'database' | 'temporal' | null {
  const chain = causes(err);
  // The Temporal client's ServiceError wraps the gRPC call's error, whose code 14 is UNAVAILABLE.
  if (chain.some((e) => e.code === GRPC_UNAVAILABLE || e.name === 'ServiceError'))
    return chain.some((e) => e.code === GRPC_UNAVAILABLE || NETWORK.has(String(e.code))) ? 'temporal' : null;
  for (const e of chain) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK.has(code) || /^(08|57P0)/.test(code)) return 'database';
    if (DATABASE_MESSAGES.some((m) => m.test(String(e.message ?? '')))) return 'database';
  }
  return null;
}

const GRPC_UNAVAILABLE = 14;
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const DATABASE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /terminating connection due to administrator command/i,
  /the database system is (shutting down|starting up)/i,
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
}

/** The error and what it wraps (`cause`, TypeORM's `driverError`), a few levels deep. */
function causes(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e: unknown = err;
  while (e && typeof e === 'object' && out.length < 5) {
    const like = e as ErrorLike;
    out.push(like);
    e = like.driverError ?? like.cause;
  }
  return out;
}
