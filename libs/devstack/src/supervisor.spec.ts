import { restartDelay, Supervised } from './supervisor';

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the npm start supervisor', () => {
  it('waits 1 s after a death, doubling with each death in a row up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelay(n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('restarts a process that keeps dying, with back-off, naming it and its exit code', async () => {
    const lines: string[] = [];
    const child = new Supervised({
      name: 'api',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      log: (l) => lines.push(l),
      backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 },
      graceMs: 1000,
    });
    child.start();
    await until(() => lines.filter((l) => l.startsWith('!!!')).length >= 4);
    await child.stop();
    const deaths = lines.filter((l) => l.startsWith('!!!'));
    expect(deaths[0]).toMatch(
      /^!!! api \(pid \d+\) exited with code 3 after [\d.]+ s; restarting in 0.05 s \(attempt 1\)/,
    );
    expect(deaths.slice(0, 4).map((l) => /restarting in ([\d.]+) s/.exec(l)?.[1])).toEqual([
      '0.05',
      '0.1',
      '0.2',
      '0.2',
    ]);
    const started = lines.filter((l) => l.startsWith('api started')).length;
    await new Promise((r) => setTimeout(r, 400));
    expect(lines.filter((l) => l.startsWith('api started')).length).toBe(started);
  });

  it('restarts a process killed from outside, and stops it for good on stop()', async () => {
    const lines: string[] = [];
    const child = new Supervised({
      name: 'worker',
      command: process.execPath,
      args: ['-e', 'setInterval(() => undefined, 1000)'],
      log: (l) => lines.push(l),
      backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 },
      graceMs: 5000,
    });
    child.start();
    const first = child.pid!;
    process.kill(first, 'SIGKILL');
    await until(() => child.pid !== undefined && child.pid !== first);
    expect(lines.some((l) => l.startsWith(`!!! worker (pid ${first}) was killed by SIGKILL`))).toBe(true);
    const second = child.pid!;
    await child.stop();
    expect(child.pid).toBeUndefined();
    expect(() => process.kill(second, 0)).toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(child.pid).toBeUndefined();
    expect(lines.filter((l) => l.startsWith('!!!'))).toHaveLength(1);
  });
});
