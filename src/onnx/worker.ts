/**
 * Source of the pool's worker thread, started with `new Worker(WORKER_SOURCE, { eval: true })`.
 * It is a self-contained CommonJS script (no imports from this package), so the same code works
 * from `src/` under tsx/vitest and from the bundled `dist/` without a separate worker entry.
 *
 * Protocol (one reply per message, matched by `id`):
 *   { id, type: 'open', key, open: { path, options, file? } }     -> { id, ok, meta } (meta.file: the file's identity when loaded)
 *   { id, type: 'run', key, open?, feeds: Feed[], fetches?, quiet? } -> { id, ok, outputs } (buffers transferred both ways;
 *                                                                  quiet: ORT logs nothing for the run, a warm-up)
 *   { id, type: 'release', key }                                  -> { id, ok }
 *   failures                                                      -> { id, ok: false, error: { name, message } }
 *   any message when the ORT module failed to load                -> { id, ok: false, load: true, error: { name, message } }
 *     (or loaded with no InferenceSession/Tensor, on it or its default: error.exports is true)
 * @module
 */

/** Worker thread script (CommonJS, evaluated). `workerData`: `{ modulePath, backend, threads }`. */
export const WORKER_SOURCE = String.raw`'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { readFile, stat } = require('node:fs/promises');
// a module that fails to load is answered on every message (the pool then retires this worker)
let ort;
let loadError;
const isOrt = (m) => !!m && !!m.InferenceSession && typeof m.InferenceSession.create === 'function' && typeof m.Tensor === 'function';
try {
  ort = require(workerData.modulePath);
  // CJS interop: everything may sit on default; a module that is no ORT API is answered like one that did not load
  if (!isOrt(ort) && ort && isOrt(ort.default)) ort = ort.default;
  if (!isOrt(ort)) loadError = { name: 'Error', message: 'no InferenceSession/Tensor export', exports: true };
  else if (workerData.backend === 'web' && ort.env && ort.env.wasm) ort.env.wasm.numThreads = workerData.threads;
} catch (e) {
  loadError = { name: (e && e.name) || 'Error', message: String((e && e.message) || e) };
}
const sessions = new Map();
/** key -> identity of the file each session was created from (size, mtime, inode) */
const files = new Map();
const identity = (s) => ({ size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, dev: s.dev });
const sameFile = (a, b) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;

function open(key, spec) {
  let p = sessions.get(key);
  if (!p) {
    if (!spec) return Promise.reject(new Error('session ' + key + ' is not open in this worker'));
    p = (async () => {
      // spec.file: the file the model was loaded from (in another worker): a copy of another file
      // would answer from another model than the other workers and the metadata the call was checked against
      // (a file that cannot be read fails below, in ONNX Runtime's words, as inline)
      const file = await stat(spec.path).then(identity, () => undefined);
      if (spec.file && file && !sameFile(file, spec.file)) throw new Error('its file changed on disk after the model was loaded (other worker threads hold the earlier file); unload the model to load the new file');
      files.set(key, file);
      // web: the bytes as readFile gave them, no copy (onnxruntime-web copies them into WASM memory)
      const src = workerData.backend === 'web' ? await readFile(spec.path) : spec.path;
      return ort.InferenceSession.create(src, structuredClone(spec.options));
    })();
    sessions.set(key, p);
    p.catch(() => { if (sessions.get(key) === p) sessions.delete(key); });
  }
  return p;
}

function plainMeta(list) {
  return (list || []).map((m) => ({ name: m.name, isTensor: m.isTensor, type: m.type, shape: m.shape ? Array.from(m.shape) : undefined }));
}

// onnxruntime-common re-views float16 data as the global Float16Array where one exists (Node 24+),
// which onnxruntime-node's binding reads as 0 bytes ("not enough space"): hand it the Uint16Array
function tensor(f) {
  const t = new ort.Tensor(f.type, f.data, f.dims);
  if (f.type === 'float16' && t.data !== f.data) t.cpuData = f.data;
  return t;
}

function transferable(data, list) {
  if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && !list.includes(data.buffer)) list.push(data.buffer);
}

async function handle(msg) {
  if (msg.type === 'open') {
    const s = await open(msg.key, msg.open);
    return [{ inputNames: Array.from(s.inputNames), outputNames: Array.from(s.outputNames), inputMetadata: plainMeta(s.inputMetadata), outputMetadata: plainMeta(s.outputMetadata), file: files.get(msg.key) }, []];
  }
  if (msg.type === 'run') {
    const s = await open(msg.key, msg.open);
    const feeds = {};
    for (const f of msg.feeds) feeds[f.name] = tensor(f);
    // a warm-up's failure is ignored: ORT must not print it (log level 4, fatal only)
    const options = msg.quiet ? { logSeverityLevel: 4 } : undefined;
    const res = msg.fetches ? await s.run(feeds, msg.fetches, options) : await s.run(feeds, options);
    const outputs = [];
    const transfer = [];
    for (const name of msg.fetches || s.outputNames) {
      const t = res[name];
      outputs.push({ name, type: t.type, dims: Array.from(t.dims), data: t.data });
      transferable(t.data, transfer);
    }
    return [outputs, transfer];
  }
  if (msg.type === 'release') {
    const p = sessions.get(msg.key);
    sessions.delete(msg.key);
    files.delete(msg.key);
    if (p) {
      const s = await p.catch(() => undefined);
      if (s) await s.release();
    }
    return [undefined, []];
  }
  throw new Error('unknown message ' + msg.type);
}

parentPort.on('message', (msg) => {
  if (loadError) return parentPort.postMessage({ id: msg.id, ok: false, load: true, error: loadError });
  handle(msg).then(
    ([value, transfer]) => {
      const reply = { id: msg.id, ok: true, value };
      try { parentPort.postMessage(reply, transfer); } catch { parentPort.postMessage(reply); }
    },
    (e) => parentPort.postMessage({ id: msg.id, ok: false, error: { name: (e && e.name) || 'Error', message: String((e && e.message) || e) } }),
  );
});
`;
