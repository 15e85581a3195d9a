/**
 * Base64 → bytes → `Float32Array`, web-standard (no Buffer, no per-element `atob`). One table
 * lookup per character, one output allocation per vector, little-endian float32 as servers send it.
 * @module
 */

const INVALID = 255;
/** Character code → 6-bit value (`INVALID` for anything else); accepts the url-safe alphabet too. */
const TABLE: Uint8Array = /* @__PURE__ */ (() => {
  const t = new Uint8Array(256).fill(INVALID);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  t[45] = 62; // '-'
  t[95] = 63; // '_'
  return t;
})();

const LITTLE_ENDIAN: boolean = /* @__PURE__ */ new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes base64 (standard or url-safe alphabet, padding optional) into bytes.
 * Throws a `TypeError` naming the position of the first character that is not base64.
 *
 * @example
 * ```ts
 * decodeBase64('AAECAw=='); // Uint8Array [0, 1, 2, 3]
 * ```
 */
export function decodeBase64(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  const rem = end & 3;
  if (rem === 1) throw new TypeError(`invalid base64: length ${text.length} cannot encode whole bytes`);
  const out = new Uint8Array(((end >> 2) * 3) + (rem === 0 ? 0 : rem - 1));
  const full = end - rem;
  let bad = 0;
  let o = 0;
  let i = 0;
  for (; i < full; i += 4) {
    const a = (TABLE[text.charCodeAt(i)] ?? INVALID);
    const b = (TABLE[text.charCodeAt(i + 1)] ?? INVALID);
    const c = (TABLE[text.charCodeAt(i + 2)] ?? INVALID);
    const d = (TABLE[text.charCodeAt(i + 3)] ?? INVALID);
    bad |= a | b | c | d;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  if (rem > 0) {
    const a = (TABLE[text.charCodeAt(i)] ?? INVALID);
    const b = (TABLE[text.charCodeAt(i + 1)] ?? INVALID);
    bad |= a | b;
    out[o++] = (a << 2) | (b >> 4);
    if (rem === 3) {
      const c = (TABLE[text.charCodeAt(i + 2)] ?? INVALID);
      bad |= c;
      out[o++] = ((b & 15) << 4) | (c >> 2);
    }
  }
  // every valid value is < 64, so bit 6 or 7 set anywhere means some character was not base64
  if (bad & 0xc0) {
    for (let j = 0; j < end; j++) {
      const code = text.charCodeAt(j);
      if (code > 255 || TABLE[code] === INVALID) throw new TypeError(`invalid base64: character ${JSON.stringify(text[j])} at position ${j}`);
    }
  }
  return out;
}

/**
 * Decodes a base64 string of little-endian float32 values (what `encoding_format: 'base64'`
 * returns) straight into a `Float32Array`.
 *
 * @example
 * ```ts
 * const v = decodeBase64Float32(item.embedding as string); // Float32Array(1536)
 * ```
 */
export function decodeBase64Float32(text: string): Float32Array {
  const bytes = decodeBase64(text);
  if (bytes.byteLength % 4 !== 0) throw new TypeError(`invalid float32 base64: ${bytes.byteLength} bytes is not a multiple of 4`);
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer, 0, bytes.byteLength >> 2);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.byteLength >> 2);
  for (let k = 0; k < out.length; k++) out[k] = view.getFloat32(k * 4, true);
  return out;
}
