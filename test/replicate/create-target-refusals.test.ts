/**
 * createPrediction refuses params it cannot send before anything goes out, with an
 * InvalidRequestError of operation `replicate.predictions.create` naming what was wrong: no params
 * object at all (`params`), no target or more than one (`version`, saying how many it got), a
 * version that is no path-safe id. cancelPrediction refuses an empty id naming `id`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError, type Client } from '../../src/index.js';
import { cancelPrediction, createPrediction, type PredictionCreateParams } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionAs } from '../core/_support.js';

let server: TestServer;
let client: Client;

beforeEach(async () => {
  server = await startTestServer((_req, res) => json(res, 201, { id: 'p1', status: 'starting' }));
  client = createClient({ baseURL: server.url, apiKey: 'r8_refusal_test_token_0123', retry: false });
});
afterEach(() => server.close());

describe('createPrediction: refused params', () => {
  it('refuses a missing or non-object params, naming params', async () => {
    for (const params of [null, undefined, 'acme/m']) {
      const err = await rejectionAs(createPrediction(client, params as unknown as PredictionCreateParams), InvalidRequestError);
      expect(err.path).toBe('params');
      expect(err.operation).toBe('replicate.predictions.create');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses no target or several, naming version and how many it got', async () => {
    const none = await rejectionAs(createPrediction(client, { input: {} } as PredictionCreateParams), InvalidRequestError);
    expect(none.path).toBe('version');
    expect(none.operation).toBe('replicate.predictions.create');
    expect(none.message).toContain('got 0');
    const all = await rejectionAs(createPrediction(client, { input: {}, version: 'v1', model: 'a/b', deployment: 'a/c' } as never), InvalidRequestError);
    expect(all.message).toContain('got 3');
    const two = await rejectionAs(createPrediction(client, { input: {}, model: 'a/b', deployment: 'a/c' } as never), InvalidRequestError);
    expect(two.message).toContain('got 2');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a version that is not a path-safe id, naming version', async () => {
    for (const version of ['', '..', 42]) {
      const err = await rejectionAs(createPrediction(client, { input: {}, version } as PredictionCreateParams), InvalidRequestError);
      expect(err.path).toBe('version');
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('cancelPrediction: refused id', () => {
  it('refuses an empty id naming id, before sending anything', async () => {
    const err = await rejectionAs(cancelPrediction(client, ''), InvalidRequestError);
    expect(err.path).toBe('id');
    expect(err.operation).toBe('replicate.predictions.cancel');
    expect(server.requests).toHaveLength(0);
  });
});
