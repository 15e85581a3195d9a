/**
 * The call's deadline and signal also bound the wait for its run (docs/onnx.md, "Deadlines and
 * aborts"), as the remote client's bound the wait for the answer: a run in a worker thread that
 * outlasts `timeoutMs` ended the call only when the run did, with its result (a 1 ms deadline on a
 * ~100 ms run resolved after ~100 ms), and an abort during it was ignored. The run itself goes on
 * (ONNX Runtime cannot interrupt it): it keeps its run slot and its session until it ends, and
 * dispose() waits for it before the workers are terminated.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/core/errors.js';
import { countingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();

/** A run of the matmul chain (4 products of n×n matrices): ~4 GFLOP at n = 1024, far more than 1 ms on any CPU. */
function heavy(n = 1024) {
  return { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [n, n], data: new Float32Array(n * n).fill(1 / n) }] };
}

describe('onnx: the deadline and signal bound the run (worker mode)', () => {
  it('a deadline that passes during the run ends the call with TimeoutError; the run keeps its slot, and later calls are served', async () => {
    const rt = runtime({ execution: 'worker', warmup: false });
    await rt.infer('matmul_chain', heavy(2)); // the worker has its session: the next run is posted at once
    const err = await rt.infer('matmul_chain', heavy(), { timeoutMs: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).operation).toBe('onnx.infer');
    expect((err as TimeoutError).timeoutMs).toBe(1);
    expect((err as Error).message).toMatch(/^onnx\.infer waited longer than 1 ms for model "matmul_chain" to run/);
    // the abandoned run still holds the only slot: this call waits for it, then runs
    const next = await rt.infer('matmul_chain', heavy(2));
    expect(next.outputs[0]!.shape).toEqual([2, 2]);
  });

  it('an abort during the run ends the call with AbortError', async () => {
    const rt = runtime({ execution: 'worker', warmup: false });
    await rt.infer('matmul_chain', heavy(2));
    const ac = new AbortController();
    const call = rt.infer('matmul_chain', heavy(), { signal: ac.signal });
    ac.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
  });
});

describe('onnx: a run the call left goes on (inline)', () => {
  const x = () => ({ inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array(4) }] });

  it('an abort during the run ends the call with AbortError; the run keeps its slot until it ends', async () => {
    const { loader, stats } = countingLoader(30); // each run takes 30 ms before ORT's own
    const rt = runtime({ loader, warmup: false });
    await rt.get('mlp');
    const ac = new AbortController();
    const left = rt.infer('mlp', x(), { signal: ac.signal });
    ac.abort();
    await expect(left).rejects.toBeInstanceOf(AbortError);
    await rt.infer('mlp', x());
    expect(stats.runs).toBe(2);
    expect(stats.maxInflight).toBe(1); // the second run waited for the first (maxConcurrentRuns 1)
  });

  it('unload after a call that left its run releases the session only once the run has ended', async () => {
    const { loader, stats } = countingLoader(30);
    const rt = runtime({ loader, warmup: false });
    await rt.get('mlp');
    const err = await rt.infer('mlp', x(), { timeoutMs: 5 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(stats.inflight).toBe(1); // still running
    await rt.unload('mlp');
    expect(stats.releases).toBe(1);
    expect(stats.inflight).toBe(0);
  });
});
