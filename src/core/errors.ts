/**
 * The error hierarchy. Every error the SDK throws is a {@link ModelwireError} with a stable `code`.
 * `instanceof` works across two copies of the package (brand check), and no error ever carries
 * request headers, so an API key cannot leak through `message`, `toJSON()` or `util.inspect`.
 * @module
 */
import type { FallbackEvent } from './fallback.js';

const KINDS = Symbol.for('modelwire.error.kinds');
/**
 * @internal The key of an object's own `util.inspect` view (Node's, and Deno's and Bun's inspect).
 *
 * @example
 * ```ts
 * const quiet = { token: 'sk-1', [INSPECT]: () => '[hidden]' }; // console.log(quiet) prints [hidden]
 * ```
 */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Stable, documented error codes.
 *
 * @example
 * ```ts
 * if (isModelwireError(err) && err.code === 'rate_limit') await sleep(1000);
 * ```
 */
export type ErrorCode =
  | 'bad_request'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'unprocessable_entity'
  | 'rate_limit'
  | 'internal_server'
  | 'api_error'
  | 'connection'
  | 'timeout'
  | 'aborted'
  | 'response_validation'
  | 'stream'
  | 'invalid_request'
  | 'local_model'
  | 'circuit_open'
  | 'webhook_verification'
  | 'prediction_failed';

/**
 * Fields every error can be built with.
 *
 * @example
 * ```ts
 * const err = new AbortError('cancelled by user', { operation: 'oip.infer', attempts: 1 });
 * ```
 */
export interface ModelwireErrorOptions {
  /** The underlying error (a transport's, a schema library's, …), kept as the standard `Error.cause`. */
  cause?: unknown;
  /** Operation name, e.g. `replicate.predictions.create`. */
  operation?: string | undefined;
  /** How many attempts were made before the error surfaced. */
  attempts?: number | undefined;
}

type Kinded = { kind: string };

/** The code of an error class whose brand names it: `BadRequestError` → `bad_request`. */
const codeOf = (c: Kinded): ErrorCode => c.kind.slice(0, -5).replace(/\B[A-Z]/g, '_$&').toLowerCase() as ErrorCode;

/**
 * Base class of every error thrown by modelwire.
 *
 * @example
 * ```ts
 * try { await infer(client, 'mlp', request); }
 * catch (err) { if (err instanceof ModelwireError) console.error(err.code, err.message); }
 * ```
 */
export class ModelwireError extends Error {
  /** Brand used for cross-copy `instanceof`; every subclass sets its own. */
  static readonly kind: string = 'ModelwireError';
  /** Stable machine-readable code. */
  declare readonly code: ErrorCode;
  /** Operation that failed, when known. */
  declare operation: string | undefined;
  /**
   * Requests the call made (1 = no retry; a stream's reconnects count) when a request went out:
   * on a status or connection error, the deadline or an abort, and an answer the call refused (a
   * body or stream event that does not match its schema, a stream's error event).
   */
  declare attempts: number | undefined;
  /**
   * Set by `withFallback` on the error of a call no source answered (a copy of the last source's
   * error: the one it threw is not changed): each source the call left behind, in order, as reported
   * to `onFallback` (its error, or its open circuit). `toJSON()` lists them with each error's safe view.
   *
   * @example
   * ```ts
   * catch (err) { if (err instanceof ModelwireError) for (const e of err.fallbackEvents ?? []) console.warn(e.from, e.reason, e.error); }
   * ```
   */
  declare readonly fallbackEvents?: readonly FallbackEvent[] | undefined;

