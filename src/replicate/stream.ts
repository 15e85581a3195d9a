/**
 * Streaming a prediction's output: the server-sent events at `urls.stream` as typed events.
 * @module
 */
import { isObject } from '../core/check.js';
import { callSecrets, type CallOptions, type Client } from '../core/client.js';
import { InvalidRequestError, StreamError } from '../core/errors.js';
import { scrub, SECRET_HEADER } from '../core/redact.js';
import { SKIP, requestStream, type SSEEvent, type Stream } from '../core/stream.js';
import { describe, followUrl, isTrustedUrl, onApiOrigin } from './shared.js';
import type { Prediction } from './types.js';

const OP_STREAM = 'replicate.predictions.stream';

/**
 * One event of a prediction's stream. `output` carries a piece of output as text (a token, or a
 * file URL), `logs` a log line, `done` ends the stream (with `reason: 'canceled'` when the prediction
 * was canceled). An `error` event, and a `done` whose reason is `error` (the prediction failed), are
 * thrown as a {@link StreamError} whose `event` is the payload.
 *
 * @example
 * ```ts
 * for await (const e of stream) if (e.type === 'output') process.stdout.write(e.data);
 * ```
 */
export type ReplicateStreamEvent =
  | {
      /** `output` (a piece of output), `logs` (a log line) or `done` (the stream ended). */
      type: 'output';
      /** `output`: a piece of output as text (a token, or a file URL); `logs`: a log line. */
      data: string;
      /** The SSE event id; a dropped stream resumes after it with `Last-Event-ID`. */
      id?: string | undefined;
    }
  | {
      /** `output` (a piece of output), `logs` (a log line) or `done` (the stream ended). */
      type: 'logs';
      /** `output`: a piece of output as text (a token, or a file URL); `logs`: a log line. */
      data: string;
      /** The SSE event id; a dropped stream resumes after it with `Last-Event-ID`. */
      id?: string | undefined;
    }
  | {
      /** `output` (a piece of output), `logs` (a log line) or `done` (the stream ended). */
      type: 'done';
      /** Why the stream ended without success: `canceled` (absent when the prediction succeeded; a `done` with reason `error` is thrown as a StreamError). */
      reason?: string | undefined;
      /** The `done` event's payload parsed from JSON (`{}` when empty, `{ value }` for a non-object, `{ message }` for text that is not JSON). */
      data: Record<string, unknown>;
    };

/**
 * Options of {@link streamPrediction}.
 *
 * @example
 * ```ts
 * await streamPrediction(client, prediction, { idleTimeoutMs: 30_000, timeoutMs: 600_000 });
 * ```
 */
export interface StreamOptions extends CallOptions {
  /** Longest time from the call's start to the first event, the wait for the response headers included (default: the call deadline). */
  firstEventTimeoutMs?: number | undefined;
  /** Longest silence between two events (default: none beyond the call deadline). */
  idleTimeoutMs?: number | undefined;
}

function parseObject(data: string): Record<string, unknown> {
  if (!data) return {};
  try {
    const v: unknown = JSON.parse(data);
    return isObject(v) ? v : { value: v };
  } catch {
    return { message: data };
  }
}

/** A payload's `detail`, else its `message` (a string each). */
const messageOf = (payload: Record<string, unknown>): string | undefined =>
  typeof payload.detail === 'string' ? payload.detail : typeof payload.message === 'string' ? payload.message : undefined;

/** The prediction an error names: its id (a non-empty string), else `stream`. */
const nameOf = (predictionId: string | undefined): string => (typeof predictionId === 'string' && predictionId ? predictionId : 'stream');

/**
 * Decodes one Replicate SSE event: `output`/`logs` keep their text as is, `done` becomes the last
 * value, `error` (and a `done` with `{"reason":"error"}`: the prediction failed) throws a
 * {@link StreamError} (naming the prediction `predictionId`, a non-empty string),
 * anything else (keep-alives, unnamed events) is skipped.
 *
 * @example
 * ```ts
 * decodeReplicateEvent({ event: 'output', data: 'Hello', id: '1' }); // { type: 'output', data: 'Hello', id: '1' }
 * ```
 */
export function decodeReplicateEvent(event: SSEEvent, predictionId?: string): ReplicateStreamEvent | typeof SKIP {
  switch (event.event) {
    case 'output':
      return { type: 'output', data: event.data, id: event.id };
    case 'logs':
      return { type: 'logs', data: event.data, id: event.id };
    case 'done': {
      const data = parseObject(event.data);
      const reason = typeof data.reason === 'string' && data.reason ? data.reason : undefined;
      // the prediction failed: the output read so far is not its whole output (a stream opened
      // after the failure, or whose `error` event was not delivered, has no other sign of it)
      if (reason === 'error') {
        const detail = messageOf(data);
        throw new StreamError(`${OP_STREAM}: prediction ${nameOf(predictionId)} ended with an error (done reason "error")${detail === undefined ? '' : `: ${detail}`}`, {
          event: { type: 'done', ...data },
          operation: OP_STREAM,
        });
      }
      return { type: 'done', reason, data };
    }
    case 'error': {
      const payload = parseObject(event.data);
      // not cut here: the core scrubs the client's secrets from the whole message, then shortens it
      throw new StreamError(`${OP_STREAM}: prediction ${nameOf(predictionId)} reported an error: ${messageOf(payload) ?? event.data}`, { event: { type: 'error', ...payload }, operation: OP_STREAM });
    }
    default:
      return SKIP;
  }
}

