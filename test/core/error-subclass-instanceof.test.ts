/**
 * `instanceof` on the error classes is a brand check so that it works across two copies of the
 * package (docs/core.md "Errors"). A class an application derives from them without a brand of
 * its own must still answer `instanceof` like any JavaScript class: true for its own instances,
 * false for the SDK's errors it did not make.
 */
import { describe, expect, it } from 'vitest';
import { APIError, ModelwireError, NotFoundError, TimeoutError, type APIErrorInit } from '../../src/index.js';

class AppApiError extends APIError {
  constructor(init: APIErrorInit) {
    super('api_error', init);
  }
}
class AppError extends ModelwireError {}

describe('a subclass defined by the application', () => {
  it('recognises its own instances, which are also the SDK classes they extend', () => {
    const mine = new AppApiError({ status: 499 });
    expect(mine).toBeInstanceOf(AppApiError);
    expect(mine).toBeInstanceOf(APIError);
    expect(mine).toBeInstanceOf(ModelwireError);
    expect(new AppError('api_error', 'x')).toBeInstanceOf(AppError);
  });

  it('does not claim SDK errors it did not make', () => {
    expect(new NotFoundError({ status: 404 })).not.toBeInstanceOf(AppApiError);
    expect(APIError.fromStatus({ status: 418 })).not.toBeInstanceOf(AppApiError);
    expect(new TimeoutError('late', { timeoutMs: 1 })).not.toBeInstanceOf(AppError);
    expect(new AppError('api_error', 'x')).not.toBeInstanceOf(AppApiError);
  });
});
