/**
 * `createOipClient(coreClient, { binary })` wraps an existing core client (docs/oip.md): its
 * requests go through that client as it is (credentials, middleware), and `binary` sets the
 * per-client default. From options, `binary` is the client's default (`true` = both directions,
 * `false` = JSON both ways); without it, JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import type { Middleware } from '../../src/core/types.js';
import { createOipClient, type InputTensor } from '../../src/oip/index.js';
import { ECHO_MODEL, startOipServer, type OipServer } from '../helpers/oip-server.js';

let server: OipServer;
beforeAll(async () => {
  server = await startOipServer();
});
afterAll(() => server.close());

const x: InputTensor<'FP32'> = { name: 'x', datatype: 'FP32', shape: [2], data: Float32Array.of(1, 2) };
const lastInfer = () => server.http.requests.filter((r) => r.path === `/v2/models/${ECHO_MODEL}/infer`).at(-1)!;
const sentBinary = () => lastInfer().headers['inference-header-content-length'] !== undefined;

describe('createOipClient(coreClient)', () => {
  it('sends through the core client it wraps: its credentials and middleware apply', async () => {
    const seen: string[] = [];
    const tag: Middleware = (next) => (req) => {
      seen.push(req.operation);
      return next(req);
    };
    const core = createClient({ baseURL: server.url, apiKey: 'k-wrapped', middleware: [tag] });
    const oip = createOipClient(core);
    expect(oip.core).toBe(core);
    expect(oip.binary).toBeUndefined();
    expect(await oip.live()).toBe(true);
    const sent = server.http.requests.at(-1)!;
    expect(sent.path).toBe('/v2/health/live');
    expect(sent.headers.authorization).toBe('Bearer k-wrapped');
    expect(seen).toEqual(['oip.serverLive']);
  });

  it('takes the binary default from the second argument', async () => {
    const oip = createOipClient(createClient({ baseURL: server.url }), { binary: true });
    expect(oip.binary).toEqual({ inputs: true, outputs: true });
    await oip.infer(ECHO_MODEL, { inputs: [x] });
    expect(sentBinary()).toBe(true);
  });
});

describe('createOipClient(options): the binary default', () => {
  it('binary: true sends binary; binary: false and no binary send JSON', async () => {
    const on = createOipClient({ baseURL: server.url, binary: true });
    await on.infer(ECHO_MODEL, { inputs: [x] });
    expect(sentBinary()).toBe(true);

    const off = createOipClient({ baseURL: server.url, binary: false });
    expect(off.binary).toEqual({ inputs: false, outputs: false });
    await off.infer(ECHO_MODEL, { inputs: [x] });
    expect(sentBinary()).toBe(false);

    const unset = createOipClient({ baseURL: server.url });
    expect(unset.binary).toBeUndefined();
    await unset.infer(ECHO_MODEL, { inputs: [x] });
    expect(sentBinary()).toBe(false);
  });

  it('a per-direction mode is kept as given', async () => {
    const oip = createOipClient({ baseURL: server.url, binary: { inputs: true, outputs: false } });
    expect(oip.binary).toEqual({ inputs: true, outputs: false });
    const res = await oip.infer(ECHO_MODEL, { inputs: [x] });
    expect(sentBinary()).toBe(true);
    expect(res.outputs).toHaveLength(1);
  });
});
