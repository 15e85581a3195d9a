/**
 * Per-call options of OIP's waitUntilReady: it accepts the core call options (WaitUntilReadyOptions
 * extends ModelCallOptions), so like every other operation it must refuse a `validation` that is
 * not a mode, and an `idempotencyKey` on a client without `idempotencyHeader`, loudly and before
 * sending anything (docs/core.md: every operation honours every option it accepts or refuses it).
 * Every other OIP operation (ready, get, load, ...) already does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createOipClient } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer((_req, res) => json(res, 200, {}));
});
afterEach(() => server.close());

describe('oip waitUntilReady: bad call options refused like every other operation', () => {
  it('control: ready() refuses validation "bogus" before sending', async () => {
    const oip = createOipClient({ baseURL: server.url });
    await expect(oip.ready('m', { validation: 'bogus' as never })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses validation "bogus" before sending', async () => {
    const oip = createOipClient({ baseURL: server.url });
    const err = await oip.waitUntilReady('m', { validation: 'bogus' as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('validation');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an idempotencyKey without the client idempotencyHeader before sending', async () => {
    const oip = createOipClient({ baseURL: server.url });
    const err = await oip.waitUntilReady('m', { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });
});
