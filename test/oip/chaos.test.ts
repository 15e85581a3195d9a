/**
 * Randomized fault and cancellation interleavings of OIP `infer` (JSON), alone and behind
 * `withFallback` switching to a local side, on both transports: the invariants of
 * test/helpers/chaos.ts hold in every case. Replay with the CHAOS_SEED and CHAOS_CASE a failure prints.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { fetchTransport, withFallback } from '../../src/index.js';
import { abortReason } from '../../src/core/deadline.js';
import { infer, type InferenceRequest } from '../../src/oip/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { startChaosServer, type ChaosServer } from '../helpers/chaos-server.js';
import { caseNumbers, chaosCase, chaosSettings, watchProcess, type ChaosOp, type OpEnv, type TransportPair } from '../helpers/chaos.js';

const settings = chaosSettings(200, 2);
let cs: ChaosServer;
let unwatch: () => void;
const transports: TransportPair[] = [
  ['fetch', fetchTransport()],
  ['undici', undiciTransport()],
  // one connection: calls in flight queue for it (an abort may land before theirs is even sent)
  ['undici 1 connection', undiciTransport({ connections: 1 })],
];

beforeAll(async () => {
  unwatch = watchProcess();
  cs = await startChaosServer();
});
afterAll(async () => {
  unwatch();
  await cs.close();
});

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
  for (const n of caseNumbers(settings)) await chaosCase(settings, n, cs, transports, OPS);
}, 120_000);
