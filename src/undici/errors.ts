/** undici error codes → modelwire errors. Internal to `modelwire/undici`. */
import type { Dispatcher } from 'undici';
import { abortReason } from '../core/deadline.js';
import { ConnectionError, InvalidRequestError, TimeoutError } from '../core/errors.js';
import { safeUrl, toTransportError } from '../core/transport-fetch.js';
import type { WireRequest } from '../core/types.js';
import { proxyOf } from './proxy-name.js';

/** Failures that prove the request never reached the server, while it waits for its connection (a request that went out may have). */
const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The error for an option `undiciTransport` cannot use, said when the transport is made (not with a
 * TypeError at the first call): `path` is the option.
 *
 * @example
 * ```ts
 * throw optionRefused('noProxy', 'noProxy must be a string');
 * ```
 */
export const optionRefused = (path: 'dispatcher' | 'proxy' | 'noProxy', what: string): InvalidRequestError =>
  new InvalidRequestError(`undiciTransport: ${what}`, { operation: 'undiciTransport', path });

/** How far a request had come when it failed: waiting for a connection, sent, or answered (status and headers in). */
export type RequestPhase = 'queued' | 'sent' | 'answered';

/**
 * Maps an undici failure to the matching modelwire error: the call's abort reason, a
 * {@link TimeoutError} for undici's headers/body timeouts, an {@link InvalidRequestError}
 * (`path: 'dispatcher'`) for a request refused by a dispatcher that was closed or destroyed, or a
 * {@link ConnectionError} that says whether the request may have reached the server. `phase`: how far the request had come (a proxy
 * tunnel that timed out fails while it is queued; an HTTP/2 stream refused before its answer was
 * never processed). `via`: the dispatcher the request went to; when it is a proxy that could not be
 * reached, the message names the proxy (`host:port`, never its credentials).
 *
 * @example
 * ```ts
 * catch (err) { throw mapUndiciError(err, req, 'queued', dispatcher); }
 * ```
 */
export function mapUndiciError(err: unknown, req: WireRequest, phase: RequestPhase = 'answered', via?: Dispatcher): Error {
  if (req.signal.aborted) return abortReason(req.signal, req.operation);
  const code = (err as { code?: string } | null)?.code;
  const what = `${req.operation}: ${req.method} ${safeUrl(req.url)}`;
  const message = (err as Error | null)?.message ?? '';
  const failed = (how: string, requestMayHaveReachedServer: boolean): ConnectionError =>
    new ConnectionError(`${what} ${how}`, { cause: err, operation: req.operation, requestMayHaveReachedServer });
  // undici's ProxyAgent: the proxy answered CONNECT with something other than 200, so no tunnel and nothing sent
  const refusal = /^Proxy response \((\d+)\) !== 200/.exec(message);
  if (refusal) {
    return failed(`failed before sending: the proxy refused the tunnel with HTTP ${refusal[1]}`, false);
  }
  if (phase !== 'answered' && /\bNGHTTP2_REFUSED_STREAM\b/.test(message)) {
    // HTTP/2 (a dispatcher with allowH2): a stream reset with REFUSED_STREAM was closed before any
    // processing, and may be retried whatever its method (RFC 9113 §8.7)
    return failed('failed: the server refused the HTTP/2 stream before processing it (NGHTTP2_REFUSED_STREAM)', false);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' && phase === 'queued') {
    // a headers timeout before the request was started is a tunnel's: the proxy did not answer CONNECT in time
    return failed(`failed: the proxy did not answer CONNECT in time (${code})`, true);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError(`${what} timed out (${code})`, {
      cause: err,
      operation: req.operation,
      timeoutMs: req.timeoutMs,
    });
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    // undici refuses a bad header name or value (or a path it cannot send) before sending: never
    // retried, and its text, which may quote the value, is not passed on
    return new InvalidRequestError(`${req.operation}: invalid header or request path, not sent (value not shown)`, {
      operation: req.operation,
      path: 'headers',
    });
  }
  if ((code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') && phase === 'queued') {
    // a dispatcher of the caller's, closed or destroyed, refuses every request before sending: not
    // a network failure, and no retry can succeed. Otherwise it was one of the pools inside it
    const state = via as { closed?: unknown; destroyed?: unknown } | undefined;
    return state?.closed === true || state?.destroyed === true
      ? new InvalidRequestError(`${what} not sent: the dispatcher is closed or destroyed (${code})`, { cause: err, operation: req.operation, path: 'dispatcher' })
      : failed(`failed before sending: ${code}`, false);
  }
  if (code && BEFORE_SEND.has(code)) {
    // the request went out: no code proves it did not arrive (an established connection whose peer
    // became unreachable ends with EHOSTUNREACH or ENETUNREACH too)
    return phase === 'queued' ? failed(`failed before sending: ${code}${unreachableProxy(via, code, message)}`, false) : failed(`failed after the request went out: ${code}`, true);
  }
  const error = toTransportError(err, req);
  return phase !== 'queued' && error instanceof ConnectionError && !error.requestMayHaveReachedServer ? failed(`failed after the request went out: ${code ?? message}`, true) : error;
}

/**
 * ` (the proxy host:port could not be reached)` when a request waiting for its connection failed on
 * the way to the proxy: through a proxy every connection goes to the proxy, so a refused or unresolved
 * one is the proxy's; a connect timeout is the proxy's only when it names the proxy's address (it may
 * be the TLS handshake with the server inside the tunnel).
 */
function unreachableProxy(via: Dispatcher | undefined, code: string, message: string): string {
  const proxy = proxyOf(via);
  if (proxy === undefined) return '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' && !message.includes(`attempted address: ${proxy}`)) return '';
  return ` (the proxy ${proxy} could not be reached)`;
}
