/**
 * A refusal's message says what the value should have been (beside `path`, which says where):
 * a user reading only the message can fix the call. Only the expectation is asserted, not the
 * wording around it.
 */
import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createDeployment, createPrediction, waitForPrediction } from '../../src/replicate/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const loop: Record<string, unknown> = {};
loop.self = loop;

const cases: [string, () => Promise<unknown>, RegExp, RegExp][] = [
  ['input that is no object', () => createPrediction(client(), { model: 'a/b', input: bad('x') }), /^input$/, /\bobject\b/],
  ['a cycle in input', () => createPrediction(client(), { model: 'a/b', input: { loop } }), /^input\.loop\.self$/, /acyclic/],
  ['NaN in input', () => createPrediction(client(), { model: 'a/b', input: { n: Number.NaN } }), /^input\.n$/, /finite number/],
  ['a webhook without scheme', () => createPrediction(client(), { model: 'a/b', input: {}, webhook: 'example.com/h' }), /^webhook$/, /absolute http\(s\) URL/],
  ['an unknown webhook event', () => createPrediction(client(), { model: 'a/b', input: {}, webhook_events_filter: bad(['done']) }), /^webhook_events_filter$/, /start,output,logs,completed/],
  ['a string stream flag', () => createPrediction(client(), { model: 'a/b', input: {}, stream: bad('yes') }), /^stream$/, /\bboolean\b/],
  ['an onProgress that is no function', () => waitForPrediction(client(), 'p1', { onProgress: bad('log') }), /^onProgress$/, /\bfunction\b/],
  ['a deployment create without max_instances', () => createDeployment(client(), bad({ name: 'n', model: 'a/b', version: 'v', hardware: 'cpu', min_instances: 0 })), /^max_instances$/, /required/],
];

it.each(cases)('%s: the message says what was expected', async (_name, call, path, expected) => {
  const err = await expectRefused(box.server, call, path);
  expect(err.message).toMatch(expected);
});
