/**
 * generateStream passes its two stream limits to the stream: firstEventTimeoutMs bounds the wait for
 * the first event (response headers included), idleTimeoutMs the silence between two events. Each
 * ends the call with a TimeoutError carrying that limit, well before the call's overall deadline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeoutError, createClient } from '../../src/index.js';
import { generateStream, type GenerateStreamEvent } from '../../src/oip/index.js';
import { rejectionOf } from '../core/_support.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const PATH = '/v2/models/llm/generate_stream';
const SSE = { 'content-type': 'text/event-stream' };
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer((_req, res) => {
    res.writeHead(500).end();
  });
});
afterEach(() => server.close());


describe('generateStream stream limits', () => {
  it('firstEventTimeoutMs: headers then silence → TimeoutError with that limit, not the idle limit nor the deadline', async () => {
    server.faults.push({ match: PATH, fault: { kind: 'stall-body', headers: SSE, body: '' } });
    const client = createClient({ baseURL: server.url, retry: false });
    const err = await rejectionOf(generateStream(client, 'llm', { text_input: 'hi' }, { firstEventTimeoutMs: 150, idleTimeoutMs: 4_000, timeoutMs: 5_000 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(150);
    expect(server.count(PATH)).toBe(1);
  });

  it('idleTimeoutMs: one event then silence → the event, then TimeoutError with that limit', async () => {
    const first = { model_name: 'llm', text_output: 'A ' };
    server.faults.push({ match: PATH, fault: { kind: 'stall-body', headers: SSE, body: `data: ${JSON.stringify(first)}\n\n` } });
    const client = createClient({ baseURL: server.url, retry: false });
    const stream = await generateStream(client, 'llm', { text_input: 'hi' }, { firstEventTimeoutMs: 4_000, idleTimeoutMs: 150, timeoutMs: 5_000 });
    const got: GenerateStreamEvent[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const ev of stream) got.push(ev);
      })(),
    );
    expect(got).toEqual([first]);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(150);
  });
});
