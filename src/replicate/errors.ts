/**
 * The Replicate-specific error: a prediction or training that ended without success.
 * @module
 */
import { ModelwireError, type ModelwireErrorOptions } from '../core/errors.js';
import { scrub, scrubValue } from '../core/redact.js';

/**
 * A prediction (or training) reached `failed`, `canceled` or `aborted` instead of `succeeded`.
 * `prediction` is the final object as Replicate returned it (its `error` and `logs` included).
 * With `secrets` (`run` passes the client's API key), every occurrence of one is replaced by
 * `[redacted]` in `prediction` (a copy), `message`, `stack` and `toJSON()`, before the error's
 * detail is cut to 500 characters, so a server that echoes the token into `error` leaks no piece of it.
 *
 * @example
 * ```ts
 * try { await run(client, 'acme/flaky', { input: {} }); }
 * catch (err) { if (err instanceof PredictionError) console.log(err.status, err.predictionId, err.prediction.logs); }
 * ```
 */
export class PredictionError extends ModelwireError {
  static override readonly kind: string = 'PredictionError';
  /** Final status: `failed`, `canceled`, `aborted`, or one the SDK does not know (with `completed_at` set). */
  declare readonly status: string;
  /** Id of the prediction that ended without success. */
  declare readonly predictionId: string;
  /** The final prediction object. */
  declare readonly prediction: {
    /** The prediction's id. */
    id: string;
    /** Its final status (`failed`, `canceled`, `aborted`, or one the SDK does not know). */
    status: string;
    /** The error Replicate reported (a string when the status is `failed`), with `secrets` redacted. */
    error?: unknown;
    /** The log output from the model, with `secrets` redacted. */
    logs?: string | null | undefined;
  };

  constructor(
    prediction: {
      /** The prediction's id. */
      id: string;
      /** Its final status. */
      status: string;
      /** The error Replicate reported. */
      error?: unknown;
      /** The log output from the model. */
      logs?: string | null | undefined;
    },
    options: ModelwireErrorOptions & {
      /** Strings replaced by `[redacted]` wherever they occur (`run` passes the client's API key). */
      secrets?: readonly string[] | undefined;
    } = {},
  ) {
    const secrets = options.secrets ?? [];
    const p = scrubValue(prediction, secrets) as typeof prediction;
    const head = `Prediction ${p.id} ${p.status}`;
    const e = p.error;
    // scrubbed whole (object keys too), then cut: a secret cut in half by the slice would no longer be found
    super('prediction_failed', e ? `${head}: ${scrub(typeof e === 'string' ? e : JSON.stringify(e), secrets).slice(0, 500)}` : head, options);
    this.status = p.status;
    this.predictionId = p.id;
    this.prediction = p;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, predictionId: this.predictionId };
  }
}
