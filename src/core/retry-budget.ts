import { checkNumber, checkOptions } from './check.js';

/**
 * A token bucket that stops retry storms: each retry spends one token, each success returns a
 * fraction of one. When the bucket is empty, failures surface at once instead of being retried.
 *
 * The retry policy spends the token when it decides to retry, before the backoff wait, so calls
 * failing meanwhile find the bucket emptied at once. A retry that is then never sent (the call is
 * aborted or its deadline passes during the wait, `onRetry` throws, a stream is stopped while its
 * reconnect waits) gives its token back through `refund()` when the budget has one (the built-in
 * one does). Every successful answer (status below 400) refills, a call made with `retry: false` included.
 *
 * @example
 * ```ts
 * const budget = createRetryBudget({ capacity: 10, refillPerSuccess: 0.1 });
 * if (budget.trySpend()) {
 *   try {
 *     await sleep(backoff, signal);
 *   } catch (err) {
 *     budget.refund?.(); // the retry is not sent
 *     throw err;
 *   }
 *   await retry();
 * }
 * ```
 */
export interface RetryBudget {
  /** Takes one token; false when none is left. */
  trySpend(): boolean;
  /** Records a success (refills a fraction of a token). */
  recordSuccess(): void;
  /**
   * Optional: gives back the token a `trySpend()` took for a retry that was never sent. Without it,
   * such a token stays spent (a budget of your own written before it keeps working).
   *
   * @example
   * ```ts
   * const budget: RetryBudget = { trySpend: () => take(), recordSuccess: () => fill(0.1), refund: () => fill(1), get tokens() { return left(); } };
   * ```
   */
  refund?: (() => void) | undefined;
  /** Tokens left. */
  readonly tokens: number;
}

/**
 * Options of {@link createRetryBudget}.
 *
 * @example
 * ```ts
 * const budget = createRetryBudget({ capacity: 20, refillPerSuccess: 0.2 });
 * ```
 */
export interface RetryBudgetOptions {
  /** Most tokens the bucket holds (default 10). */
  capacity?: number | undefined;
  /** Tokens a success returns (default 0.1). */
  refillPerSuccess?: number | undefined;
}

/**
 * Creates a retry budget. One per client by default. Throws `InvalidRequestError` (`path` =
 * the option) for a `capacity` or `refillPerSuccess` that is not a number ≥ 0 (`Infinity` allowed),
 * and for an option name it does not know. (NaN used to leave a budget that allowed no retry.)
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL, retry: { budget: createRetryBudget({ capacity: 5 }) } });
 * ```
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const OP = 'createRetryBudget';
  checkOptions(OP, options, 'capacity refillPerSuccess');
  checkNumber(OP, 'capacity', options.capacity, 0, Infinity);
  checkNumber(OP, 'refillPerSuccess', options.refillPerSuccess, 0, Infinity);
  return retryBudget(options.capacity, options.refillPerSuccess);
}

/**
 * @internal A retry budget of checked settings (the defaults for `undefined`): the default budget
 * of a client, without {@link createRetryBudget}'s checks of options it is not given.
 *
 * @example
 * ```ts
 * const budget = retryBudget(); // 10 tokens, 0.1 back per success
 * ```
 */
export function retryBudget(capacity = 10, refill = 0.1): RetryBudget {
  let tokens = capacity;
  return {
    trySpend() {
      if (tokens < 1) return false;
      tokens--;
      return true;
    },
    recordSuccess() {
      // summed in floating point, ten refills of 0.1 make 0.9999999999999999, which is no token: a
      // sum within a millionth of a refill of a whole number is that number. Never above capacity
      const sum = tokens + refill;
      const whole = Math.round(sum);
      tokens = Math.min(capacity, Math.abs(sum - whole) < refill / 1e6 ? whole : sum);
    },
    refund() {
      tokens = Math.min(capacity, tokens + 1);
    },
    get tokens() {
      return tokens;
    },
  };
}
