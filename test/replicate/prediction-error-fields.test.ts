/**
 * `PredictionError`: the error a prediction or training that ended `failed`/`canceled`/`aborted`
 * becomes. Its name and code say what kind it is (also across package copies, by its brand), its
 * message names the prediction, its final status and Replicate's `error` (an object error as JSON,
 * none when there is none), and `toJSON()` carries `status` and `predictionId` next to the core
 * fields; with no `secrets` the prediction is kept as sent.
 */
import { describe, expect, it } from 'vitest';
import { isModelwireError, ModelwireError } from '../../src/index.js';
import { PredictionError } from '../../src/replicate/index.js';

describe('PredictionError', () => {
  it('names itself, has the prediction_failed code and is a ModelwireError', () => {
    const err = new PredictionError({ id: 'p1', status: 'failed', error: 'boom' }, { operation: 'replicate.run' });
    expect(err.name).toBe('PredictionError');
    expect(err.code).toBe('prediction_failed');
    expect(err).toBeInstanceOf(ModelwireError);
    expect(isModelwireError(err)).toBe(true);
    expect(err.operation).toBe('replicate.run');
    // the brand, not only the prototype chain: a plain ModelwireError is no PredictionError
    expect(new ModelwireError('prediction_failed', 'x')).not.toBeInstanceOf(PredictionError);
  });

  it('message: id and status, then a string error as it is', () => {
    const err = new PredictionError({ id: 'p1', status: 'failed', error: 'CUDA out of memory', logs: 'trace' });
    expect(err.message).toMatch(/\bp1\b.*\bfailed\b.*CUDA out of memory$/);
    expect(err.status).toBe('failed');
    expect(err.predictionId).toBe('p1');
    expect(err.prediction).toEqual({ id: 'p1', status: 'failed', error: 'CUDA out of memory', logs: 'trace' });
  });

  it('message: an object error as JSON, and no detail when there is no error', () => {
    expect(new PredictionError({ id: 'p2', status: 'failed', error: { detail: 'bad input', field: 'prompt' } }).message).toMatch(
      /\bp2\b.*\bfailed\b.*\{"detail":"bad input","field":"prompt"\}$/,
    );
    // nothing after the status: no ": null", no ": undefined"
    expect(new PredictionError({ id: 'p3', status: 'canceled', error: null }).message).toMatch(/\bp3\b.*\bcanceled$/);
    expect(new PredictionError({ id: 'p4', status: 'aborted' }).message).toMatch(/\bp4\b.*\baborted$/);
  });

  it('cuts the detail to 500 characters', () => {
    const err = new PredictionError({ id: 'p5', status: 'failed', error: 'e'.repeat(2000) });
    expect(err.message).toMatch(/[^e]e{500}$/);
  });

  it('toJSON() adds status and predictionId to the core fields', () => {
    const err = new PredictionError({ id: 'p6', status: 'canceled' }, { operation: 'replicate.wait' });
    expect(err.toJSON()).toEqual({ name: 'PredictionError', code: 'prediction_failed', message: err.message, operation: 'replicate.wait', status: 'canceled', predictionId: 'p6' });
  });
});
