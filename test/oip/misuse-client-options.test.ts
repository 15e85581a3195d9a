/**
 * createOipClient's own option, `binary`, and the core options it passes on, as a JavaScript caller
 * may get them wrong: a string or a misspelt direction meant JSON in silence, and a misspelt core
 * option left its default in force. Both are refused by the factory, naming the option; a call's
 * `binary` of the wrong kind (through inferBinary) is refused before sending.
 */
import { describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { createOipClient, infer, inferBinary } from '../../src/oip/index.js';
import { thrownAs } from '../core/_support.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();

describe('createOipClient refuses', () => {
  it.each([
    ['binary', { binary: 'yes' }],
    ['binary.input', { binary: { input: true } }],
    ['binary.outputs', { binary: { inputs: true, outputs: 'false' } }],
    ['timeoutMS', { timeoutMS: 1000 }],
  ])('%s', (path, options) => {
    const err = thrownAs(() => createOipClient(bad({ baseURL: 'http://127.0.0.1:1', ...options })), InvalidRequestError);
    expect(err.path).toBe(path);
    expect(err.message).toContain(path);
  });

  it.each([
    ['binray', { binray: true }],
    ['timeoutMs', { timeoutMs: 1000 }],
    ['binary', { binary: 'yes' }],
  ])('wrapping a core client: %s in the second argument (which takes only binary)', (path, extra) => {
    const core = createClient({ baseURL: 'http://127.0.0.1:1' });
    const err = thrownAs(() => createOipClient(core, bad(extra)), InvalidRequestError);
    expect(err.path).toBe(path);
    expect(err.message).toMatch(/^createOipClient: /);
  });

  it('a binary mode of booleans, or a boolean, is taken', () => {
    expect(createOipClient({ baseURL: 'http://127.0.0.1:1', binary: { outputs: true } }).binary).toEqual({ outputs: true });
    expect(createOipClient({ baseURL: 'http://127.0.0.1:1', binary: false }).binary).toEqual({ inputs: false, outputs: false });
  });
});

it('inferBinary refuses a binary option of the wrong kind before sending', async () => {
  const oip = createOipClient({ baseURL: box.server.url, retry: false });
  const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array(1) }] };
  await expectRefused(box.server, () => inferBinary(oip, 'm', request, { binary: bad('inputs') }), /^binary$/);
});

describe('infer on a core client (no binary codec) refuses a binary option of the wrong kind before sending', () => {
  // 'yes' and { input: true } mean binary to whoever wrote them: sent as JSON, they were a silent change of mode
  it.each([
    ['binary', 'yes'],
    ['binary.input', { input: true }],
    ['binary.outputs', { outputs: 'true' }],
  ])('%s', async (path, binary) => {
    const client = createClient({ baseURL: box.server.url, retry: false });
    const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array(1) }] };
    const err = await expectRefused(box.server, () => infer(client, 'm', request, { binary: bad(binary) }), new RegExp(`^${path.replace('.', '\\.')}$`));
    expect(err.message).toMatch(/^oip\.infer: /);
  });
});
