/**
 * The messages of src/core/deadline.ts: abortReason without an operation says "The operation", and
 * a signal that is no AbortSignal is refused with a message naming the operation.
 */
import { describe, expect, it } from 'vitest';
import { abortReason, createCallContext } from '../../src/core/deadline.js';
import { AbortError, InvalidRequestError, TimeoutError } from '../../src/core/errors.js';

describe('abortReason without an operation', () => {
  it('an abort says "The operation was aborted"', () => {
    const controller = new AbortController();
    controller.abort('stop');
    const err = abortReason(controller.signal);
    expect(err).toBeInstanceOf(AbortError);
    expect(err.message).toBe('The operation was aborted');
    expect(err.cause).toBe('stop');
  });

  it('a TimeoutError reason (AbortSignal.timeout) says "The operation timed out"', () => {
    const controller = new AbortController();
    const reason = new DOMException('signal timed out', 'TimeoutError');
    controller.abort(reason);
    const err = abortReason(controller.signal);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toBe('The operation timed out');
    expect(err.cause).toBe(reason);
  });
});

it('a signal that is no AbortSignal is refused, naming the operation and the path', () => {
  let thrown: unknown;
  try {
    createCallContext(1000, {} as AbortSignal, 'test.op');
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvalidRequestError);
  expect(thrown).toMatchObject({ operation: 'test.op', path: 'signal', message: 'test.op: signal must be an AbortSignal' });
});
