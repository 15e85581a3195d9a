/**
 * An OIP call's options misspelt (`{ timeout: 2000 }`, `{ timeoutMS: 2000 }`, `{ versoin: '2' }`)
 * were ignored in silence: the call ran with the client's deadline, the default version. Each
 * operation refuses an option name it does not know (path = the name; the message names the
 * operation and lists the names it knows, its own included) before anything is sent, the bound
 * client's methods alike; every documented option is still taken.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createOipClient, generateStream, getModel, infer, inferBinary, listModels, loadModel, modelReady, serverLive, unloadModel, waitUntilReady } from '../../src/oip/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false, idempotencyHeader: 'idempotency-key' });
const req = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) }] };
const CALL = 'signal timeoutMs headers idempotencyKey validation retry';

describe('oip.infer', () => {
  it.each(['timeout', 'timeoutMS', 'binaryData'])('refuses %s before sending, naming the known names', async (name) => {
    const err = await expectRefused(box.server, () => infer(client(), 'm', req, bad({ [name]: 2000 })), new RegExp(`^${name}$`));
    expect(err.operation).toBe('oip.infer');
    expect(err.message).toBe(`oip.infer: ${name} is not an option (known: ${CALL} version binary)`);
  });

  it('refuses it through inferBinary and the bound client too', async () => {
    await expectRefused(box.server, () => inferBinary(client(), 'm', req, bad({ timeout: 2000 })), /^timeout$/);
    const oip = createOipClient({ baseURL: box.server.url, retry: false });
    const err = await expectRefused(box.server, () => oip.infer('m', req, bad({ timeout: 2000 })), /^timeout$/);
    expect(err.message).toContain('known: ');
  });

  it('takes every documented option, and an unknown name given as undefined', async () => {
    const before = box.server.requests.length;
    const options = { signal: new AbortController().signal, timeoutMs: 5000, headers: { 'x-a': '1' }, idempotencyKey: 'k', validation: 'passthrough', retry: false, version: '2', binary: false } as const;
    await infer(client(), 'm', req, options);
    await infer(client(), 'm', req, bad({ timeout: undefined }));
    const sent = box.server.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/v2/models/m/versions/2/infer', '/v2/models/m/infer']);
    expect(sent[0]!.headers).toMatchObject({ 'x-a': '1', 'idempotency-key': 'k' });
  });
});

describe('the other OIP operations', () => {
  it.each<[string, () => Promise<unknown>, string, string]>([
    ['oip.models.get', () => getModel(client(), 'm', bad({ versoin: '2' })), 'versoin', 'version'],
    ['oip.models.ready', () => modelReady(client(), 'm', bad({ timeout: 1 })), 'timeout', 'version'],
    ['oip.models.list', () => listModels(client(), bad({ readyOnly: true })), 'readyOnly', 'ready'],
    ['oip.deployments.load', () => loadModel(client(), 'm', bad({ waitUntilready: false })), 'waitUntilready', 'config parameters waitUntilReady'],
    ['oip.deployments.unload', () => unloadModel(client(), 'm', bad({ unload_dependents: true })), 'unload_dependents', 'parameters unloadDependents'],
    ['oip.models.waitUntilReady', () => waitUntilReady(client(), 'm', bad({ interval: 5 })), 'interval', 'version intervalMs'],
    ['oip.generateStream', () => generateStream(client(), 'm', { text_input: 'a' }, bad({ idleTimeout: 5 })), 'idleTimeout', 'version firstEventTimeoutMs idleTimeoutMs'],
    ['oip.serverLive', () => serverLive(client(), bad({ version: '1' })), 'version', ''],
  ])('%s refuses a name it does not know before sending', async (operation, call, name, own) => {
    const err = await expectRefused(box.server, call, new RegExp(`^${name}$`));
    expect(err.message).toBe(`${operation}: ${name} is not an option (known: ${CALL}${own && ` ${own}`})`);
  });

  it('the probes of modelReady and waitUntilReady, and the load with its wait, take their documented options', async () => {
    const before = box.server.requests.length;
    await expect(modelReady(client(), 'm', { version: '2', timeoutMs: 5000, retry: false })).resolves.toBe(true);
    await waitUntilReady(client(), 'm', { version: '2', intervalMs: 5, timeoutMs: 5000 });
    await loadModel(client(), 'm', { config: { max_batch_size: 1 }, parameters: {}, waitUntilReady: true, timeoutMs: 5000 });
    await listModels(client(), { ready: true, validation: 'off' });
    expect(box.server.requests.length - before).toBe(5);
  });
});
