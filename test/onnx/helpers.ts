/** Shared fixtures for the ONNX tests: repository paths, the Silero model location, a counting ORT loader. */
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { createOnnxRuntime, type OnnxRuntime, type OrtLoader } from '../../src/onnx/index.js';

/** The committed test models. */
export const MODELS_DIR = fileURLToPath(new URL('../../models', import.meta.url));

/** Silero VAD v5 ships in @ricky0123/vad-web; used in place as a repository (`silero_vad_v5`). */
export const SILERO_PATH = createRequire(import.meta.url).resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
export const SILERO_DIR = dirname(SILERO_PATH);
export const SILERO = 'silero_vad_v5';

/** Counts what the runtime does with the real onnxruntime-node: sessions created/released, concurrent runs. */
export interface OrtStats {
  creates: number;
  releases: number;
  runs: number;
  inflight: number;
  maxInflight: number;
  /** Feeds and results of the last run, as ORT saw them. */
  lastFeeds: Record<string, { data: unknown }> | undefined;
  lastResults: Record<string, { data: unknown }> | undefined;
}

type Session = {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata: unknown;
  outputMetadata: unknown;
  run(...args: unknown[]): Promise<unknown>;
  release(): Promise<void>;
};

/**
 * A loader that returns the real onnxruntime-node with `InferenceSession.create` instrumented.
 * With a `gate`, each session creation starts (and is counted) at once but waits for the gate
 * before ORT creates the session.
 */
export function countingLoader(runDelayMs = 0, gate?: Promise<void>): { loader: OrtLoader; stats: OrtStats } {
  const stats: OrtStats = { creates: 0, releases: 0, runs: 0, inflight: 0, maxInflight: 0, lastFeeds: undefined, lastResults: undefined };
  const loader: OrtLoader = async () => {
    const ort = await import('onnxruntime-node');
    const create = async (...args: unknown[]) => {
      stats.creates++;
      await gate;
      const s = (await (ort.InferenceSession.create as (...a: unknown[]) => Promise<Session>)(...args)) as Session;
      const wrapped: Session = {
        inputNames: s.inputNames,
        outputNames: s.outputNames,
        inputMetadata: s.inputMetadata,
        outputMetadata: s.outputMetadata,
        async run(...a: unknown[]) {
          stats.runs++;
          stats.inflight++;
          stats.maxInflight = Math.max(stats.maxInflight, stats.inflight);
          try {
            if (runDelayMs) await new Promise((r) => setTimeout(r, runDelayMs));
            stats.lastFeeds = a[0] as OrtStats['lastFeeds'];
            const r = await s.run(...a);
            stats.lastResults = r as OrtStats['lastResults'];
            return r;
          } finally {
            stats.inflight--;
          }
        },
        async release() {
          stats.releases++;
          await s.release();
        },
      };
      return wrapped;
    };
    return { InferenceSession: { create }, Tensor: ort.Tensor, env: ort.env };
  };
  return { loader, stats };
}

/** A counting loader whose session creations wait until `open()` is called (see {@link countingLoader}). */
export function gatedLoader(): { loader: OrtLoader; stats: OrtStats; open(): void } {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  return { ...countingLoader(0, gate), open: () => open() };
}

/** Resolves once a session creation has started (polling the loader's counter). */
export async function creationStarted(stats: OrtStats): Promise<void> {
  while (stats.creates === 0) await new Promise((r) => setTimeout(r, 5));
}

/** A factory of runtimes on the committed models, each disposed after the test that made it. */
export function useRuntimes(): (options?: Partial<Parameters<typeof createOnnxRuntime>[0]>) => OnnxRuntime {
  const open: OnnxRuntime[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.dispose()));
  });
  return (options = {}) => {
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR, ...options });
    open.push(rt);
    return rt;
  };
}

/** What {@link holdingLoader} saw: models whose session was created and released, in order. */
export interface HoldingLoader {
  loader: OrtLoader;
  created: string[];
  released: string[];
  /** Both in the order they happened: `+mlp` created, `-mlp` released. */
  log: string[];
  /** Runs of `model` started (in ORT) so far. */
  started(model: string): number;
  /** Holds the runs of `model` that start from now on until the returned function is called. */
  hold(model: string): () => void;
  /**
   * Holds the results of `model`'s runs that start from now on: ORT has run, the result is given once
   * the returned function is called (so the run ends in the microtasks after that call, before any I/O).
   */
  holdResults(model: string): () => void;
}

/**
 * The real onnxruntime-node, each session named after its file (`mlp.onnx` -> `mlp`): records
 * creations and releases by model, and can hold a model's runs in flight (see {@link HoldingLoader.hold}).
 */
export function holdingLoader(): HoldingLoader {
  const created: string[] = [];
  const released: string[] = [];
  const log: string[] = [];
  const starts = new Map<string, number>();
  const holds = new Map<string, Promise<void>>();
  const after = new Map<string, Promise<void>>();
  const gate = (on: Map<string, Promise<void>>, model: string): (() => void) => {
    let free!: () => void;
    on.set(model, new Promise<void>((r) => (free = r)));
    return () => {
      on.delete(model);
      free();
    };
  };
  const loader: OrtLoader = async () => {
    const ort = await import('onnxruntime-node');
    const create = async (path: string, options: unknown) => {
      const model = basename(path, '.onnx');
      const s = (await (ort.InferenceSession.create as (...a: unknown[]) => Promise<Session>)(path, options)) as Session;
      created.push(model);
      log.push(`+${model}`);
      return {
        inputNames: s.inputNames,
        outputNames: s.outputNames,
        inputMetadata: s.inputMetadata,
        outputMetadata: s.outputMetadata,
        async run(...a: unknown[]) {
          const held = holds.get(model);
          const resultHeld = after.get(model);
          starts.set(model, (starts.get(model) ?? 0) + 1);
          await held;
          const out = await s.run(...a);
          await resultHeld;
          return out;
        },
        async release() {
          released.push(model);
          log.push(`-${model}`);
          await s.release();
        },
      };
    };
    return { InferenceSession: { create }, Tensor: ort.Tensor, env: ort.env };
  };
  return {
    loader,
    created,
    released,
    log,
    started: (model) => starts.get(model) ?? 0,
    hold: (model) => gate(holds, model),
    holdResults: (model) => gate(after, model),
  };
}
