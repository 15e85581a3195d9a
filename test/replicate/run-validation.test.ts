/**
 * `run` checks its `output` schema and `onProgress` callback before the billable create (a JSON
 * Schema passed as `output` would otherwise show only after the prediction ran and was billed), and
 * `waitForPrediction` checks `onProgress` before its first poll.
 */
import { describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { run, waitForPrediction } from '../../src/replicate/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate run: output schema and onProgress checked before the create', () => {
  it('run refuses an output that is not a Standard Schema (a JSON Schema object)', async () => {
    await expectRefused(box.server, () => run(client(), 'a/b', { input: {}, output: bad({ type: 'string' }) }), /^output$/);
  });

  it('run refuses an onProgress that is not a function', async () => {
    await expectRefused(box.server, () => run(client(), 'a/b', { input: {}, onProgress: bad('log') }), /^onProgress$/);
  });

  it('waitForPrediction refuses an onProgress that is not a function before the first poll', async () => {
    await expectRefused(box.server, () => waitForPrediction(client(), 'p1', { onProgress: bad('log') }), /^onProgress$/);
  });
});

describe('replicate run: missing options', () => {
  it('refuses a missing options object with path input', async () => {
    const err = await run(createClient({ baseURL: 'http://127.0.0.1:9' }), 'acme/m', undefined as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ path: 'input', message: 'replicate.run: options with input are required' });
  });

  it('does not quote a string passed where the options belong (it may be a token)', async () => {
    const err = await run(createClient({ baseURL: 'http://127.0.0.1:9' }), 'acme/m', 'r8_secretish_value' as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(String((err as Error).message)).not.toContain('r8_secretish_value');
  });
});
