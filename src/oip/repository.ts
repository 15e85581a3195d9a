/**
 * Deployments through the model repository extension: load (with an optional configuration
 * override), unload, and waiting until a model is ready, all bounded by one deadline.
 * Load and unload are not idempotent: they are never retried blind.
 * @module
 */
import { request } from '../core/client.js';
import { ConnectionError, InvalidRequestError, named, TimeoutError } from '../core/errors.js';
import { compositeErrorFor, createCallContext } from '../core/deadline.js';
import { CALL_OPTIONS, checkNumber, checkOptions } from '../core/check.js';
import { poll } from '../core/poll.js';
import { coreOf, modelPath, type OipClientLike } from './connection.js';
import { isObject } from '../core/check.js';
import { pathOf, readyProbe } from './models.js';
import { parseRetryAfter } from '../core/retry-after.js';
import { sleep } from '../core/sleep.js';
import { checkFinite } from './tensor.js';
import type { LoadOptions, ModelCallOptions, Parameters, UnloadOptions } from './types.js';

/** The path of `action` on `model`, and its body with `parameters`, named `operation` when refused. */
function repositoryRequest(model: string, action: 'load' | 'unload', operation: string, parameters: () => Parameters | undefined): { path: string; body: unknown } {
  try {
    const params = parameters();
    modelPath(model); // validates the name
    return { path: `/v2/repository/models/${encodeURIComponent(model)}/${action}`, body: params === undefined ? {} : { parameters: params } };
  } catch (err) {
    throw named(err, operation);
  }
}

/**
 * Options of {@link waitUntilReady}.
 *
 * @example
 * ```ts
 * await waitUntilReady(client, 'mlp', { timeoutMs: 30_000, intervalMs: 200 });
 * ```
 */
export interface WaitUntilReadyOptions extends ModelCallOptions {
  /**
   * First wait between polls (default 100 ms, growing 1.5× up to 2 s; a longer interval stays as
   * it is): a number from 1 to 2^31 − 1.
   * Anything else (NaN, 0, negative) is refused with an `InvalidRequestError` (`path: 'intervalMs'`)
   * before the first request.
   */
  intervalMs?: number | undefined;
}

/**
 * Polls `GET /v2/models/{name}/ready` until it answers 200, within the deadline (`timeoutMs`,
 * default the client's) and the signal. A probe that cannot reach the server (refused, reset) or
 * gets no answer within its own `timeoutMs` (the client's) counts as not ready; a not-ready status
 * with a `Retry-After` of 0 to 60 s is waited out whole before the next probe. Throws
 * `TimeoutError` when the model never became ready (its `cause` the last probe's `ConnectionError`
 * or `TimeoutError` when that one failed so), and
 * `InvalidRequestError` (nothing sent) for an `intervalMs` that is not a number from 1 to 2^31 − 1.
 *
 * @example
 * ```ts
 * await waitUntilReady(client, 'mlp', { timeoutMs: 60_000 });
 * ```
 */
export async function waitUntilReady(client: OipClientLike, model: string, options?: WaitUntilReadyOptions): Promise<void> {
  options ??= {};
  const core = coreOf(client);
  const operation = 'oip.models.waitUntilReady';
  checkOptions(operation, options, `${CALL_OPTIONS} version intervalMs`);
  checkNumber(operation, 'intervalMs', options.intervalMs, 1);
  // a name or version is refused here, naming the wait, not by its first probe (oip.models.ready)
  pathOf(operation, model, options.version);
  // the last probe's failure to connect or to answer in time, told by the TimeoutError at the deadline
  let failed: ConnectionError | TimeoutError | undefined;
  // the Retry-After of the last probe's "not ready" status (a 503 or 429): 0 to 60 s, as the retry policy honours
  let hint: number | undefined;
  try {
    await poll({
      // every call option but the deadline (the polling's) reaches each probe: a bad validation mode
      // or an idempotencyKey without the client's idempotencyHeader is refused, as by every operation
      fetch: (signal) =>
        readyProbe(
          client,
          model,
          { version: options.version, headers: options.headers, validation: options.validation, idempotencyKey: options.idempotencyKey, signal },
          (err) => (hint = parseRetryAfter(new Headers(err.headers))),
        ).then(
          async (ready) => {
            failed = undefined;
            // waited out whole: poll would cut a hint to the 2 s the backoff grows to
            if (hint) await sleep(hint, signal);
            return ready;
          },
          (err: unknown) => {
            // a server not reached (still starting, restarting, a reset) or too slow for the probe's
            // own timeoutMs (the client's; the wait's may be longer) is not ready yet: polled on, as a
            // readiness probe would (a probe is never retried: one reset would end the wait). The
            // wait's own deadline and signal end polling through `signal`, not through this error.
            if (!(err instanceof ConnectionError || err instanceof TimeoutError)) throw err;
            failed = err;
            return false;
          },
        ),
      done: (ready) => ready,
      // after a hint waited out, the next probe goes out after intervalMs; the hint is read once
      hintMs: () => {
        const h = hint && 0;
        hint = undefined;
        return h;
      },
      initialDelayMs: options.intervalMs ?? 100,
      // the growth stops at 2 s; a longer first wait asked for is kept
      maxDelayMs: Math.max(2000, options.intervalMs ?? 0),
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? core.timeoutMs,
      operation,
    });
  } catch (err) {
    if (failed && err instanceof TimeoutError && err.operation === operation) {
      throw new TimeoutError(`${err.message}; its last probe failed: ${failed.message}`, { operation, timeoutMs: err.timeoutMs, cause: failed });
    }
    throw err;
  }
}