/**
 * Opens the output stream of a prediction (`prediction.urls.stream`, or that URL itself) as a
 * {@link Stream} of {@link ReplicateStreamEvent}s that ends after the `done` event. Resolves once
 * the first event arrived; a drop after that resumes with `Last-Event-ID` when events carry ids.
 * An `error` event, or a `done` event with `{"reason":"error"}` (the prediction failed: the output
 * read is not all of it), is a {@link StreamError} naming the prediction (its `id`, when it was given).
 * The URL must be on the API's own origin or https on replicate.com or replicate.net (Replicate's
 * streaming hosts, `https://streaming-api.svc.us.c.replicate.net/…`) or a subdomain of either; another one is refused with
 * an {@link InvalidRequestError} that names its scheme and host only (no user info). The client's
 * credentials, and credential headers given with the call, go only to its own origin (a stream host of
 * replicate.com or replicate.net is read without them).
 *
 * @example
 * ```ts
 * const prediction = await createPrediction(client, { model: 'meta/meta-llama-3-8b-instruct', input: { prompt: 'Hi' } });
 * for await (const event of await streamPrediction(client, prediction)) {
 *   if (event.type === 'output') process.stdout.write(event.data);
 * }
 * ```
 */
export async function streamPrediction(
  client: Client,
  prediction:
    | (Pick<Prediction, 'urls'> & {
        /** The prediction's id, named in a stream `error`. */
        id?: string | undefined;
      })
    | string,
  options?: StreamOptions,
): Promise<Stream<ReplicateStreamEvent>> {
  const url = typeof prediction === 'string' ? prediction : prediction?.urls?.stream;
  // an error event names the prediction (a stream URL does not carry its id)
  const id = (prediction as { id?: string } | undefined)?.id;
  if (typeof prediction === 'string' && !/^https?:\/\//i.test(prediction)) {
    // not quoted: a server-given URL of another scheme may carry credentials too
    const ref = /^(?:[\w.-]+\/[\w.-]+(?::\w+)?|[0-9a-f]{64})$/i.test(prediction)
      ? ' (it looks like a model reference: create the prediction first, stream(await predictions.create({ model, input })))'
      : '';
    throw new InvalidRequestError(`${OP_STREAM}: the string given is not an http(s) URL; pass the prediction or its urls.stream${ref}`, {
      path: 'prediction',
      operation: OP_STREAM,
    });
  }
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new InvalidRequestError(`${OP_STREAM}: the prediction has no stream URL (urls.stream is ${typeof url === 'string' ? 'not an http(s) URL' : describe(url)}); the model may not support streaming`, {
      path: 'urls.stream',
      operation: OP_STREAM,
    });
  }
  if (!isTrustedUrl(client, url)) {
    // only the scheme and host:port are quoted, never user info (up to the authority's last '@')
    const origin = url.replace(/^(https?:\/\/)(?:[^/?#]*@)?([^/?#]*)[^]*$/i, '$1$2');
    throw new InvalidRequestError(scrub(`${OP_STREAM}: refusing to send credentials to ${origin}: not the API origin nor https on replicate.com or replicate.net, on the default port and without user info`, callSecrets(client, options)), {
      path: 'urls.stream',
      operation: OP_STREAM,
    });
  }
  // credential headers of the call (a per-tenant token) go only to the API's origin, like the
  // client's: on Replicate's streaming host the stream URL itself authorizes the read. Only names
  // that are credentials are dropped (headers of another kind are left to the core to refuse)
  const h = options?.headers;
  const drop = h && onApiOrigin(client, url) === undefined ? Object.keys(h).filter((name) => SECRET_HEADER.test(name)) : [];
  if (drop.length) options = { ...options, headers: Object.fromEntries(Object.entries(h!).filter(([name]) => !drop.includes(name))) };
  return requestStream<ReplicateStreamEvent>(
    client,
    {
      method: 'GET',
      path: followUrl(client, url),
      operation: OP_STREAM,
      options: 'firstEventTimeoutMs idleTimeoutMs',
      decode: (event) => decodeReplicateEvent(event, id),
      resume: true,
      // the stream ends at `done`, whether or not the server closes the body right after it
      isLast: (event) => event.type === 'done',
      firstEventTimeoutMs: options?.firstEventTimeoutMs,
      idleTimeoutMs: options?.idleTimeoutMs,
    },
    options,
  );
}
