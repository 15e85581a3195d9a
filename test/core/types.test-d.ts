/**
 * Type-level tests of `modelwire` (the core), as a user imports it. Checked by `tsc -p tsconfig.json`
 * (the first half of `npm test`) against src/, and by `npm run check:package` against the built
 * dist/*.d.ts and dist/*.d.cts; vitest does not run `.test-d.ts` files, so nothing here executes.
 * Every `@ts-expect-error` names the misuse it stands for: if that misuse ever compiled, the
 * directive itself would be the error.
 */
import { expectTypeOf } from 'vitest';
import * as v from 'valibot';
import { z } from 'zod';
import * as zm from 'zod/mini';
import {
  APIError,
  AbortError,
  AuthenticationError,
  BadRequestError,
  CircuitOpenError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidRequestError,
  LocalModelError,
  ModelwireError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  Stream,
  StreamError,
  TimeoutError,
  UnprocessableEntityError,
  WebhookVerificationError,
  compiled,
  createClient,
  loggingMiddleware,
  requestIdMiddleware,
  createCircuitBreaker,
  isModelwireError,
  paginate,
  poll,
  request,
  requestStream,
  shapeSchema,
  validate,
  validateAsync,
  withFallback,
  type Client,
  type ErrorCode,
  type InferOutput,
  type Middleware,
  type Page,
  type Paginator,
  type RequestSpec,
  type SourceInfo,
  type FallbackTarget,
  type StandardSchemaV1,
  type Transport,
  type ValidationIssue,
  type WireRequest,
  type WireResponse,
} from 'modelwire';

declare const client: Client;
declare const err: unknown;

const Person = z.object({ name: z.string(), age: z.number() });
const PersonMini = zm.object({ name: zm.string(), age: zm.number() });
const PersonValibot = v.object({ name: v.string(), age: v.number() });
type PersonT = { name: string; age: number };
/** A transform: the input is a string, the output its length. */
const Length = z.string().transform((s) => s.length);
const LengthValibot = v.pipe(v.string(), v.transform((s) => s.length));
const get = { method: 'GET', path: '/p', operation: 'op' } as const;

// ---------------------------------------------------------------- client options

createClient({ baseURL: 'http://127.0.0.1:8000', apiKey: 'k', timeoutMs: 1000, retry: false, validation: 'passthrough' });
// @ts-expect-error baseURL is required
createClient({ apiKey: 'k' });
// @ts-expect-error timeoutMs is a number of milliseconds, not a string
createClient({ baseURL: 'http://h', timeoutMs: '10s' });
// @ts-expect-error unknown option key (logging is a middleware, not an option)
createClient({ baseURL: 'http://h', logger: console });
// @ts-expect-error validation is one of strict | passthrough | off
createClient({ baseURL: 'http://h', validation: 'lenient' });
// @ts-expect-error a transport is a function of a WireRequest, not a fetch-like (url, init) function
createClient({ baseURL: 'http://h', transport: (url: string, init: RequestInit) => fetch(url, init) });
// @ts-expect-error per-call retry takes only false (retry settings belong to the client)
void request(client, get, { retry: { maxRetries: 2 } });
// @ts-expect-error unknown call option key
void request(client, get, { deadline: 1000 });

// ---------------------------------------------------------------- transports and middleware a user writes

// a fetch Response is a WireResponse: a fetch-based transport is a few lines (the body needs the
// cast fetchTransport makes too: lib.dom's BodyInit takes no Uint8Array over a SharedArrayBuffer; and no
// body is null, as RequestInit's body takes no undefined under exactOptionalPropertyTypes)
const viaFetch: Transport = (req) => fetch(req.url, { method: req.method, headers: req.headers, body: (req.body ?? null) as BodyInit | null, signal: req.signal });
const timing: Middleware = (next) => async (req) => {
  const res = await next(req);
  expectTypeOf(req.attempt).toEqualTypeOf<number>();
  expectTypeOf(res.headers.get('x-request-id')).toEqualTypeOf<string | null>();
  return res;
};
createClient({ baseURL: 'http://h', transport: viaFetch, middleware: [timing, loggingMiddleware(console), requestIdMiddleware()] });
// @ts-expect-error a middleware returns the next handler's answer (here it forgets to)
const _forgets: Middleware = (next) => async (req) => void (await next(req));
// @ts-expect-error middleware is a list of (next) => handler functions, not a handler
createClient({ baseURL: 'http://h', middleware: [async (req: WireRequest) => fetch(req.url)] });
// @ts-expect-error a logger's methods take a message and fields (a logger with none of them is not a logger)
loggingMiddleware({ log: (m: string) => m });

