/**
 * A model input whose dimension is a fixed 0 (an empty tensor by design) is a fixed size like any
 * other (src/onnx/tensors.ts): the metadata says 0 there, not -1 (dynamic), and a request of another
 * size at that dimension is refused with a path before ONNX Runtime runs, as for any fixed size.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import { metadataShape, toFeeds, type IoMetadata } from '../../src/onnx/tensors.js';

const meta: IoMetadata = { inputs: [{ name: 'x', datatype: 'FP32', shape: [0, 3] }], outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }] };

describe('a fixed 0 dimension', () => {
  it('is read as 0 from the session, symbolic and unknown dimensions as -1', () => {
    expect(metadataShape([0, 'batch', 3, -1])).toEqual([0, -1, 3, -1]);
  });

  it('takes a request of that size, and refuses another size at that dimension', () => {
    const { feeds } = toFeeds({ inputs: [{ name: 'x', datatype: 'FP32', shape: [0, 3], data: new Float32Array(0) }] }, meta, 'empty');
    expect(feeds[0]!.dims).toEqual([0, 3]);
    let err: unknown;
    try {
      toFeeds({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: new Float32Array(3) }] }, meta, 'empty');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('inputs[0].shape[0]');
  });
});
