/**
 * OIP model names and versions are one path segment: '.', '..' and non-strings are refused before
 * sending (a URL would resolve them to another endpoint, or carry `null`).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createOipClient, generate, getModel, infer, loadModel, modelPath } from '../../src/oip/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const x = { name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) };

describe('oip: "." and ".." as a model name or version', () => {
  it('infer(client, "..") is refused, not POSTed to /v2/infer', async () => {
    await expectRefused(box.server, () => infer(client(), '..', { inputs: [x] }), /^model$/);
  });

  it('binary-capable client: oip.infer("..") is refused too', async () => {
    const oip = createOipClient({ baseURL: box.server.url, retry: false });
    await expectRefused(box.server, () => oip.infer('..', { inputs: [x] }), /^model$/);
  });

  it('getModel(client, ".") is refused, not sent as GET /v2/models/ (the index)', async () => {
    await expectRefused(box.server, () => getModel(client(), '.'), /^model$/);
  });

  it('generate(client, "..") is refused, not POSTed to /v2/generate', async () => {
    await expectRefused(box.server, () => generate(client(), '..', { text_input: 'hi' }), /^model$/);
  });

  it('loadModel(client, "..") is refused, not POSTed to /v2/repository/load', async () => {
    await expectRefused(box.server, () => loadModel(client(), '..', { waitUntilReady: false }), /^model$/);
  });

  it('version ".." is refused, not silently dropped (POST /v2/models/m/infer runs the default version)', async () => {
    await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x] }, { version: '..' }), /^version$/);
  });

  it('modelPath itself refuses the dot segments', () => {
    expect(() => modelPath('..')).toThrow(/model/);
    expect(() => modelPath('m', '..')).toThrow(/version/);
  });
});

describe('oip: a version that is not a string', () => {
  it('version null is refused, not sent as /versions/null', async () => {
    await expectRefused(box.server, () => getModel(client(), 'm', { version: bad(null) }), /^version$/);
  });

  it('version {} is refused, not sent as /versions/%5Bobject%20Object%5D', async () => {
    await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x] }, { version: bad({}) }), /^version$/);
  });
});
