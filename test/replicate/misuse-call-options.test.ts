/**
 * A Replicate call's options misspelt (`{ timeout: 120_000 }`, `{ Wait: false }`) were ignored in
 * silence: a run kept the client's deadline (and its Cancel-After), a create held the request for
 * the default wait. Each operation refuses an option name it does not know (path = the name; the
 * message names the operation and lists the names it knows) before anything is created or sent,
 * the bound client's methods alike; every documented option is still taken.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction, createReplicateClient, getPrediction, listPredictions, run, streamPrediction, waitForPrediction } from '../../src/replicate/index.js';
import { bad, everyCallOption, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false, idempotencyHeader: 'idempotency-key' });
const CALL = 'signal timeoutMs headers idempotencyKey validation retry';
const RUN = 'input output wait cancelAfter onProgress pollInitialDelayMs pollMaxDelayMs webhook webhook_events_filter';

describe('replicate.run', () => {
  it.each(['timeout', 'timeoutMS', 'pollInterval'])('refuses %s before creating anything, naming the known names', async (name) => {
    const err = await expectRefused(box.server, () => run(client(), 'a/b', bad({ input: {}, [name]: 1 })), new RegExp(`^${name}$`));
    expect(err.operation).toBe('replicate.run');
    expect(err.message).toBe(`replicate.run: ${name} is not an option (known: ${CALL} ${RUN})`);
  });

  it('refuses it through the bound client too', async () => {
    const replicate = createReplicateClient({ baseURL: box.server.url, apiKey: 'r8_x', retry: false });
    await expectRefused(box.server, () => replicate.run('a/b', bad({ input: {}, timeout: 1 })), /^timeout$/);
    await expectRefused(box.server, () => replicate.predictions.create({ model: 'a/b', input: {} }, bad({ Wait: false })), /^Wait$/);
  });

  it('takes every documented option', async () => {
    const before = box.server.requests.length;
    const seen: string[] = [];
    const out = await run(client(), 'a/b', {
      input: { prompt: 'x' },
      output: undefined,
      wait: 5,
      cancelAfter: '1m',
      onProgress: (p) => void seen.push(p.status),
      pollInitialDelayMs: 5,
      pollMaxDelayMs: 10,
      webhook: 'https://example.com/hook',
      webhook_events_filter: ['completed'],
      ...everyCallOption(),
      timeoutMs: 10_000, // more than the 5 s wait, which a shorter deadline would cut
    });
    expect(out).toBe('ok');
    expect(seen).toEqual(['succeeded']);
    const sent = box.server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers).toMatchObject({ prefer: 'wait=5', 'cancel-after': '1m', 'x-a': '1', 'idempotency-key': 'k' });
  });
});

describe('the other Replicate operations', () => {
  it.each<[string, () => Promise<unknown>, string, string]>([
    ['replicate.predictions.create', () => createPrediction(client(), { model: 'a/b', input: {} }, bad({ cancel_after: 60 })), 'cancel_after', 'wait cancelAfter'],
    ['replicate.predictions.get', () => getPrediction(client(), 'p1', bad({ timeoutMS: 1 })), 'timeoutMS', ''],
    ['replicate.predictions.list', () => listPredictions(client(), {}, bad({ limit: 1 })).toArray(), 'limit', ''],
    ['replicate.predictions.stream', () => streamPrediction(client(), `${box.server.url}/stream/p1`, bad({ idleTimeout: 5 })), 'idleTimeout', 'firstEventTimeoutMs idleTimeoutMs'],
  ])('%s refuses a name it does not know before sending', async (operation, call, name, own) => {
    const err = await expectRefused(box.server, call, new RegExp(`^${name}$`));
    expect(err.message).toBe(`${operation}: ${name} is not an option (known: ${CALL}${own && ` ${own}`})`);
  });

  // idempotencyKey too, which WaitOptions leaves out: a poll is a GET, and the key would be ignored
  it.each(['pollInterval', 'idempotencyKey'])('a wait refuses %s before polling', async (name) => {
    const err = await expectRefused(box.server, () => waitForPrediction(client(), 'p1', bad({ [name]: 'k' })), new RegExp(`^${name}$`));
    expect(err.message).toBe(
      `replicate.predictions.wait: ${name} is not an option (known: signal timeoutMs headers validation retry initialDelayMs maxDelayMs factor onProgress cancelOnAbort)`,
    );
  });

  it('a create takes wait and cancelAfter', async () => {
    const before = box.server.requests.length;
    await createPrediction(client(), { model: 'a/b', input: {} }, { wait: false, cancelAfter: 60, timeoutMs: 5000 });
    expect(box.server.requests.slice(before).map((r) => r.headers['cancel-after'])).toEqual(['60s']);
  });
});
