/**
 * Shared pieces of the core suite: the two transports every suite runs against, the test API key,
 * and a leak scanner that collects every error and log line a file produces so the file can prove
 * none of them contains the key.
 * @module
 */
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { expect, vi } from 'vitest';
import { fetchTransport, request, type Logger, type Transport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { delay, DROP_GRACE_MS, write, type RecordedRequest, type TestHandler } from '../helpers/test-server.js';

/** The credential every core test sends. Nothing the SDK produces may contain it. */
export const API_KEY = 'sk-test-9f8e7d6c5b4a-SECRET';

/** `[name, factory]` pairs for `describe.each`: both transports run the same suite. */
export const TRANSPORTS: Array<[string, () => Transport]> = [
  ['fetch', () => fetchTransport()],
  ['undici', () => undiciTransport()],
];

/** Deterministic PRNG in [0, 1) (mulberry32): the one that generates the test models' weights. */
export { mulberry32 as seeded } from '../../scripts/model-weights.js';

/**
 * Collects everything that could leak a secret: errors (message, String, JSON, util.inspect, stack)
 * and log lines (message + fields, JSON and inspect).
 */
export class LeakScanner {
  readonly texts: { where: string; text: string }[] = [];
  errors = 0;
  logs = 0;

  /** Records an error and returns it. */
  error<E>(err: E, where = 'error'): E {
    this.errors++;
    const e = err as { message?: unknown; stack?: unknown; toJSON?: () => unknown };
    this.texts.push({ where: `${where}.message`, text: String(e?.message) });
    this.texts.push({ where: `${where}.String`, text: String(err) });
    this.texts.push({ where: `${where}.stack`, text: String(e?.stack) });
    this.texts.push({ where: `${where}.inspect`, text: inspect(err, { depth: 6 }) });
    try {
      this.texts.push({ where: `${where}.json`, text: JSON.stringify(err) ?? '' });
    } catch (jsonErr) {
      this.texts.push({ where: `${where}.json-failed`, text: String(jsonErr) });
    }
    return err;
  }

  /** Records a log line. */
  log(level: string, message: string, fields: Record<string, unknown>): void {
    this.logs++;
    this.texts.push({ where: `log.${level}`, text: `${message} ${JSON.stringify(fields)}` });
    this.texts.push({ where: `log.${level}.inspect`, text: inspect(fields, { depth: 6 }) });
  }

  /** A logger that records into this scanner. */
  logger(lines?: { level: string; message: string; fields: Record<string, unknown> }[]): Logger {
    const at =
      (level: string) =>
      (message: string, fields: Record<string, unknown>): void => {
        lines?.push({ level, message, fields });
        this.log(level, message, fields);
      };
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  }

  /** Asserts that nothing recorded contains `secret`, and that something was recorded at all. */
  assertClean(secret: string = API_KEY, minErrors = 1): void {
    expect(this.errors).toBeGreaterThanOrEqual(minErrors);
    const hits = this.texts.filter((t) => t.text.includes(secret)).map((t) => `${t.where}: ${t.text.slice(0, 300)}`);
    expect(hits).toEqual([]);
  }
}

/** Awaits a promise that must reject and returns its reason (recorded in `scanner` when given). */
export async function rejectionOf(promise: Promise<unknown>, scanner?: LeakScanner): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return scanner ? scanner.error(err) : err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Awaits a promise that must reject with an instance of `type` and returns that error, typed. */
export async function rejectionAs<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(type);
  return err as E;
}

/** Runs `fn`, which must throw, and returns what it threw (the synchronous {@link rejectionOf}). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** Runs `fn`, which must throw an instance of `type`, and returns that error, typed. */
export function thrownAs<E>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  const err = thrownBy(fn);
  expect(err).toBeInstanceOf(type);
  return err as E;
}

/** Resolves with `promise`, or rejects with a labelled error after `ms` (a liveness bound, not a timing assertion). */
export function within<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: did not happen within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A promise plus its resolver. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Tells, per request (by its arrival index), when the server saw the client go away: the moment
 * its response closed. Call `watch(req, res)` first thing in the handler.
 */
export function closeWatcher(): { watch(req: RecordedRequest, res: ServerResponse): void; closed(index: number): Promise<void> } {
  const closedAt = new Map<number, Promise<void>>();
  return {
    watch(req, res) {
      const d = deferred();
      closedAt.set(req.index, d.promise);
      res.on('close', () => d.resolve());
    },
    closed: (index) => closedAt.get(index)!,
  };
}

/** Every value a stream gives, and the error that ended it (`undefined` when it ended cleanly). */
export async function drain<T>(stream: AsyncIterable<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for await (const v of stream) values.push(v);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

/**
 * A second copy of modelwire in this process, as the ESM and CJS builds are when an app both
 * requires and imports it: the module registry is reset and src/index.js imported again.
 */
export async function secondCopy(): Promise<typeof import('../../src/index.js')> {
  vi.resetModules();
  const copy = (await import('../../src/index.js')) as typeof import('../../src/index.js');
  expect(copy.request).not.toBe(request); // really a second copy
  return copy;
}

/**
 * A resumable event stream: the first connection sends one event with an id and is dropped; a
 * resume (Last-Event-ID) gets events every 10 ms until the client goes away. `onResponse` sees
 * each response first (to hold or count it).
 */
export function resumableHandler(onResponse?: (res: ServerResponse) => void): TestHandler {
  return async (req, res) => {
    onResponse?.(res);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    if (req.headers['last-event-id'] === undefined) {
      await write(res, 'id: 1\ndata: {"n":1}\n\n');
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
      return;
    }
    for (let i = 2; !res.destroyed && i < 100_000; i++) {
      await write(res, `id: ${i}\ndata: {"n":${i}}\n\n`);
      await delay(10);
    }
  };
}
