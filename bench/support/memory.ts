/**
 * Memory measurement plumbing for bench/memory.bench.ts: each measurement runs in a fresh child
 * process (this process's memory high-water mark and V8's committed pages say nothing about the
 * next measurement), which prints one `RESULT <json>` line; the parent collects it.
 */
import { spawnSync } from 'node:child_process';
import { median } from './harness.js';

const gcNow = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // twice: the first full GC can leave objects whose finalizers free more on the second
  gc();
  gc();
};

/**
 * Live memory after a full GC: V8 heap in use plus ArrayBuffer backing stores (Buffers, typed
 * arrays, which live outside the V8 heap). What is still reachable, garbage excluded.
 */
export function liveBytes(): number {
  gcNow();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * {@link liveBytes} once the event loop has had its turns: FinalizationRegistry callbacks (Node's
 * fetch ties each request to its signal through one), closed sockets and cleared timers are only
 * released by tasks that run after a GC, so a count taken straight after the calls would charge
 * them to the calls. Three rounds of GC then a 20 ms wait, then the count.
 */
export async function settledLiveBytes(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    liveBytes();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return liveBytes();
}

/** The process's resident set high-water mark, in bytes (getrusage: the kernel's own peak, nothing is sampled). */
export const maxRss = (): number => process.resourceUsage().maxRSS * 1024;

/**
 * Peak memory of `work`: the rise of the process's RSS high-water mark above its RSS right before
 * (after a full GC). It counts everything the call made resident at its worst moment: V8 heap
 * (strings, arrays, garbage not collected yet), ArrayBuffers, native buffers. Valid only when the
 * call sets a new high-water mark (`newPeak`), which the caller checks: a fresh process whose
 * start-up peak is below the call's.
 */
export async function peakOf<T>(work: () => Promise<T>): Promise<{ peak: number; newPeak: boolean; result: T }> {
  gcNow();
  const before = process.memoryUsage.rss();
  const highBefore = maxRss();
  const result = await work();
  const high = maxRss();
  return { peak: high - before, newPeak: high > highBefore, result };
}

/** One child's answer: named byte counts (and flags). */
export type Sample = Record<string, number | boolean>;

/**
 * Runs `script` as a child for one scenario and side; returns what it printed on its `RESULT` line.
 * `env` is added to this process's environment, `flags` to Node's command line.
 */
export function runChild(script: string, args: string[], opts: { env?: Record<string, string>; flags?: string[] } = {}): Sample {
  // --expose-gc for liveBytes(); the parent's env carries TSX_TSCONFIG_PATH (the built package)
  const r = spawnSync(process.execPath, ['--expose-gc', ...(opts.flags ?? []), '--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
    env: { ...process.env, ...opts.env },
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`memory child ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stdout.slice(-500)}`);
  return JSON.parse(line.slice(7)) as Sample;
}

/** Prints the child's result line. */
export function report(sample: Sample): void {
  console.log(`RESULT ${JSON.stringify(sample)}`);
}

/** Median of one field over samples. */
export const medianOf = (samples: Sample[], key: string): number => median(samples.map((s) => s[key] as number));

/** `x` bytes as MB (10^6) with one decimal, or KB when under 1 MB. */
export function fmtBytes(x: number): string {
  return Math.abs(x) >= 1e6 ? `${(x / 1e6).toFixed(1)} MB` : `${(x / 1e3).toFixed(1)} KB`;
}

/** Samples per side (`sdk`, `raw`, a pool size, …). */
export type Runs = Record<string, Sample[]>;

/** Runs `run(side)` `rounds` times for each of `sides`, rotating which side goes first. */
export function rotateRuns(rounds: number, sides: readonly string[], run: (side: string) => Sample): Runs {
  const out: Runs = Object.fromEntries(sides.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < sides.length; i++) {
      const side = sides[(i + r) % sides.length]!;
      out[side]!.push(run(side));
    }
  }
  return out;
}

/**
 * Prints `# label: name median (min–max), …` for each side of `names` (side → printed name) and
 * returns the medians by side.
 */
export function sideLine<S extends string>(label: string, runs: Runs, key: string, names: Record<S, string>, suffix = ''): Record<S, number> {
  const medians = {} as Record<S, number>;
  const parts = (Object.entries(names) as [S, string][]).map(([side, name]) => {
    const xs = runs[side]!.map((x) => x[key] as number);
    medians[side] = median(xs);
    return `${name} ${fmtBytes(medians[side])} (${fmtBytes(Math.min(...xs))}–${fmtBytes(Math.max(...xs))})`;
  });
  console.log(`# ${label}: ${parts.join(', ')}${suffix}`);
  return medians;
}