// ---------------------------------------------------------------- request(): the schema types the result

expectTypeOf(request(client, { ...get, schema: Person })).toEqualTypeOf<Promise<PersonT>>();
expectTypeOf(request(client, { ...get, schema: PersonMini })).toEqualTypeOf<Promise<PersonT>>();
expectTypeOf(request(client, { ...get, schema: PersonValibot })).toEqualTypeOf<Promise<PersonT>>();
// a transform: the output type, not the input type
expectTypeOf(request(client, { ...get, schema: Length })).toEqualTypeOf<Promise<number>>();
expectTypeOf(request(client, { ...get, schema: LengthValibot })).toEqualTypeOf<Promise<number>>();
// no schema: nothing is known about the JSON
expectTypeOf(request(client, get)).toEqualTypeOf<Promise<unknown>>();
// @ts-expect-error the result is typed by the schema: a wrong annotation does not compile
const _wrong: Promise<{ name: number }> = request(client, { ...get, schema: Person });
// @ts-expect-error a schema is a Standard Schema, not a plain validation function
void request(client, { ...get, schema: (x: unknown) => x as PersonT });
// @ts-expect-error operation (named in errors and logs) is required
void request(client, { method: 'GET', path: '/p' });
// @ts-expect-error method is an HTTP method
void request(client, { ...get, method: 'FETCH' });

// ---------------------------------------------------------------- validation helpers and schema wrappers

expectTypeOf(validate(Person, {}, 'strict')).toEqualTypeOf<PersonT>();
expectTypeOf(validate(Length, '', 'strict')).toEqualTypeOf<number>();
expectTypeOf(validateAsync(PersonValibot, {}, 'strict')).toEqualTypeOf<Promise<PersonT>>();
// @ts-expect-error the mode is one of strict | passthrough | off
validate(Person, {}, 'lenient');
expectTypeOf<InferOutput<typeof Person>>().toEqualTypeOf<PersonT>();
expectTypeOf<InferOutput<typeof PersonMini>>().toEqualTypeOf<PersonT>();
expectTypeOf<InferOutput<typeof PersonValibot>>().toEqualTypeOf<PersonT>();
expectTypeOf<InferOutput<typeof Length>>().toEqualTypeOf<number>();
expectTypeOf(compiled(Person)).toEqualTypeOf<StandardSchemaV1<unknown, PersonT>>();
expectTypeOf(request(client, { ...get, schema: compiled(Length) })).toEqualTypeOf<Promise<number>>();
expectTypeOf(shapeSchema<PersonT>({ object: { name: 'string', age: 'number' } })).toEqualTypeOf<StandardSchemaV1<unknown, PersonT>>();
// @ts-expect-error compiled wraps a Standard Schema, nothing else
compiled({ parse: (x: unknown) => x });

// ---------------------------------------------------------------- streams

expectTypeOf(requestStream(client, { ...get, schema: Person })).toEqualTypeOf<Promise<Stream<PersonT>>>();
expectTypeOf(requestStream(client, { ...get, schema: Length, idleTimeoutMs: 1000 })).toEqualTypeOf<Promise<Stream<number>>>();
declare const people: Stream<PersonT>;
expectTypeOf(people).toMatchTypeOf<AsyncIterable<PersonT>>();
// a hand-driven iterator's result is typed before `done` is checked, and no value can be passed in
expectTypeOf(people[Symbol.asyncIterator]().next()).toEqualTypeOf<Promise<IteratorResult<PersonT, undefined>>>();
expectTypeOf(people[Symbol.asyncIterator]().next).parameters.toEqualTypeOf<[] | [undefined]>();
expectTypeOf(people.tee()).toEqualTypeOf<[Stream<PersonT>, Stream<PersonT>]>();
expectTypeOf(people.toReadableStream()).toEqualTypeOf<ReadableStream<Uint8Array>>();
expectTypeOf(people.forEach).parameter(0).parameter(0).toEqualTypeOf<PersonT>();
expectTypeOf(Stream.fromIterable((async function* () { yield 1; })())).toEqualTypeOf<Stream<number>>();
// @ts-expect-error a stream has no response type to choose: it is always SSE
void requestStream(client, { ...get, responseType: 'json' });
// @ts-expect-error a stream's values are its decoded events: a parse of the whole response would not be applied
void requestStream(client, { ...get, parse: async (res: WireResponse) => res.status });
// @ts-expect-error isLast sees the stream's values, typed by the schema
void requestStream(client, { ...get, schema: Person, isLast: (p: { done: boolean }) => p.done });

