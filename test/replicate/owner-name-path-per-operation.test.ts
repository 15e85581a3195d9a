/**
 * Every operation that takes an `owner/name` names the argument it refuses: `model` for the model
 * operations and a training's source model, `deployment` for the deployment operations (docs:
 * "InvalidRequestError naming the field"), before anything is sent.
 */
import { it } from 'vitest';
import { createClient } from '../../src/index.js';
import {
  createTraining,
  deleteModelVersion,
  getDeployment,
  getModelReadme,
  getModelVersion,
  updateDeployment,
  updateModel,
} from '../../src/replicate/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

const cases: [string, () => Promise<unknown>, RegExp][] = [
  ['updateModel', () => updateModel(client(), 'acme', { description: 'd' }), /^model$/],
  ['getModelVersion', () => getModelVersion(client(), 'acme', 'v1'), /^model$/],
  ['deleteModelVersion', () => deleteModelVersion(client(), 'acme/..', 'v1'), /^model$/],
  ['getModelReadme', () => getModelReadme(client(), 'acme/x/readme'), /^model$/],
  ['createTraining', () => createTraining(client(), 'acme', 'v1', { destination: 'acme/y', input: {} }), /^model$/],
  ['getDeployment', () => getDeployment(client(), 'acme'), /^deployment$/],
  ['updateDeployment', () => updateDeployment(client(), '../acme', { hardware: 'cpu' }), /^deployment$/],
];

it.each(cases)('%s refuses a bad owner/name, naming it', async (_name, call, path) => {
  await expectRefused(box.server, call, path);
});
