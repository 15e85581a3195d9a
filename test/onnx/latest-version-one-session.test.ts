/**
 * A call without `version` and a call naming the latest version share one session
 * (src/onnx/runtime.ts entryFor): the model file is opened once, `list()` shows it once, and
 * `unload` releases it once. The latest version is looked up when the session is created: a
 * version added later is taken after `unload` (docs/onnx.md, Model repository layout).
 * Uses the real onnxruntime-node, counting the sessions it creates.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { countingLoader, creationStarted, gatedLoader, MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'modelwire-one-session-'));
  addVersion('1');
  addVersion('2');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

function addVersion(version: string): void {
  mkdirSync(join(repo, 'clf', version), { recursive: true });
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'clf', version, 'model.onnx'));
}

function counted(): { rt: OnnxRuntime; stats: ReturnType<typeof countingLoader>['stats'] } {
  const { loader, stats } = countingLoader();
  return { rt: runtime({ modelRepository: repo, loader, warmup: false }), stats };
}

describe('onnx: the latest version with and without naming it', () => {
  // infer('clf') cached its session under "clf" and infer('clf', { version: '2' }) under
  // "clf"+"2": two native sessions of one file (about the model's size each), shown twice by list()
  it.each<[string, (rt: OnnxRuntime) => Promise<unknown>]>([
    ['without version first', async (rt) => {
      await rt.infer('clf', mlp());
      await rt.infer('clf', mlp(), { version: '2' });
    }],
    ['with the version first', async (rt) => {
      await rt.infer('clf', mlp(), { version: '2' });
      await rt.get('clf');
    }],
    ['both at once', (rt) => Promise.all([rt.infer('clf', mlp()), rt.infer('clf', mlp(), { version: '2' }), rt.load('clf')])],
  ])('%s: one session, listed once, released once', async (_, calls) => {
    const { rt, stats } = counted();
    await calls(rt);
    expect(stats.creates).toBe(1);
    expect(await rt.list()).toEqual([
      { name: 'clf', version: '1', state: 'UNAVAILABLE', reason: 'unloaded' },
      { name: 'clf', version: '2', state: 'READY' },
    ]);
    await rt.unload('clf');
    expect(stats.releases).toBe(1);
  });

  it('answers with version 2 either way', async () => {
    const { rt } = counted();
    expect((await rt.infer('clf', mlp())).model_version).toBe('2');
    expect((await rt.infer('clf', mlp(), { version: '2' })).model_version).toBe('2');
  });

  it('an older version named explicitly still gets a session of its own', async () => {
    const { rt, stats } = counted();
    await rt.infer('clf', mlp());
    expect((await rt.infer('clf', mlp(), { version: '1' })).model_version).toBe('1');
    expect(stats.creates).toBe(2);
  });

  it('a version added later is the latest after unload, also when the old latest was loaded by name', async () => {
    const { rt, stats } = counted();
    await rt.infer('clf', mlp());
    addVersion('3');
    expect((await rt.infer('clf', mlp())).model_version).toBe('2'); // looked up when the session was created
    await rt.unload('clf');
    expect((await rt.infer('clf', mlp())).model_version).toBe('3');
    await rt.unload('clf');
    await rt.infer('clf', mlp(), { version: '3' });
    addVersion('4');
    expect((await rt.infer('clf', mlp())).model_version).toBe('4'); // version 3 was named, not the latest
    expect(stats.creates).toBe(4);
  });

  it('an unload while a call without version creates the session lets that call run, then releases the session', async () => {
    const gated = gatedLoader();
    const rt = runtime({ modelRepository: repo, loader: gated.loader, warmup: false });
    const call = rt.infer('clf', mlp());
    await creationStarted(gated.stats);
    const unloading = rt.unload('clf');
    gated.open();
    expect((await call).model_version).toBe('2');
    await unloading;
    expect(gated.stats.runs).toBe(1);
    expect(gated.stats.releases).toBe(1);
    expect((await rt.list()).map((e) => e.state)).toEqual(['UNAVAILABLE', 'UNAVAILABLE']);
  });
});
