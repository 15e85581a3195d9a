/**
 * `owner/name` references (models, deployments, training destinations, `run`'s reference) refuse
 * "." or ".." as either half: the URL parser would resolve them away, so a create or a delete would
 * land on another endpoint.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction, createTraining, deleteDeployment, deleteModel, getModel, parseModelRef, run } from '../../src/replicate/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate: owner/name refuses "." and ".." halves before sending', () => {
  it('createPrediction refuses model "../predictions" (would POST /predictions/predictions)', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: '../predictions', input: {} }), /^model$/);
  });

  it('createPrediction refuses model "acme/.." (would POST /models/predictions)', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'acme/..', input: {} }), /^model$/);
  });

  it('createPrediction refuses deployment "./acme" (would POST /deployments/acme/predictions)', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { deployment: './acme', input: {} }), /^deployment$/);
  });

  it('run refuses the reference "../predictions" before the billable create', async () => {
    await expectRefused(box.server, () => run(client(), '../predictions', { input: {} }), /^(ref|model)$/);
  });

  it('parseModelRef refuses a "." or ".." half, with or without a version', () => {
    for (const ref of ['../x', 'acme/..', './x:abc123', 'acme/.:abc123', 'acme/x:']) expect(() => parseModelRef(ref, {}), ref).toThrow(/ref must be a model reference/);
    expect(parseModelRef('acme/x', {})).toEqual({ model: 'acme/x', input: {} });
    expect(parseModelRef('acme/x:abc123', {})).toEqual({ version: 'abc123', input: {} });
    expect(parseModelRef('acme/..x', {})).toEqual({ model: 'acme/..x', input: {} });
  });

  it('createTraining refuses destination "alice/.."', async () => {
    await expectRefused(box.server, () => createTraining(client(), 'a/b', 'v1', { destination: 'alice/..', input: {} }), /^destination$/);
  });

  it('deleteModel refuses "acme/.." (would DELETE /models/)', async () => {
    await expectRefused(box.server, () => deleteModel(client(), 'acme/..'), /^model$/);
  });

  it('deleteDeployment refuses "../models" (would DELETE /models)', async () => {
    await expectRefused(box.server, () => deleteDeployment(client(), '../models'), /^deployment$/);
  });

  it('getModel refuses "./x"', async () => {
    await expectRefused(box.server, () => getModel(client(), './x'), /^model$/);
  });
});
