/**
 * A call's options as a JavaScript caller (or a TypeScript caller passing a wider, non-literal
 * object) may misspell them: `{ timeout: 2000 }` or `{ timeoutMS: 2000 }` left the client's
 * deadline in force in silence. The core's entry points (request, and requestStream for streams)
 * refuse an option name they do not know, as createClient does (path = the name, the message names
 * the operation and lists the known names), before anything is sent. A name given as `undefined`
 * is no option and passes; so do the names a spec declares as its operation's own (`options`).
 */
import { describe, expect, it } from 'vitest';
import { createClient, request, requestStream } from '../../src/index.js';
import { bad, everyCallOption, expectRefused, useServer } from './_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false, idempotencyHeader: 'idempotency-key' });
const get = { method: 'GET', path: '/things', operation: 'things.list' } as const;
const KNOWN = 'known: signal timeoutMs headers idempotencyKey validation retry';

describe('request()', () => {
  it.each(['timeout', 'timeoutMS', 'Signal'])('refuses %s before sending, naming the operation and the known names', async (name) => {
    const err = await expectRefused(box.server, () => request(client(), get, bad({ [name]: 2000 })), new RegExp(`^${name}$`));
    expect(err.operation).toBe('things.list');
    expect(err.message).toBe(`things.list: ${name} is not an option (${KNOWN})`);
  });

  it('refuses options that are no object (a bare timeout number)', async () => {
    await expectRefused(box.server, () => request(client(), get, bad(2000)), /^options$/);
  });

  it('takes an unknown name given as undefined, null options, and every documented option', async () => {
    const before = box.server.requests.length;
    await request(client(), get, bad({ timeout: undefined }));
    await request(client(), get, bad(null));
    await request(client(), { ...get, method: 'POST' }, everyCallOption());
    expect(box.server.requests.length - before).toBe(3);
    expect(box.server.requests.at(-1)!.headers['idempotency-key']).toBe('k');
  });

  it('refuses a name with a space in it, which spans two known names in the list', async () => {
    const err = await expectRefused(box.server, () => request(client(), get, bad({ 'timeoutMs headers': 1 })), /^timeoutMs headers$/);
    expect(err.message).toBe(`things.list: timeoutMs headers is not an option (${KNOWN})`);
  });

  it("takes the names a spec declares as its operation's own, and lists them", async () => {
    await request(client(), { ...get, options: 'pageSize' }, bad({ pageSize: 3 }));
    const err = await expectRefused(box.server, () => request(client(), { ...get, options: 'pageSize' }, bad({ pagesize: 3 })), /^pagesize$/);
    expect(err.message).toContain(`${KNOWN} pageSize)`);
  });
});

describe('requestStream()', () => {
  it('refuses a misspelt option before sending', async () => {
    const err = await expectRefused(box.server, () => requestStream(client(), { method: 'POST', path: '/stream', operation: 'things.stream' }, bad({ idleTimeoutMs: 1000 })), /^idleTimeoutMs$/);
    expect(err.message).toBe(`things.stream: idleTimeoutMs is not an option (${KNOWN})`);
  });
});