// ---------------------------------------------------------------- pagination and polling

declare const pages: Paginator<PersonT, string>;
expectTypeOf(pages).toMatchTypeOf<AsyncIterable<PersonT>>();
expectTypeOf(pages[Symbol.asyncIterator]().next()).toEqualTypeOf<Promise<IteratorResult<PersonT, undefined>>>();
expectTypeOf(pages.pages()[Symbol.asyncIterator]().next()).toEqualTypeOf<Promise<IteratorResult<Page<PersonT, string>, undefined>>>();
expectTypeOf(pages.toArray()).toEqualTypeOf<Promise<PersonT[]>>();
expectTypeOf(paginate(async (cursor: number | undefined) => ({ items: [cursor ?? 0], next: 1 }))).toEqualTypeOf<Paginator<number, number>>();
// with the first page's own cursor, the fetcher is never handed undefined
expectTypeOf(paginate<number, string>(async (url) => ({ items: [url.length], next: null }), '/v1/items')).toEqualTypeOf<Paginator<number, string>>();
// @ts-expect-error without `first`, the first page's cursor is undefined: the fetcher must take it
void paginate<string, string>(async (url: string) => ({ items: [url], next: null }));
expectTypeOf(poll({ fetch: async () => ({ status: 'done' as const }), done: (s) => s.status === 'done' })).toEqualTypeOf<Promise<{ status: 'done' }>>();
// @ts-expect-error done is required: polling must know when to stop
void poll({ fetch: async () => 1 });

// ---------------------------------------------------------------- fallback

interface Target {
  infer(model: string): Promise<{ out: number[] }>;
  ready(model: string): Promise<boolean>;
  nested: { get(id: string): Promise<{ id: string }> };
}
declare const primary: Target;
declare const secondary: Target;
const target = withFallback(primary, secondary, { primaryName: 'remote', breaker: createCircuitBreaker({ failureThreshold: 3 }) });
// an object result says who answered; a primitive stays as it is
expectTypeOf(target.infer('m')).toEqualTypeOf<Promise<{ out: number[] } & SourceInfo>>();
expectTypeOf(target.ready('m')).toEqualTypeOf<Promise<boolean>>();
expectTypeOf(target.nested.get('x')).toEqualTypeOf<Promise<{ id: string } & SourceInfo>>();
// @ts-expect-error the fallback must have the primary's methods
withFallback(primary, { infer: secondary.infer });
// @ts-expect-error unknown policy key
withFallback(primary, secondary, { retries: 2 });
// a chain: two or more fallbacks, then the policy (required)
declare const tertiary: Target;
const chained = withFallback(primary, secondary, tertiary, { fallbacks: [{ name: 'replica', breaker: { failureThreshold: 3 } }, { name: 'onnx' }] });
expectTypeOf(chained.infer('m')).toEqualTypeOf<Promise<{ out: number[] } & SourceInfo>>();
expectTypeOf(withFallback(primary, secondary, tertiary, primary, {})).toEqualTypeOf<FallbackTarget<Target>>();
// @ts-expect-error with more than one fallback the policy is not optional: the last fallback would be read as it
withFallback(primary, secondary, tertiary);
// @ts-expect-error every fallback must have the primary's methods
withFallback(primary, secondary, { infer: secondary.infer }, {});

// ---------------------------------------------------------------- errors: narrowing and fields

