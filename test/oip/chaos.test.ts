/**
 * Randomized fault and cancellation interleavings of OIP `infer` (JSON), alone and behind
 * `withFallback` switching to a local side, on both transports: the invariants of
 * test/helpers/chaos.ts hold in every case. Replay with the CHAOS_SEED and CHAOS_CASE a failure prints.
 */
import { it } from 'vitest';
import { withFallback } from '../../src/index.js';
import { abortReason } from '../../src/core/deadline.js';
import { infer, type InferenceRequest } from '../../src/oip/index.js';
import { caseNumbers, chaosCase, chaosSettings, type ChaosOp, type OpEnv, useChaosSuite } from '../helpers/chaos.js';

const settings = chaosSettings(200, 2);
const { server, transports } = useChaosSuite();

const input = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [2], data: Float32Array.of(1, 2) }] });
const options = (env: OpEnv) => ({ signal: env.signal, ...(env.retryOff ? { retry: false as const } : {}) });
const remoteInfer = (env: OpEnv) => infer(env.client, 'm', input(), options(env));

const OPS: ChaosOp[] = [
  { name: 'oip.infer', stream: false, paths: (t) => [`/${t}/v2/models/m/infer`], baseURL: (o, t) => `${o}/${t}`, route: (rng) => ({ badShape: rng.chance(0.1) }), mustSucceed: (r) => !r.badShape, run: remoteInfer },
  {
    name: 'oip.infer withFallback',
    stream: false,
    reports: true,
    mustSucceed: () => true,
    paths: (t) => [`/${t}/v2/models/m/infer`],
    baseURL: (o, t) => `${o}/${t}`,
    run: async (env) => {
      const local = {
        infer: async (e: OpEnv) => {
          await new Promise((r) => setImmediate(r));
          if (e.signal.aborted) throw abortReason(e.signal, 'local.infer');
          return { model_name: 'm', outputs: [] };
        },
      };
      const target = withFallback<{ infer(e: OpEnv): Promise<unknown> }>({ infer: remoteInfer }, local, {
        breaker: env.rng.chance(0.5) ? { failureThreshold: 1, cooldownMs: 5 } : undefined,
        onFallback: () => env.took(1),
      });
      return target.infer(env);
    },
  },
];

it(`keeps every invariant across ${settings.only !== undefined ? `case ${settings.only}` : `${settings.runs} random cases`} (seed ${settings.seed})`, async () => {
  for (const n of caseNumbers(settings)) await chaosCase(settings, n, server(), transports, OPS);
}, 120_000);