  constructor(code: ErrorCode, message: string, options: ModelwireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : options);
    this.code = code;
    this.operation = options.operation;
    this.attempts = options.attempts;
    // the brands of the class and its bases, for instanceof across copies of the package (a class
    // without a brand of its own repeats its base's: harmless to includes())
    const kinds: string[] = [];
    for (let c = new.target as (Kinded & object) | null; c && typeof c.kind === 'string'; c = Object.getPrototypeOf(c)) kinds.push(c.kind);
    // not enumerable (the default here), so neither shows in JSON or a plain inspect
    Object.defineProperties(this, {
      [KINDS]: { value: kinds },
      name: { value: (new.target as unknown as Kinded).kind, writable: true, configurable: true },
    });
  }

  /**
   * `instanceof` that also recognises errors from another copy of the package (a second install,
   * the CJS and ESM builds side by side), by the brands each error carries.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // a class derived outside the SDK without a brand of its own: the ordinary prototype check
    // (the inherited brand would make every error of its base class count as one of its own)
    if (!Object.hasOwn(this, 'kind')) return super[Symbol.hasInstance](value);
    const kinds = (value as { [KINDS]?: unknown } | null)?.[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  /** Safe, serialisable view: never includes headers or secrets. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    if (this.operation !== undefined) out.operation = this.operation;
    if (this.attempts !== undefined) out.attempts = this.attempts;
    // the server's request id, on the errors that carry one (APIError, StreamError, ResponseValidationError)
    const requestId = (this as { requestId?: string }).requestId;
    if (requestId !== undefined) out.requestId = requestId;
    return out;
  }

  /** What Node's `util.inspect` and `console.log` print: the stack and {@link toJSON}'s safe view, no headers. */
  [INSPECT](): string {
    return `${this.stack}\n${JSON.stringify(this.toJSON(), null, 2)}`;
  }
}

/**
 * True for any modelwire error, from this or another copy of the package.
 *
 * @example
 * ```ts
 * if (isModelwireError(err) && err.code === 'rate_limit') backOff();
 * ```
 */
export function isModelwireError(value: unknown): value is ModelwireError {
  return value instanceof ModelwireError;
}

/**
 * Construction fields of an {@link APIError}.
 *
 * @example
 * ```ts
 * const err = APIError.fromStatus({ status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } });
 * ```
 */
export interface APIErrorInit extends ModelwireErrorOptions {
  /** HTTP status of the answer; `fromStatus` picks the subclass by it. */
  status: number;
  /** Response headers (lower-case names); default `{}`. */
  headers?: Record<string, string> | undefined;
  /** Parsed response body. */
  body?: unknown;
  /** The server's request id, when it sent one. */
  requestId?: string | undefined;
  /** The error message (default `HTTP <status>`). */
  message?: string | undefined;
  /** The request's method, e.g. `POST`. */
  method?: string | undefined;
  /** The URL the request went to (query values and user info hidden, credentials scrubbed). */
  url?: string | undefined;
}

/**
 * The server answered with a non-success status. Subclasses per status: {@link BadRequestError} (400),
 * {@link AuthenticationError} (401), {@link PermissionDeniedError} (403), {@link NotFoundError} (404),
 * {@link ConflictError} (409), {@link UnprocessableEntityError} (422), {@link RateLimitError} (429),
 * {@link InternalServerError} (≥500).
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof APIError) console.log(err.status, err.requestId, err.body); }
 * ```
 */
export class APIError extends ModelwireError {
  static override readonly kind: string = 'APIError';
  /** HTTP status of the answer. */
  declare readonly status: number;
  /** Response headers (lower-case names). */
  declare readonly headers: Record<string, string>;
  /** Parsed response body (JSON when it parsed, else text). */
  declare readonly body: unknown;
  /** The server's request id (`x-request-id`, `request-id`, …) when it sent one. */
  declare readonly requestId: string | undefined;
  /**
   * The method of the request the server answered (`POST`), when the SDK sent it. With {@link url}:
   * a 404 from a base URL without its `/v1` shows which URL answered.
   */
  declare readonly method: string | undefined;
  /**
   * The URL of the request the server answered, when the SDK sent it: query values and user info
   * hidden (`?api_key=…`), credentials scrubbed.
   *
   * @example
   * ```ts
   * catch (err) { if (err instanceof NotFoundError) console.error(err.method, err.url); } // POST http://127.0.0.1:8000/chat/completions
   * ```
   */
  declare readonly url: string | undefined;

