/**
 * Replicate's API has no idempotency key: a create sent to it with `idempotencyKey` (on a client
 * whose `idempotencyHeader` names a header) would be retried after a 5xx, a timeout or a reset as
 * if repeating it were safe, and each repeat starts (and bills) another prediction, training,
 * deployment, model or file. On Replicate's own API origin such a create is refused before anything
 * is sent; through another base URL (a proxy that honours the header) the key goes as before.
 */
import { describe, expect, it } from 'vitest';
import { createClient, fetchTransport, InvalidRequestError } from '../../src/index.js';
import {
  createDeployment,
  createFile,
  createModel,
  createPrediction,
  createReplicateClient,
  createTraining,
  run,
} from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { VERSION, useReplicate } from './fixture.js';

const fx = useReplicate();

/** A client on Replicate's own API whose transport counts what would have been sent. */
function onReplicate(baseURL = 'https://api.replicate.com/v1') {
  const sent: string[] = [];
  const transport = fetchTransport({
    fetch: async (input) => {
      sent.push(String(input instanceof Request ? input.url : input));
      throw new TypeError('fetch failed');
    },
  });
  return { sent, client: createClient({ baseURL, apiKey: 'r8_test', idempotencyHeader: 'Idempotency-Key', transport }) };
}

describe('idempotencyKey on a Replicate create', () => {
  it.each([
    ['predictions.create', (c: ReturnType<typeof onReplicate>['client']) => createPrediction(c, { model: 'acme/echo', input: {} }, { idempotencyKey: 'k1' })],
    ['run', (c: ReturnType<typeof onReplicate>['client']) => run(c, 'acme/echo', { input: {}, idempotencyKey: 'k1' })],
    ['trainings.create', (c: ReturnType<typeof onReplicate>['client']) => createTraining(c, 'acme/echo', VERSION, { destination: 'alice/out', input: {} }, { idempotencyKey: 'k1' })],
    ['deployments.create', (c: ReturnType<typeof onReplicate>['client']) =>
      createDeployment(c, { name: 'app', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 1 }, { idempotencyKey: 'k1' })],
    ['models.create', (c: ReturnType<typeof onReplicate>['client']) => createModel(c, { owner: 'alice', name: 'm', visibility: 'private', hardware: 'cpu' }, { idempotencyKey: 'k1' })],
    ['files.create', (c: ReturnType<typeof onReplicate>['client']) => createFile(c, { content: 'x' }, { idempotencyKey: 'k1' })],
  ])('%s on https://api.replicate.com is refused, naming idempotencyKey, before anything is sent', async (name, call) => {
    const { sent, client } = onReplicate();
    const err = await rejectionAs(call(client), InvalidRequestError);
    expect(err.path).toBe('idempotencyKey');
    expect(err.message).toContain(`replicate.${name}: idempotencyKey`);
    expect(err.message).toContain("Replicate's API has no idempotency key");
    expect(sent).toEqual([]);
  });

  it('the bound client on its default base URL refuses it too, the origin in any case', async () => {
    const { sent, client } = onReplicate('https://API.Replicate.com/v1');
    await rejectionAs(createReplicateClient(client).predictions.create({ model: 'acme/echo', input: {} }, { idempotencyKey: 'k1' }), InvalidRequestError);
    expect(sent).toEqual([]);
  });

  it.each(['https://api.replicate.com:443/v1', 'https://api.replicate.com:443', 'https://api.replicate.com:0443/v1', 'https://api.replicate.com./v1', 'https://api\u3002replicate.com/v1', 'https://api.replicate.com'])(
    'any spelling of Replicate\'s API origin refuses it too: %s',
    async (baseURL) => {
      const { sent, client } = onReplicate(baseURL);
      const err = await rejectionAs(createPrediction(client, { model: 'acme/echo', input: {} }, { idempotencyKey: 'k1' }), InvalidRequestError);
      expect(err.path).toBe('idempotencyKey');
      expect(sent).toEqual([]);
    },
  );

  it.each(['https://api.replicate.com.evil.example/v1', 'https://api.replicate.company/v1', 'https://proxy.example/api.replicate.com/v1'])(
    'a host that only looks like it is another base URL: the key is sent (%s)',
    async (baseURL) => {
      const { sent, client } = onReplicate(baseURL);
      await expect(createPrediction(client, { model: 'acme/echo', input: {} }, { idempotencyKey: 'k1', retry: false })).rejects.not.toBeInstanceOf(InvalidRequestError);
      expect(sent.length).toBe(1);
    },
  );

  it('through another base URL (a proxy that honours the header) the key is sent with the create, as before', async () => {
    fx.rs.setModel(() => ({ output: 'ok' }));
    const client = fx.makeClient({ idempotencyHeader: 'Idempotency-Key' });
    const p = await createPrediction(client, { model: 'acme/echo', input: {} }, { idempotencyKey: 'k1' });
    expect(p.id).toBeTruthy();
    const create = fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/models/acme/echo/predictions').at(-1)!;
    expect(create.headers['idempotency-key']).toBe('k1');
  });
});
