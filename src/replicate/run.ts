/**
 * `run`: create a prediction in sync mode, poll if it is still running, and return its output,
 * validated and typed by your Standard Schema. One deadline covers the whole run.
 * @module
 */
import { callSecrets, scrubValidationError, type CallOptions, type Client } from '../core/client.js';
import { abortReason, compositeErrorFor, createCallContext } from '../core/deadline.js';
import { InvalidRequestError } from '../core/errors.js';
import type { AbortError, TimeoutError } from '../core/errors.js';
import { validateInCall, type InferOutput, type StandardSchemaV1 } from '../core/schema.js';
import { PredictionError } from './errors.js';
import { OP_CREATE, postPrediction } from './predictions.js';
import { checkCallback, checkIdempotencyKey, checkInput, checkWebhookOnly, invalid, OWNER_NAME } from './shared.js';
import type { Prediction, PredictionCreateParams, WebhookParams } from './types.js';
import { checkCall, checkNumber } from '../core/check.js';
import { hasEnded, observerErrors, pollPrediction, settleProgress, stopPrediction } from './wait.js';

const OP_RUN = 'replicate.run';
const MODEL_REF = /^(?:([0-9a-f]{64})|([^:]*)(?::([0-9a-zA-Z]+))?)$/i;

/**
 * Options of {@link run}. The core call options apply to the whole run: `retry: false` turns off
 * retries of the create and of every poll (the cancel sent when the run gives up is still retried:
 * cancelling twice changes nothing), and `idempotencyKey` goes with the create only (it needs the
 * client's `idempotencyHeader`, and a base URL other than Replicate's own API, which has none: a
 * proxy that honours it).
 *
 * @example
 * ```ts
 * const opts: RunOptions = { input: { prompt: 'a fox' }, timeoutMs: 120_000, signal: controller.signal };
 * ```
 */
export interface RunOptions extends WebhookParams, Pick<CallOptions, 'signal' | 'timeoutMs' | 'headers' | 'validation' | 'retry' | 'idempotencyKey'> {
  /** The model's input. */
  input: Record<string, unknown>;
  /** Schema for the output (zod, valibot, arktype, …); the result is typed by it. */
  output?: StandardSchemaV1 | undefined;
  /**
   * Sync mode for the create call: `true` (default) holds the request up to 60 s, a number 1–60
   * that many seconds, `false` returns at once and polls. Always shortened to fit the deadline.
   */
  wait?: boolean | number | undefined;
  /**
   * `Cancel-After` for the prediction. Default: the run's deadline (at least 5 s), so Replicate
   * stops the prediction even if this process dies before it can cancel; `false` sends none.
   */
  cancelAfter?: number | string | false | undefined;
  /**
   * Told every prediction state seen (after create and on each poll); a promise it returns is
   * awaited before going on. When it throws (or its promise rejects), `run` cancels the prediction
   * on Replicate (unless it already ended) and rethrows that error.
   */
  onProgress?: ((prediction: Prediction) => void) | undefined;
  /**
   * Polling waits (defaults 250 ms growing to 5000 ms); each must be a number from 1 to 2^31 − 1, or the run
   * is refused with an `InvalidRequestError` naming it before anything is created.
   */
  pollInitialDelayMs?: number | undefined;
  /** Longest polling wait (default 5000 ms); same range as `pollInitialDelayMs`. */
  pollMaxDelayMs?: number | undefined;
}

/**
 * Turns a model reference (`owner/name`, `owner/name:version` or a version id) into create params.
 * @example `parseModelRef('acme/echo', { x: 1 }); // { model: 'acme/echo', input: { x: 1 } }`
 */
export function parseModelRef(ref: string, input: Record<string, unknown>, operation = OP_RUN): PredictionCreateParams {
  if (typeof ref === 'string') {
    // a version id (64 hex digits), else `owner/name` with an optional `:version`
    const [, id, on, version] = MODEL_REF.exec(ref) ?? [];
    if (id) return { version: id, input };
    if (on && OWNER_NAME.test(on)) return version ? { version, input } : { model: ref, input };
  }
  return invalid(operation, 'ref', 'a model reference: "owner/name", "owner/name:version" or a 64-character version id', ref);
}

/**
 * Runs a model and returns its output. Creates the prediction in sync mode (`Prefer: wait`), polls
 * while it is still running, and validates the output with `output` when given. One deadline
 * (`timeoutMs`, default the client's) covers everything; on that deadline or an abort the
 * prediction is cancelled on Replicate and {@link TimeoutError} / {@link AbortError} is thrown.
 * An already-aborted signal throws at once and creates nothing. A prediction that ends `failed`,
 * `canceled`, `aborted` (or a status the SDK does not know, with `completed_at` set) throws {@link PredictionError}.
 *
 * @example
 * ```ts
 * import * as z from 'zod';
 * const urls = await run(client, 'black-forest-labs/flux-schnell', {
 *   input: { prompt: 'a fox in the snow' },
 *   output: z.array(z.string().url()),
 *   timeoutMs: 120_000,
 * });
 * urls[0]; // string
 * ```
 */