if (err instanceof APIError) {
  expectTypeOf(err.status).toEqualTypeOf<number>();
  expectTypeOf(err.headers).toEqualTypeOf<Record<string, string>>();
  expectTypeOf(err.body).toEqualTypeOf<unknown>();
  expectTypeOf(err.requestId).toEqualTypeOf<string | undefined>();
  expectTypeOf(err.code).toEqualTypeOf<ErrorCode>();
  // @ts-expect-error an API error carries no timeout
  void err.timeoutMs;
}
if (err instanceof RateLimitError) {
  expectTypeOf(err.retryAfterMs).toEqualTypeOf<number | undefined>();
  expectTypeOf(err.status).toEqualTypeOf<number>();
  expectTypeOf(err).toMatchTypeOf<APIError>();
}
if (isModelwireError(err)) {
  expectTypeOf(err).toEqualTypeOf<ModelwireError>();
  expectTypeOf(err.code).toEqualTypeOf<ErrorCode>();
  expectTypeOf(err.operation).toEqualTypeOf<string | undefined>();
  expectTypeOf(err.attempts).toEqualTypeOf<number | undefined>();
  expectTypeOf(err.toJSON()).toEqualTypeOf<Record<string, unknown>>();
  // @ts-expect-error only an APIError has a status: a ModelwireError must be narrowed further
  void err.status;
}
// @ts-expect-error unknown is not narrowed without a check
void err.code;
if (err instanceof ConnectionError) expectTypeOf(err.requestMayHaveReachedServer).toEqualTypeOf<boolean>();
// undefined when the caller's own signal timed out (AbortSignal.timeout): its limit is not known
if (err instanceof TimeoutError) expectTypeOf(err.timeoutMs).toEqualTypeOf<number | undefined>();
if (err instanceof ResponseValidationError) {
  expectTypeOf(err.issues).toEqualTypeOf<readonly ValidationIssue[]>();
  expectTypeOf(err.issues[0]!.path).toEqualTypeOf<ReadonlyArray<PropertyKey>>();
  expectTypeOf(err.body).toEqualTypeOf<unknown>();
}
if (err instanceof StreamError) expectTypeOf(err.event).toEqualTypeOf<unknown>();
if (err instanceof InvalidRequestError) expectTypeOf(err.path).toEqualTypeOf<string | undefined>();
if (err instanceof LocalModelError) expectTypeOf(err.model).toEqualTypeOf<string | undefined>();
if (err instanceof CircuitOpenError) expectTypeOf(err.retryAtMs).toEqualTypeOf<number>();
for (const E of [BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, InternalServerError]) {
  expectTypeOf(new E({ status: 400 })).toMatchTypeOf<APIError>();
}
expectTypeOf(new AbortError()).toMatchTypeOf<ModelwireError>();
expectTypeOf(new WebhookVerificationError('bad signature')).toMatchTypeOf<ModelwireError>();
expectTypeOf(APIError.fromStatus({ status: 429 })).toEqualTypeOf<APIError>();
// @ts-expect-error an API error is built with a status
new NotFoundError({ body: 'missing' });
// @ts-expect-error a timeout error says which limit passed
new TimeoutError('late', {});
// @ts-expect-error the codes are a closed set
const _code: ErrorCode = 'teapot';

// ---------------------------------------------------------------- request(): responseType selects the result

expectTypeOf(request(client, { ...get, responseType: 'text' })).toEqualTypeOf<Promise<string>>();
expectTypeOf(request(client, { ...get, responseType: 'none' })).toEqualTypeOf<Promise<undefined>>();
expectTypeOf(request(client, { ...get, responseType: 'response' })).toEqualTypeOf<Promise<WireResponse>>();
expectTypeOf(request(client, { ...get, responseType: 'json', schema: Person })).toEqualTypeOf<Promise<PersonT>>();
// parse reads the body itself: its result is the call's
expectTypeOf(request(client, { ...get, parse: async (res: WireResponse) => res.status })).toEqualTypeOf<Promise<number>>();
// a spec made beforehand keeps its declared type
declare const spec: RequestSpec<PersonT>;
expectTypeOf(request(client, spec)).toEqualTypeOf<Promise<PersonT>>();
// @ts-expect-error text is returned as it is: a schema would not be applied, so it cannot type the result
void request(client, { ...get, responseType: 'text', schema: Person });
// @ts-expect-error the body is discarded: a schema would not be applied, so it cannot type the result
void request(client, { ...get, responseType: 'none', schema: Person });
// @ts-expect-error the response is handed back unread: a schema would not be applied
void request(client, { ...get, responseType: 'response', schema: Person });
