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

describe('onnx: a BYTES input element that starts with EF BB BF', () => {
  it('keeps those bytes (U+FEFF is data, not a byte order mark), as the remote client sends them', async () => {
    const text: InputTensor = { name: 'text', datatype: 'BYTES', shape: [2], data: [Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), Uint8Array.of(0x62)] };
    // the remote JSON codec sends the element as U+FEFF followed by "a"
    expect(JSON.parse(encodeJsonData(text, 0))).toEqual(['\uFEFFa', 'b']);
    const rt = runtime();
    const res = await rt.infer('strings', { inputs: [text] });
    // before the fix: ['A', 'B'] — the byte array's leading EF BB BF was dropped as a BOM
    expect(res.outputs[0]!.data).toEqual(['\uFEFFA', 'B']);
  });
});

describe('onnx: a BYTES string holding a lone surrogate', () => {
  it('is refused at its element before ORT runs, as the remote client refuses it (ORT would run on U+FFFD)', async () => {
    const text: InputTensor = { name: 'text', datatype: 'BYTES', shape: [3], data: ['a', '\u{1F600}', 'b\uD800'] };
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const outcome = await rt.infer('strings', { inputs: [text] }).then(
      (res) => res.outputs[0]!.data, // before the fix: ['A', '\u{1F600}', 'B\uFFFD']
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(InvalidRequestError);
    expect((outcome as InvalidRequestError).path).toBe('inputs[0].data[2]');
    expect(stats.runs).toBe(0);
    // a surrogate pair is a whole code point and runs
    const ok = await rt.infer('strings', { inputs: [{ ...text, data: ['a', '\u{1F600}', 'b'] }] });
    expect(ok.outputs[0]!.data).toEqual(['A', '\u{1F600}', 'B']);
  });
});