export function run<S extends StandardSchemaV1>(
  client: Client,
  ref: string,
  options: RunOptions & {
    /** Schema for the output (zod, valibot, arktype, …); the result is typed by it. */
    output: S;
  },
): Promise<InferOutput<S>>;
export function run(client: Client, ref: string, options: RunOptions): Promise<unknown>;
export async function run(client: Client, ref: string, options: RunOptions): Promise<unknown> {
  if (options?.signal?.aborted) throw abortReason(options.signal, OP_RUN);
  if (!options || typeof options !== 'object') throw new InvalidRequestError(`${OP_RUN}: options with input are required`, { path: 'input', operation: OP_RUN });
  // before the (billable) create: a misspelt option (`timeout`) would leave its default in force, a bad validation mode fail the create
  checkCall(OP_RUN, options, 'input output wait cancelAfter onProgress pollInitialDelayMs pollMaxDelayMs webhook webhook_events_filter');
  checkInput(options.input, OP_RUN);
  const params = { ...parseModelRef(ref, options.input), webhook: options.webhook, webhook_events_filter: options.webhook_events_filter };
  // a wrong output schema or callback would only show after the (billable) prediction ran
  if (options.output && typeof (options.output as Partial<StandardSchemaV1>)['~standard']?.validate !== 'function') {
    invalid(OP_RUN, 'output', 'a Standard Schema', options.output);
  }
  checkCallback(options.onProgress, 'onProgress', OP_RUN);
  // before the (billable) create: a bad polling wait would only bite once it runs
  checkNumber(OP_RUN, 'pollInitialDelayMs', options.pollInitialDelayMs, 1);
  checkNumber(OP_RUN, 'pollMaxDelayMs', options.pollMaxDelayMs, 1);
  checkIdempotencyKey(client, options, OP_RUN);

  const timeoutMs = options.timeoutMs ?? client.timeoutMs;
  const ctx = createCallContext(timeoutMs, options.signal, OP_RUN);
  // the deadline in whole seconds; none when it is infinite or past what Cancel-After can say
  const seconds = Math.ceil(timeoutMs / 1000);
  const cancelAfter = options.cancelAfter === false ? undefined : (options.cancelAfter ?? (seconds <= 2 ** 53 - 1 ? Math.max(5, seconds) : undefined));
  try {
    // what createPrediction would check: the input and the target are checked above (parseModelRef), and run sets no `stream`
    checkWebhookOnly(params, OP_CREATE);
    let prediction = await postPrediction(client, params, {
      signal: ctx.signal,
      timeoutMs: ctx.remaining(),
      headers: options.headers,
      validation: options.validation,
      retry: options.retry,
      idempotencyKey: options.idempotencyKey,
      wait: options.wait ?? true,
      cancelAfter,
    });
    try {
      await settleProgress(options.onProgress, prediction, ctx.signal, OP_RUN);
    } catch (err) {
      // as when it throws on a later state (waitForPrediction): nobody waits for the prediction any more
      if (!hasEnded(prediction)) await stopPrediction(client, prediction.id, options.headers, ctx.signal);
      throw err;
    }
    if (!hasEnded(prediction)) {
      prediction = await pollPrediction(client, prediction.id, {
        signal: ctx.signal,
        timeoutMs: ctx.remaining(),
        headers: options.headers,
        validation: options.validation,
        retry: options.retry,
        onProgress: options.onProgress,
        initialDelayMs: options.pollInitialDelayMs,
        maxDelayMs: options.pollMaxDelayMs,
      });
    }
    if (prediction.status !== 'succeeded') throw new PredictionError(prediction, { operation: OP_RUN, secrets: callSecrets(client, options) });
    // the call's mode, by default the client's: 'off' skips the output schema, any other validates it
    // (validateInCall, which the polls use too, waits for an asynchronous schema as validateAsync would)
    return options.output && (options.validation ?? client.validation) !== 'off'
      ? await validateInCall(options.output, prediction.output, 'strict', OP_RUN)
      : prediction.output;
  } catch (err) {
    // the create and the wait run on this call's deadline: a timeout of theirs is the run's (one
    // onProgress threw is its own)
    throw observerErrors.has(err as object) ? ctx.errorFor(err) : compositeErrorFor(ctx, scrubValidationError(err, callSecrets(client, options)), OP_RUN);
  } finally {
    ctx.dispose();
  }
}
