/**
 * `modelwire`: the platform-neutral core. Transports, middleware, retries, one deadline per call,
 * typed errors, validated results, SSE streams, pagination and polling. Web-standard only: runs in
 * Node 20+, Deno, Bun, workerd, edge runtimes and browsers.
 * @module
 */
export type { HttpMethod, HeaderReader, WireRequest, WireResponse, Transport, Handler, Middleware, ValidationMode } from './core/types.js';
export {
  ModelwireError,
  isModelwireError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ConnectionError,
  TimeoutError,
  AbortError,
  ResponseValidationError,
  StreamError,
  InvalidRequestError,
  LocalModelError,
  CircuitOpenError,
  WebhookVerificationError,
} from './core/errors.js';
export type { ErrorCode, ModelwireErrorOptions, APIErrorInit, ValidationIssue } from './core/errors.js';
export { validate, validateAsync } from './core/schema.js';
export type { StandardSchemaV1, InferOutput } from './core/schema.js';
export { compiled } from './core/compiled.js';
export { shapeSchema } from './core/shape.js';
export type { Shape, ShapeLiteral } from './core/shape.js';
export { createClient, request, buildUrl } from './core/client.js';
export type { Client, ClientOptions, CallOptions, RequestSpec, RequestResult } from './core/client.js';
export { fetchTransport, safeUrl } from './core/transport-fetch.js';
export type { FetchTransportOptions } from './core/transport-fetch.js';
export { compose, headersMiddleware, loggingMiddleware, requestIdMiddleware, requestIdOf } from './core/middleware.js';
export type { Logger, RequestIdOptions } from './core/middleware.js';
export { redactHeaders } from './core/redact.js';
export { retryMiddleware, resolveRetryPolicy, backoffDelay, isRetryableStatus } from './core/retry.js';
export type { RetryOptions, RetryEvent, RetryPolicy } from './core/retry.js';
export { createRetryBudget } from './core/retry-budget.js';
export type { RetryBudget, RetryBudgetOptions } from './core/retry-budget.js';
export { parseRetryAfter } from './core/retry-after.js';
export { Stream, requestStream, defaultDecode, SKIP, DONE } from './core/stream.js';
export type { StreamSpec, SSEEvent, EventDecoder, StreamSource } from './core/stream.js';
export { paginate } from './core/paginate.js';
export type { Page, Paginator } from './core/paginate.js';
export { poll } from './core/poll.js';
export type { PollOptions } from './core/poll.js';
export { sleep } from './core/sleep.js';
export { withFallback, isFailoverError } from './core/fallback.js';
export type { ResultSource, SourceInfo, WithSource, FallbackTarget, FallbackMember, FallbackMethod, WrappedSignature, FallbackEvent } from './core/fallback.js';
export type { FallbackPolicy, FallbackSourceOptions } from './core/fallback-policy.js';
export { createCircuitBreaker } from './core/circuit-breaker.js';
export type { CircuitState, CircuitStateChange, CircuitBreakerOptions, CircuitBreaker } from './core/circuit-breaker.js';
