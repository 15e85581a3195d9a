/**
 * The Replicate-specific error: a prediction or training that ended without success.
 * @module
 */
import { ModelwireError, type ErrorCode, type ModelwireErrorOptions } from '../core/errors.js';

/**
 * A prediction (or training) reached `failed`, `canceled` or `aborted` instead of `succeeded`.
 * `prediction` is the final object as Replicate returned it (its `error` and `logs` included).
 *
 * @example
 * ```ts
 * try { await run(client, 'acme/flaky', { input: {} }); }
 * catch (err) { if (err instanceof PredictionError) console.log(err.status, err.predictionId, err.prediction.logs); }
 * ```
 */
export class PredictionError extends ModelwireError {
  static override readonly kind: string = 'PredictionError';
  /** Final status: `failed`, `canceled` or `aborted`. */
  readonly status: string;
  readonly predictionId: string;
  /** The final prediction object. */
  readonly prediction: { id: string; status: string; error?: unknown; logs?: string | null | undefined };

  constructor(prediction: { id: string; status: string; error?: unknown; logs?: string | null | undefined }, options: ModelwireErrorOptions = {}) {
    const detail = typeof prediction.error === 'string' ? prediction.error : prediction.error ? JSON.stringify(prediction.error) : undefined;
    // 'prediction_failed' is not yet in the core ErrorCode union (reported to the core owner).
    super('prediction_failed' as ErrorCode, `Prediction ${prediction.id} ${prediction.status}${detail ? `: ${detail.slice(0, 500)}` : ''}`, options);
    this.status = prediction.status;
    this.predictionId = prediction.id;
    this.prediction = prediction;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, predictionId: this.predictionId };
  }
}
