import { readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

/**
 * The lowest port the kernel hands out for outgoing connections and `listen(0)`. A port chosen
 * inside that range can be taken by any connection opened between choosing it and binding it
 * (Temporal and PostgreSQL open many while starting), so ports are chosen below it.
 */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const n = Number(low);
    return Number.isInteger(n) && n > 20_000 ? n : 32_768;
  } catch {
    return 32_768;
  }
}

const FIRST = 15_000;
const given = new Set<number>();

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on, outside the ephemeral range and below 32768 (Temporal's cluster
 * membership table keeps ports as smallint), not handed out before by this process.
 */
export async function freePort(): Promise<number> {
  const span = Math.min(ephemeralLow(), 32_768) - FIRST;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST + Math.floor(Math.random() * span);
    if (given.has(port) || !(await portFree(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port found between ${FIRST} and ${FIRST + span}`);
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s`);
}