/** Refuses an option of the wrong kind (a function `config` would be dropped by JSON, a string `parameters` spread into characters). */
function checkKind(ok: boolean, path: string, what: string): void {
  if (!ok) throw new InvalidRequestError(`${path} must be ${what}`, { path });
}

/**
 * JSON text of `value`, refusing what JSON cannot carry as it is: a BigInt or a cycle (JSON.stringify
 * throws a bare TypeError), a NaN or ±Infinity (written as null: another setting).
 */
function toJson(value: unknown, path: string): string {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new InvalidRequestError(`${path} cannot be sent as JSON: ${(err as Error).message}`, { path });
  }
  checkFinite(value, path);
  return text;
}

function loadParameters(options: LoadOptions): Parameters | undefined {
  checkKind(options.parameters === undefined || isObject(options.parameters), 'parameters', 'an object');
  checkKind(options.config === undefined || typeof options.config === 'string' || isObject(options.config), 'config', 'a JSON string or an object');
  // Triton reads each load parameter as a string (a number or boolean fails the load with a 400);
  // all strings, they are JSON-safe
  for (const k in options.parameters) checkKind(typeof options.parameters[k] === 'string', `parameters.${k}`, 'a string (load parameters are: config as JSON text, file:<version>/<name> as base64)');
  let params: Parameters | undefined = options.parameters ? { ...options.parameters } : undefined;
  if (options.config !== undefined) {
    params ??= {};
    params.config = typeof options.config === 'string' ? options.config : toJson(options.config, 'config');
  }
  return params;
}

function unloadParameters(options: UnloadOptions): Parameters | undefined {
  checkKind(options.parameters === undefined || isObject(options.parameters), 'parameters', 'an object');
  checkKind(options.unloadDependents === undefined || typeof options.unloadDependents === 'boolean', 'unloadDependents', 'a boolean');
  if (options.parameters) toJson(options.parameters, 'parameters');
  let params: Parameters | undefined = options.parameters ? { ...options.parameters } : undefined;
  if (options.unloadDependents !== undefined) (params ??= {}).unload_dependents = options.unloadDependents;
  return params;
}

/**
 * Loads (or reloads) a model through the repository extension
 * (`POST /v2/repository/models/{name}/load`). `config` overrides the model configuration (sent as
 * Triton's `config` parameter, JSON text). By default it then waits until the model is ready; the
 * load and the wait share one deadline. Not idempotent, so never retried blind: only a request that
 * never reached the server (connection refused, DNS failure) is repeated, not one a 5xx or a reset
 * answered.
 *
 * @example
 * ```ts
 * await loadModel(client, 'mlp', { config: { max_batch_size: 8 }, timeoutMs: 30_000 });
 * ```
 */
export async function loadModel(client: OipClientLike, model: string, options?: LoadOptions): Promise<void> {
  options ??= {};
  const core = coreOf(client);
  const operation = 'oip.deployments.load';
  const { path, body } = repositoryRequest(model, 'load', operation, () => loadParameters(options));
  const ctx = createCallContext(options.timeoutMs ?? core.timeoutMs, options.signal, operation);
  try {
    await request(
      core,
      {
        method: 'POST',
        path,
        body,
        operation,
        options: 'config parameters waitUntilReady',
        responseType: 'none',
      },
      { ...options, signal: ctx.signal, timeoutMs: ctx.remaining() },
    );
    if (options.waitUntilReady !== false) {
      await waitUntilReady(client, model, { headers: options.headers, signal: ctx.signal, timeoutMs: ctx.remaining() });
    }
  } catch (err) {
    // the request and the readiness wait run on the load's deadline: a timeout of theirs is the load's
    throw compositeErrorFor(ctx, err, operation);
  } finally {
    ctx.dispose();
  }
}

/**
 * Unloads a model (`POST /v2/repository/models/{name}/unload`); `unloadDependents` sends Triton's
 * `unload_dependents` parameter. Like a load, retried only when the request never reached the server.
 *
 * @example
 * ```ts
 * await unloadModel(client, 'mlp');
 * ```
 */
export async function unloadModel(client: OipClientLike, model: string, options?: UnloadOptions): Promise<void> {
  options ??= {};
  const operation = 'oip.deployments.unload';
  const { path, body } = repositoryRequest(model, 'unload', operation, () => unloadParameters(options));
  await request(coreOf(client), { method: 'POST', path, body, operation, options: 'parameters unloadDependents', responseType: 'none' }, options);
}
