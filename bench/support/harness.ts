/** Shared benchmark plumbing: a loopback server in a child process, timing loops, medians. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Starts a bench server script (with `args`) in a child process; resolves with its origin and a stop function. */
export async function startServerProcess(script: string, args: string[] = []): Promise<{ origin: string; stop: () => void; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.on('line', (l) => {
      const m = /^PORT (\d+)/.exec(l);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM'), child };
}

/** Calls/s of `fn` run `n` times with `concurrency` in flight. */
export async function callsPerSecond(fn: () => Promise<unknown>, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next++ < n) await fn();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return n / ((performance.now() - t0) / 1000);
}

/** Events/s of `read`, which resolves with how many events it counted; throws unless that is `n`. */
export async function eventsPerSecond(n: number, what: string, read: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  const seen = await read();
  if (seen !== n) throw new Error(`${what} saw ${seen} of ${n} events`);
  return n / ((performance.now() - t0) / 1000);
}

/** Median of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs baseline and subject alternately for `rounds` rounds (order flipped each round) and
 * returns the median of the per-round ratios subject ÷ baseline, plus the medians themselves.
 */
export async function interleavedRatio(
  baseline: () => Promise<number>,
  subject: () => Promise<number>,
  rounds: number,
): Promise<{ ratio: number; baseline: number; subject: number }> {
  const ratios: number[] = [];
  const bs: number[] = [];
  const ss: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let b: number;
    let s: number;
    if (r % 2 === 0) {
      b = await baseline();
      s = await subject();
    } else {
      s = await subject();
      b = await baseline();
    }
    bs.push(b);
    ss.push(s);
    ratios.push(s / b);
  }
  return { ratio: median(ratios), baseline: median(bs), subject: median(ss) };
}

/** Prints one metric line. */
export function metric(name: string, value: number, digits = 3): void {
  console.log(`metric ${name} ${Number(value.toFixed(digits))}`);
}

/**
 * How fast an SDK's check of a request value is against the `JSON.stringify` that sends it:
 * stringify time ÷ check time, median of `rounds` alternating rounds, the first left out as warm-up
 * (> 1: the check costs less than the serialization it guards).
 */
export function stringifyVsCheck(value: unknown, check: (value: unknown) => void, rounds = 11): number {
  const time = (fn: () => unknown): number => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const json = time(() => JSON.stringify(value));
    ratios.push(json / time(() => check(value)));
  }
  return median(ratios.slice(1));
}

/**
 * The large request values the input-check metrics time (`replicate.input_check_vs_stringify`,
 * `openai.token_check_vs_stringify`, `compare-builds.ts --checks`): a Replicate `input` of a million
 * numbers and 20,000 small objects, and OpenAI token-id lists (200,000 ids, and 2,048 lists of 100).
 */
export function largeRequestValues(): { replicateInput: Record<string, unknown>; tokenLists: unknown[][] } {
  return {
    replicateInput: {
      samples: Array.from({ length: 1_000_000 }, (_, i) => i * 0.5),
      items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, label: `item ${i}`, tags: ['a', 'b'] })),
    },
    tokenLists: [Array.from({ length: 200_000 }, (_, i) => i % 50_000), Array.from({ length: 2048 }, () => Array.from({ length: 100 }, (_, i) => i))],
  };
}
