/**
 * mapUndiciError (src/undici/errors.ts) on its own: which modelwire error each undici failure
 * becomes, with the fields callers read (operation, path, requestMayHaveReachedServer, timeoutMs).
 */
import { describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, InvalidRequestError, TimeoutError } from '../../src/core/errors.js';
import type { WireRequest } from '../../src/core/types.js';
import { mapUndiciError } from '../../src/undici/errors.js';

function wire(signal: AbortSignal = new AbortController().signal): WireRequest {
  return {
    method: 'POST',
    url: 'http://127.0.0.1:1/v2/models/m/infer?key=s3cret',
    headers: {},
    signal,
    timeoutMs: 250,
    idempotent: false,
    operation: 'test.op',
    attempt: 1,
  };
}

const undiciError = (code: string, message = `undici failed: ${code}`): Error => Object.assign(new Error(message), { code });

describe('mapUndiciError', () => {
  it('an aborted call gets its abort reason, even for a headers timeout undici reports after it', () => {
    const controller = new AbortController();
    const reason = new AbortError('test.op was aborted', { operation: 'test.op' });
    controller.abort(reason);
    expect(mapUndiciError(undiciError('UND_ERR_HEADERS_TIMEOUT'), wire(controller.signal))).toBe(reason);
  });

  it.each(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])('%s is a TimeoutError with the call deadline', (code) => {
    const err = mapUndiciError(undiciError(code), wire());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ operation: 'test.op', timeoutMs: 250 });
    expect(err.message).toBe(`test.op: POST http://127.0.0.1:1/v2/models/m/infer?key=… timed out (${code})`);
  });

  it('a refused argument is an InvalidRequestError naming the operation and headers, without undici’s text', () => {
    const err = mapUndiciError(undiciError('UND_ERR_INVALID_ARG', 'invalid x-key header "Bearer sk-secret"'), wire());
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ operation: 'test.op', path: 'headers' });
    expect(err.message).toBe('test.op: invalid header or request path, not sent (value not shown)');
    expect(err.cause).toBeUndefined();
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])(
    '%s while the request waits for its connection never reached the server, and the message names the code',
    (code) => {
      const cause = undiciError(code, 'connect failed');
      const err = mapUndiciError(cause, wire(), 'queued');
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err).toMatchObject({ operation: 'test.op', requestMayHaveReachedServer: false, cause });
      expect(err.message).toBe(`test.op: POST http://127.0.0.1:1/v2/models/m/infer?key=… failed before sending: ${code}`);
    },
  );

  // an established connection ends with these codes too (test/undici/unreachable-after-send.test.ts)
  it.each(['ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED'])('%s once the request went out (sent or answered) may have reached the server', (code) => {
    for (const phase of ['sent', 'answered'] as const) {
      const cause = undiciError(code, `read ${code}`);
      const err = mapUndiciError(cause, wire(), phase);
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err).toMatchObject({ operation: 'test.op', requestMayHaveReachedServer: true, cause });
      expect(err.message).toBe(`test.op: POST http://127.0.0.1:1/v2/models/m/infer?key=… failed after the request went out: ${code}`);
    }
  });

  // test/undici/closed-dispatcher.test.ts has the closed dispatcher of the caller's (an InvalidRequestError)
  it.each(['UND_ERR_DESTROYED', 'UND_ERR_CLOSED'])('%s while queued on a dispatcher that is still open (a pool inside it closed) was never sent', (code) => {
    const cause = undiciError(code, 'The client is destroyed');
    const open = { dispatch: () => true, closed: false, destroyed: false } as unknown as Parameters<typeof mapUndiciError>[3];
    const err = mapUndiciError(cause, wire(), 'queued', open);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ operation: 'test.op', requestMayHaveReachedServer: false, cause });
    expect(err.message).toBe(`test.op: POST http://127.0.0.1:1/v2/models/m/infer?key=… failed before sending: ${code}`);
    const closed = mapUndiciError(cause, wire(), 'queued', { ...open, destroyed: true } as unknown as typeof open);
    expect(closed).toBeInstanceOf(InvalidRequestError);
    expect(closed).toMatchObject({ operation: 'test.op', path: 'dispatcher', cause });
  });

  it('anything else (also null) is a ConnectionError that may have reached the server', () => {
    const reset = mapUndiciError(undiciError('ECONNRESET', 'other side closed'), wire());
    expect(reset).toBeInstanceOf(ConnectionError);
    expect(reset).toMatchObject({ requestMayHaveReachedServer: true });
    expect(reset.message).toContain('other side closed');
    const none = mapUndiciError(null, wire());
    expect(none).toBeInstanceOf(ConnectionError);
    expect(none).toMatchObject({ operation: 'test.op', requestMayHaveReachedServer: true });
  });
});