  constructor(code: ErrorCode, init: APIErrorInit) {
    super(code, init.message ?? `HTTP ${init.status}`, init);
    this.status = init.status;
    this.headers = init.headers ?? {};
    this.body = init.body;
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
  }

  /**
   * Builds the subclass that matches a status.
   *
   * @example
   * ```ts
   * const err = APIError.fromStatus({ status: 404, body: { error: 'no such model' } });
   * err instanceof NotFoundError; // true
   * ```
   */
  static fromStatus(init: APIErrorInit): APIError {
    const s = init.status;
    if (s === 400) return new BadRequestError(init);
    if (s === 401) return new AuthenticationError(init);
    if (s === 403) return new PermissionDeniedError(init);
    if (s === 404) return new NotFoundError(init);
    if (s === 409) return new ConflictError(init);
    if (s === 422) return new UnprocessableEntityError(init);
    if (s === 429) return new RateLimitError(init);
    if (s >= 500) return new InternalServerError(init);
    return new APIError('api_error', init);
  }

  override toJSON(): Record<string, unknown> {
    const out = super.toJSON();
    out.status = this.status;
    if (this.method !== undefined) out.method = this.method;
    if (this.url !== undefined) out.url = this.url;
    if (this.body !== undefined) out.body = this.body;
    return out;
  }
}

/** 400: the request was malformed. @example `if (err instanceof BadRequestError) fixInput();` */
export class BadRequestError extends APIError {
  static override readonly kind: string = 'BadRequestError';
  constructor(init: APIErrorInit) { super(codeOf(BadRequestError), init); }
}
/** 401: missing or wrong credentials. @example `if (err instanceof AuthenticationError) rotateKey();` */
export class AuthenticationError extends APIError {
  static override readonly kind: string = 'AuthenticationError';
  constructor(init: APIErrorInit) { super(codeOf(AuthenticationError), init); }
}
/** 403: credentials lack permission. @example `if (err instanceof PermissionDeniedError) askForAccess();` */
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = 'PermissionDeniedError';
  constructor(init: APIErrorInit) { super(codeOf(PermissionDeniedError), init); }
}
/** 404: no such resource. @example `if (err instanceof NotFoundError) return null;` */
export class NotFoundError extends APIError {
  static override readonly kind: string = 'NotFoundError';
  constructor(init: APIErrorInit) { super(codeOf(NotFoundError), init); }
}
/** 409: the resource is in a conflicting state. @example `if (err instanceof ConflictError) retryLater();` */
export class ConflictError extends APIError {
  static override readonly kind: string = 'ConflictError';
  constructor(init: APIErrorInit) { super(codeOf(ConflictError), init); }
}
/** 422: the request was well-formed but invalid. @example `if (err instanceof UnprocessableEntityError) console.log(err.body);` */
export class UnprocessableEntityError extends APIError {
  static override readonly kind: string = 'UnprocessableEntityError';
  constructor(init: APIErrorInit) { super(codeOf(UnprocessableEntityError), init); }
}
/**
 * 429: rate limited. `retryAfterMs` is the server's hint, when it gave one.
 * @example `if (err instanceof RateLimitError) await sleep(err.retryAfterMs ?? 1000);`
 */
