/**
 * docs/onnx.md (Tensors and datatypes): BYTES inputs are `string[]` or `Uint8Array[]` **(UTF-8)**, and
 * "before ORT sees a request, every input is checked ... and rejected with an InvalidRequestError whose
 * path points at the problem". onnxruntime-node's string tensors take JS strings only, so byte arrays
 * are decoded; tensors.ts decodes them with a non-fatal TextDecoder, so bytes that are not UTF-8 are
 * silently replaced by U+FFFD and the model runs on altered data. The remote OIP client refuses the
 * same request (json-codec.ts: "non-UTF-8 BYTES" -> InvalidRequestError), so the same InferenceRequest
 * fails remotely and silently changes meaning locally.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import { encodeJsonData } from '../../src/oip/json-codec.js';
import type { InputTensor } from '../../src/oip/types.js';
import { countingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();

describe('onnx: BYTES inputs that are not UTF-8', () => {
  it('are refused with InvalidRequestError (path inputs[0].data[1]) before ORT runs, as the remote JSON codec does', async () => {
    const text: InputTensor = { name: 'text', datatype: 'BYTES', shape: [2], data: [Uint8Array.of(0x61), Uint8Array.of(0xff, 0x61)] };
    // the remote client refuses it
    expect(() => encodeJsonData(text, 0)).toThrow(InvalidRequestError);

    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const outcome = await rt.infer('strings', { inputs: [text] }).then(
      (res) => res.outputs[0]!.data, // before the fix: ['A', '\uFFFDA'] — the 0xff byte was silently replaced
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(InvalidRequestError);
    expect((outcome as InvalidRequestError).path).toBe('inputs[0].data[1]');
    expect(stats.runs).toBe(0);
  });
});
