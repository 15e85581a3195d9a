/**
 * Session cache: one session per model+version key, created once even when many calls arrive
 * before it exists (the creation promise is cached), released on unload after in-flight runs end.
 * @module
 */
import type { OutputTensor } from '../oip/types.js';
import type { LocalCall } from './call.js';
import type { Feed, IoMetadata } from './tensors.js';

/** A loaded model as the runtime uses it; inline sessions and worker-pool sessions both fit. */
export interface SessionHandle {
  readonly meta: IoMetadata;
  /** Absolute path of the model file. */
  readonly path: string;
  /** Version directory, `undefined` for a flat `<name>.onnx`. */
  readonly version: string | undefined;
  /**
   * `fetches` undefined = every output, in model order. Errors are ORT's (the runtime wraps them).
   * `call`: the deadline and signal that bound a wait for the session before the run starts (a worker
   * creating its own copy on its first run). `quiet`: ORT logs nothing for this run (a warm-up, whose
   * failure is ignored).
   */
  run(feeds: Feed[], fetches: string[] | undefined, call: LocalCall, quiet?: boolean): Promise<OutputTensor[]>;
  release(): Promise<void>;
}

/** A cache slot. `handle` is set once the session exists (fast path, no await on the promise). */
export interface CacheEntry {
  readonly model: string;
  readonly promise: Promise<SessionHandle>;
  handle: SessionHandle | undefined;
  /** Runs in flight on this session. */
  active: number;
  /** Set by `release`: resolves the drain promise when the last run ends. */
  onIdle: (() => void) | undefined;
  /** When a call last used it (a count the runtime keeps): the least recently used model is evicted first. */
  used: number;
}

/** The cache operations the runtime needs. */
export interface SessionCache {
  /** The entry for `key`, creating the session with `create` on first use (one creation per key). */
  acquire(key: string, model: string, create: () => Promise<SessionHandle>): CacheEntry;
  /** The entry for `key`, if there is one. */
  peek(key: string): CacheEntry | undefined;
  /** Releases every session whose model is `model` (after their in-flight runs). */
  releaseModel(model: string): Promise<void>;
  /** Releases everything. */
  releaseAll(): Promise<void>;
  /** Keys whose session exists (created successfully). */
  loaded(): Array<{ key: string; model: string; version: string | undefined }>;
  /** Every entry, loaded or being created. */
  all(): Iterable<CacheEntry>;
}

/**
 * Creates an empty session cache.
 *
 * @example
 * ```ts
 * const cache = createSessionCache();
 * const entry = cache.acquire('mlp\0', 'mlp', () => openSession('mlp'));
 * const session = entry.handle ?? (await entry.promise);
 * ```
 */
export function createSessionCache(): SessionCache {
  const entries = new Map<string, CacheEntry>();
  /** Releases under way, with the model each belongs to. */
  const releasing = new Map<Promise<void>, string>();

  function releaseEntry(key: string, entry: CacheEntry): void {
    if (entries.get(key) === entry) entries.delete(key);
    const p = drainAndRelease(entry).finally(() => releasing.delete(p));
    releasing.set(p, entry.model);
  }

  async function drainAndRelease(entry: CacheEntry): Promise<void> {
    let handle: SessionHandle;
    try {
      handle = await entry.promise;
    } catch {
      return; // never created: nothing to release
    }
    if (entry.active > 0) await new Promise<void>((resolve) => (entry.onIdle = resolve));
    await handle.release();
  }

  return {
    acquire(key, model, create) {
      let entry = entries.get(key);
      if (entry) return entry;
      const promise = create();
      const e: CacheEntry = { model, promise, handle: undefined, active: 0, onIdle: undefined, used: 0 };
      entries.set(key, e);
      promise.then(
        (h) => {
          e.handle = h;
        },
        () => {
          // Failed creations are not cached: the next call tries again.
          if (entries.get(key) === e) entries.delete(key);
        },
      );
      entry = e;
      return entry;
    },
    peek: (key) => entries.get(key),
    async releaseModel(model) {
      for (const [key, entry] of entries) if (entry.model === model) releaseEntry(key, entry);
      // with those an earlier call started: a second unload ends when the model is released
      const work: Promise<void>[] = [];
      for (const [p, of] of releasing) if (of === model) work.push(p);
      await Promise.all(work);
    },
    async releaseAll() {
      for (const [key, entry] of entries) releaseEntry(key, entry);
      await Promise.all(releasing.keys());
    },
    all: () => entries.values(),
    loaded() {
      const out: Array<{ key: string; model: string; version: string | undefined }> = [];
      for (const [key, entry] of entries) if (entry.handle) out.push({ key, model: entry.model, version: entry.handle.version });
      return out;
    },
  };
}

/** Marks a run as started on `entry`; pair with {@link endRun}. */
export function beginRun(entry: CacheEntry): void {
  entry.active++;
}

/** Marks a run as finished; wakes a pending release when it was the last one. */
export function endRun(entry: CacheEntry): void {
  if (--entry.active === 0 && entry.onIdle) {
    const idle = entry.onIdle;
    entry.onIdle = undefined;
    idle();
  }
}