export class RateLimitError extends APIError {
  static override readonly kind: string = 'RateLimitError';
  /** Server's wait hint in milliseconds, parsed from `retry-after-ms` or `Retry-After`. */
  declare retryAfterMs: number | undefined;
  constructor(init: APIErrorInit & { retryAfterMs?: number | undefined }) {
    super(codeOf(RateLimitError), init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** ≥500: the server failed. @example `if (err instanceof InternalServerError) useFallback();` */
export class InternalServerError extends APIError {
  static override readonly kind: string = 'InternalServerError';
  constructor(init: APIErrorInit) { super(codeOf(InternalServerError), init); }
}

/**
 * The request never got a response: refused, reset, DNS failure, TLS failure.
 * `sentBeforeFailure` is false when the failure provably happened before the server received the request.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof ConnectionError) console.log(err.cause); }
 * ```
 */
export class ConnectionError extends ModelwireError {
  static override readonly kind: string = 'ConnectionError';
  /** False when the server cannot have received the request (connection refused, DNS failure). */
  declare readonly requestMayHaveReachedServer: boolean;
  constructor(message: string, options: ModelwireErrorOptions & { requestMayHaveReachedServer: boolean }) {
    super(codeOf(ConnectionError), message, options);
    this.requestMayHaveReachedServer = options.requestMayHaveReachedServer;
  }
}

/**
 * The call's deadline (`timeoutMs`), a stream's first-event or idle timeout, or your own signal's
 * timeout (`signal: AbortSignal.timeout(ms)`) passed.
 * @example `catch (err) { if (err instanceof TimeoutError) console.log(err.timeoutMs ?? 'your signal'); }`
 */
export class TimeoutError extends ModelwireError {
  static override readonly kind: string = 'TimeoutError';
  /**
   * The limit that passed, in milliseconds: the call's `timeoutMs`, or a stream's
   * `firstEventTimeoutMs` or `idleTimeoutMs`. `undefined` when the time ran out on your own signal
   * (it aborted with a `TimeoutError` reason, as `AbortSignal.timeout(ms)` does): the limit is
   * yours, and a signal does not tell it (the reason is the error's `cause`).
   */
  declare readonly timeoutMs: number | undefined;
  constructor(message: string, options: ModelwireErrorOptions & { timeoutMs: number | undefined }) {
    super(codeOf(TimeoutError), message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's `AbortSignal` fired. @example `catch (err) { if (err instanceof AbortError) return; }` */
export class AbortError extends ModelwireError {
  static override readonly kind: string = 'AbortError';
  constructor(message = 'The operation was aborted', options: ModelwireErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/**
 * One schema issue: where and what.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: ['outputs', 0, 'shape'], message: 'Expected array' };
 * ```
 */
export interface ValidationIssue {
  /** Path into the value, e.g. `['outputs', 0, 'shape']`. */
  path: ReadonlyArray<PropertyKey>;
  /** What was wrong there, in the schema library's words. */
  message: string;
}

/**
 * A response did not match its schema. `issues` say where; `body` keeps the raw value;
 * `requestId` is the server's id of the response that did not match, when it sent one.
 * @example `catch (err) { if (err instanceof ResponseValidationError) console.log(err.issues[0]?.path, err.requestId); }`
 */
export class ResponseValidationError extends ModelwireError {
  static override readonly kind: string = 'ResponseValidationError';
  /** Every place the value did not match (the message shows the first three). */
  declare readonly issues: readonly ValidationIssue[];
  /** The value that failed validation, unchanged. */
  declare readonly body: unknown;
  /** The server's request id of the response (`x-request-id` and kin), when it sent one. */
  declare requestId: string | undefined;
  constructor(issues: readonly ValidationIssue[], body: unknown, options: ModelwireErrorOptions & { requestId?: string | undefined } = {}) {
    // the first three issues, where and what, and how many more
    const shown = issues.slice(0, 3).map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
    super(codeOf(ResponseValidationError), `${options.operation ?? 'response'} did not match its schema: ${shown.join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`, options);
    this.issues = issues;
    this.body = body;
    this.requestId = options.requestId;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues.map((i) => ({ path: i.path.map(String), message: i.message })) };
  }
}

/**
 * A stream failed after it started: an error event, a truncated body, a malformed event.
 * `requestId` is the server's id of the response whose stream failed, when it sent one.
 * @example `catch (err) { if (err instanceof StreamError) console.log(err.requestId, err.event); }`
 */
export class StreamError extends ModelwireError {
  static override readonly kind: string = 'StreamError';
  /** The error payload the server sent, when the stream carried one. */
  declare readonly event: unknown;
  /** The server's request id of the streamed response (`x-request-id` and kin), when it sent one. */
  declare readonly requestId: string | undefined;
  constructor(message: string, options: ModelwireErrorOptions & { event?: unknown; requestId?: string | undefined } = {}) {
    super(codeOf(StreamError), message, options);
    this.event = options.event;
    this.requestId = options.requestId;
  }
}

/**
 * The caller passed input the SDK can tell is wrong before sending anything. `path` names the field.
 * @example `catch (err) { if (err instanceof InvalidRequestError) console.log(err.path, err.message); }`
 */
export class InvalidRequestError extends ModelwireError {
  static override readonly kind: string = 'InvalidRequestError';
  /** Where the problem is, e.g. `inputs[0].data`. */
  declare readonly path: string | undefined;
  constructor(message: string, options: ModelwireErrorOptions & { path?: string | undefined } = {}) {
    super(codeOf(InvalidRequestError), message, options);
    this.path = options.path;
  }
}

/**
 * @internal The {@link InvalidRequestError} of a refused field: its message is `operation: path
 * problem`, and it carries `operation` and `path`.
 *
 * @example
 * ```ts
 * throw refused('createClient', 'timeoutMs', 'must be a number from 0 to Infinity, got NaN');
 * ```
 */
export function refused(operation: string, path: string, problem: string): InvalidRequestError {
  return new InvalidRequestError(`${operation}: ${path} ${problem}`, { operation, path });
}

/**
 * @internal `err`, named after `operation` when it is an {@link InvalidRequestError} that names no
 * operation (a check written without one: tensors, parameters, model names, options): `operation`
 * is set and starts its message (`oip.infer: inputs[0].data ...`), as {@link refused}'s does. The
 * remote OIP operations and the local ONNX runtime name their refusals with it alike.
 *
 * @example
 * ```ts
 * try { checkInputs(request.inputs); } catch (err) { throw named(err, 'onnx.infer'); }
 * ```
 */
export function named(err: unknown, operation: string): unknown {
  if (err instanceof InvalidRequestError && !err.operation) {
    err.operation = operation;
    err.message = `${operation}: ${err.message}`;
  }
  return err;
}

/**
 * The local ONNX runtime failed: missing peer, missing or corrupt model, rejected path, run failure.
 * @example `catch (err) { if (err instanceof LocalModelError) console.log(err.model); }`
 */
export class LocalModelError extends ModelwireError {
  static override readonly kind: string = 'LocalModelError';
  /** The model name involved, when there is one. */
  declare readonly model: string | undefined;
  constructor(message: string, options: ModelwireErrorOptions & { model?: string | undefined } = {}) {
    super(codeOf(LocalModelError), message, options);
    this.model = options.model;
  }
}

/**
 * The circuit for an endpoint is open and no fallback took the call.
 * @example `catch (err) { if (err instanceof CircuitOpenError) console.log(err.retryAtMs); }`
 */
export class CircuitOpenError extends ModelwireError {
  static override readonly kind: string = 'CircuitOpenError';
  /**
   * Epoch milliseconds (the breaker's clock) at which a call may get through if nothing else
   * happens: when an open circuit allows its half-open probe, or, for a circuit refused because its
   * probe is in flight, when that probe's slot lapses (its start + `cooldownMs`; the probe may end
   * before). The earliest of these when several circuits are named; 0 when none is known (a
   * `CircuitBreaker` of your own with its probe in flight).
   */
  declare readonly retryAtMs: number;
  constructor(message: string, options: ModelwireErrorOptions & { retryAtMs: number }) {
    super(codeOf(CircuitOpenError), message, options);
    this.retryAtMs = options.retryAtMs;
  }
}

/**
 * A webhook signature did not verify (bad signature, stale timestamp, missing header).
 * @example `catch (err) { if (err instanceof WebhookVerificationError) return new Response(null, { status: 400 }); }`
 */
export class WebhookVerificationError extends ModelwireError {
  static override readonly kind: string = 'WebhookVerificationError';
  constructor(message: string, options: ModelwireErrorOptions = {}) {
    super(codeOf(WebhookVerificationError), message, options);
  }
}
