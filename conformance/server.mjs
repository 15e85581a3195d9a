// Loopback test server for the runtime conformance suite (node:http, 127.0.0.1 only).
// It behaves like the platforms modelwire speaks, with the faults the checks need:
//   POST /json                       echo JSON
//   GET  /sse                        5 SSE events 40 ms apart (multibyte UTF-8), then `data: [DONE]`
//   GET  /sse-stall                  1 event, then silence (deadline over a whole stream)
//   GET  /slow                       answers after 5 s (abort / deadline)
//   ANY  /flaky?key=K&fail=N[&wait=MS]  503 for the first N hits of key K, then 200 {ok, hits}; x-request-id on
//                                    each answer, retry-after-ms: MS on each 503 when asked
//   GET  /ack?stream=<id>&n=<k>      the client got value k of lockstep stream <id> (see writePaced)
//   GET  /lockstep?stream=<id>       { acked, brokenAt, waitMs } of lockstep stream <id>; brokenAt: the value whose ack never came
//   GET  /closed?stream=<id>         answers once lockstep stream <id>'s response closed: { closedEarly } (the client cancelled it)
//   GET  /no-cors?key=K              200 JSON without any CORS header (counted as a hit of K)
//   GET  /hits?key=K                 how many times /flaky, /reset-after-body or a flaky model saw key K
//   POST /reset-after-body?key=K     reads the whole request, counts it, then resets the connection (no answer)
//   GET  /status/<code>              that status with a JSON error body
//   GET  /webhook-sample             a Standard-Webhooks (Replicate) signed delivery, signed here with node:crypto
//   POST /v2/models/<m>/infer        OIP v2 inference (JSON or Triton binary tensors); models: mlp, slow, flaky-<key>
//   POST /v2/models/<m>/generate_stream   OIP generate extension as SSE
//   POST /v1/chat/completions        OpenAI-compatible chat (JSON or SSE stream); model "flaky-<key>" -> 503 first
//   POST /v1/predictions, /v1/models/<o>/<n>/predictions, GET /v1/predictions/<id>, GET /v1/stream/<id>   Replicate
//   POST /v1/files                   Replicate file upload (multipart); metadata is read from the file parts only,
//                                    and a part with filename="" is a plain field there, as Django reads it;
//                                    content_type is the spec's `type` field
//   GET  /<file>                     static files from the given roots (the Chromium page and bundles)
//   CONNECT 127.0.0.1:<port>         a forward proxy's tunnel, to this server only; each CONNECT counts as a hit of
//                                    key `connect:<Proxy-Authorization>` (GET /hits?key=… reads it)
// The streams (/sse, generate_stream, a streamed chat, /v1/stream/<id>) are written in lockstep with the
// client's acks instead of on a timer when the request carries `x-conformance-lockstep: <id>` (writePaced).
// Usage: node server.mjs [port]   (prints "PORT <n>"), or import { startServer }.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const hits = new Map();
function hit(key) {
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return n;
}

// The second listener (startServer's `crossOriginUrl`) is a server of another origin that lists no
// Access-Control-Expose-Headers: a browser then shows a script only the CORS-safelisted response headers.
const hidesHeaders = new WeakSet();
function cors(req) {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    ...(hidesHeaders.has(req) ? {} : { 'access-control-expose-headers': '*' }),
  };
}

function sendJson(req, res, status, body, extra = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...cors(req), ...extra });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---- Streams in lockstep (the conformance checks' proof that a runtime streams a body).
// A stream request carrying `x-conformance-lockstep: <id>` is written in lockstep: the server writes
// chunk k+1 only once the client acknowledged value k (GET /ack?stream=<id>&n=<k>, sent from inside
// its read loop). A runtime that buffers the body cannot acknowledge anything before the body ends,
// so after LOCKSTEP_WAIT_MS without the ack the server writes the rest at once and records where the
// lockstep broke (GET /lockstep?stream=<id>). Without the header, chunks go out `gapMs` apart (the examples).
const LOCKSTEP_HEADER = 'x-conformance-lockstep';
const LOCKSTEP_WAIT_MS = 5000;
const lockstep = new Map(); // stream id -> { acked, brokenAt, wake, closed, closedEarly, onClose }
function lockstepOf(id) {
  if (!lockstep.has(id)) lockstep.set(id, { acked: 0, brokenAt: null, wake: null, closed: false, closedEarly: false, onClose: [] });
  return lockstep.get(id);
}
/** Resolves once value k of the stream was acknowledged, or after LOCKSTEP_WAIT_MS (then the lockstep is broken for good). */
function ackOf(state, k, closed) {
  if (state.acked >= k || state.brokenAt !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      state.wake = null;
      resolve();
    };
    const timer = setTimeout(() => {
      if (!closed()) state.brokenAt = k;
      done();
    }, LOCKSTEP_WAIT_MS);
    state.wake = () => (state.acked >= k || closed()) && done();
  });
}

/** Writes `chunks` (whole SSE events) one by one, in lockstep when the request asks for it, else `gapMs` apart. */
async function writePaced(req, res, chunks, gapMs) {
  const id = req.headers[LOCKSTEP_HEADER];
  const state = id ? lockstepOf(String(id)) : null;
  let closed = false;
  res.on('close', () => {
    closed = true;
    state?.wake?.();
    if (state) {
      // closed before the server ended it: the client cancelled the body (or lost the connection)
      state.closedEarly = !res.writableEnded;
      state.closed = true;
      for (const f of state.onClose.splice(0)) f();
    }
  });
  for (let k = 0; k < chunks.length && !closed; k++) {
    if (k > 0) await (state ? ackOf(state, k, () => closed) : new Promise((r) => setTimeout(r, gapMs)));
    if (!closed) res.write(chunks[k]);
  }
  if (!closed) res.end();
}

function sse(req, res, events, gapMs, done = '[DONE]') {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...cors(req) });
  res.flushHeaders();
  const chunks = events.map((e, i) => `id: ${i + 1}\ndata: ${JSON.stringify(e)}\n\n`);
  if (done !== null) chunks.push(`data: ${done}\n\n`);
  return writePaced(req, res, chunks, gapMs);
}

const UTF8 = 'h\u00e9llo \u2713';

// ---- Standard Webhooks (what Replicate sends): v1,<base64 HMAC-SHA256(key, `${id}.${ts}.${body}`)>, key = base64 after `whsec_`.
function webhookSample() {
  const key = randomBytes(24);
  const secret = `whsec_${key.toString('base64')}`;
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = JSON.stringify({ id: 'p1', status: 'succeeded', output: ['h\u00e9llo \u2713'] });
  const signature = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  return { secret, id, timestamp, body, signature, sha256_abc: createHash('sha256').update('abc').digest('hex') };
}

// ---- Open Inference Protocol v2 (subset): y = [sum(x), max(x)] as FP32 [1, 2].
function oipOutputs(inputs) {
  const x = inputs[0];
  const data = Array.from(x.data);
  return [{ name: 'y', datatype: 'FP32', shape: [1, 2], data: [data.reduce((a, b) => a + b, 0), Math.max(...data)] }];
}

function decodeOipRequest(req, raw) {
  const headerLength = req.headers['inference-header-content-length'];
  if (headerLength === undefined) return { request: JSON.parse(raw.toString('utf8')), binary: false };
  const n = Number(headerLength);
  const request = JSON.parse(raw.subarray(0, n).toString('utf8'));
  let off = n;
  for (const input of request.inputs) {
    const size = input.parameters?.binary_data_size;
    if (size === undefined) continue;
    const bytes = raw.subarray(off, off + size);
    off += size;
    if (input.datatype !== 'FP32') throw new Error('conformance server decodes FP32 only');
    const copy = new Uint8Array(bytes); // aligned copy
    input.data = Array.from(new Float32Array(copy.buffer, 0, size / 4));
  }
  if (off !== raw.length) throw new Error(`${raw.length - off} unclaimed bytes`);
  return { request, binary: true };
}

async function oipInfer(req, res, model, raw) {
  if (model === 'slow') return void setTimeout(() => !res.writableEnded && sendJson(req, res, 200, {}), 5000);
  if (model.startsWith('flaky-') && hit(model) === 1) return sendJson(req, res, 503, { error: 'model is warming up' });
  let decoded;
  try {
    decoded = decodeOipRequest(req, raw);
  } catch (e) {
    return sendJson(req, res, 400, { error: `bad request: ${e.message}` });
  }
  const { request } = decoded;
  const outputs = oipOutputs(request.inputs);
  const wantBinary = request.parameters?.binary_data_output === true || request.outputs?.some((o) => o.parameters?.binary_data === true);
  const envelope = { model_name: model, model_version: '1', id: request.id, outputs };
  if (!wantBinary) return sendJson(req, res, 200, envelope);
  const blobs = [];
  for (const o of outputs) {
    const bytes = Buffer.from(new Float32Array(o.data).buffer);
    o.parameters = { binary_data_size: bytes.length };
    delete o.data;
    blobs.push(bytes);
  }
  const header = Buffer.from(JSON.stringify(envelope));
  const body = Buffer.concat([header, ...blobs]);
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'inference-header-content-length': String(header.length),
    'content-length': body.length,
    ...cors(req),
  });
  res.end(body);
}

// ---- OpenAI-compatible chat completions.
const CHAT_WORDS = ['h\u00e9llo', ' ', 'w\u00f6rld', ' ', '\u2713'];
function chatCompletion(req, res, body) {
  const model = String(body.model ?? '');
  if (model.startsWith('flaky-') && hit(model) === 1) return sendJson(req, res, 503, { error: { message: 'overloaded', type: 'server_error' } });
  if (model === 'slow') return void setTimeout(() => !res.writableEnded && sendJson(req, res, 200, {}), 5000);
  const created = Math.floor(Date.now() / 1000);
  const last = body.messages?.at(-1)?.content ?? '';
  if (!body.stream) {
    return sendJson(req, res, 200, {
      id: 'chatcmpl-conf',
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: `echo: ${last}`, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
  }
  const chunk = (delta, finish = null) => ({ id: 'chatcmpl-conf', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
  const events = [chunk({ role: 'assistant', content: '' }), ...CHAT_WORDS.map((w) => chunk({ content: w })), chunk({}, 'stop')];
  sse(req, res, events, 30);
}

// ---- Replicate files: multipart upload.
/** The parts of a multipart/form-data body: name, filename (undefined when absent), content type, content. */
function multipartParts(contentType, body) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!boundary) return [];
  const text = body.toString('latin1');
  return text.split(`--${boundary[1] ?? boundary[2]}`).slice(1, -1).map((raw) => {
    const at = raw.indexOf('\r\n\r\n');
    const head = raw.slice(2, at);
    const disposition = /^content-disposition:(.*)$/im.exec(head)?.[1] ?? '';
    return {
      name: /\bname="([^"]*)"/.exec(disposition)?.[1],
      filename: /\bfilename="([^"]*)"/.exec(disposition)?.[1],
      type: /^content-type:\s*(.*)$/im.exec(head)?.[1]?.trim(),
      content: Buffer.from(raw.slice(at + 4, -2), 'latin1'),
    };
  });
}

// Replicate's POST /files: the content part, plus metadata as a JSON file part. Django reads a part
// with filename="" (what Bun's FormData writes for an unnamed Blob) as a plain field, not a file;
// this server, like a Django view reading request.FILES, does not find the metadata there.
function createFile(req, res, body) {
  const parts = multipartParts(req.headers['content-type'], body);
  // a file part: one with a non-empty filename
  const files = parts.filter((part) => part.filename);
  // the spec's plain `type` field says the file's type; the part's header is the runtime's Blob type
  const type = parts.find((part) => part.name === 'type' && part.filename === undefined)?.content.toString('utf8');
  const content = files.find((part) => part.name === 'content');
  if (!content) return sendJson(req, res, 400, { detail: 'content is required' });
  const metadata = files.find((part) => part.name === 'metadata');
  const id = `f${randomBytes(6).toString('hex')}`;
  return sendJson(req, res, 201, {
    id,
    name: content.filename,
    content_type: type ?? content.type ?? 'application/octet-stream',
    size: content.content.length,
    checksums: { sha256: createHash('sha256').update(content.content).digest('hex') },
    metadata: metadata ? JSON.parse(metadata.content.toString('utf8')) : {},
    created_at: new Date().toISOString(),
    expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    urls: { get: `http://${req.headers.host}/v1/files/${id}` },
  });
}

// ---- Replicate predictions: created "starting", then "processing", then "succeeded" on later polls.
const predictions = new Map();
function createPrediction(req, res, body, version) {
  const id = `p${randomBytes(6).toString('hex')}`;
  const input = body.input ?? {};
  if (String(input.prompt ?? '').startsWith('flaky-') && hit(String(input.prompt)) === 1) {
    return sendJson(req, res, 503, { title: 'Service Unavailable', detail: 'try again', status: 503 });
  }
  const p = {
    id,
    model: version ?? 'owner/model',
    version: body.version ?? 'v1',
    input,
    logs: '',
    output: null,
    error: null,
    status: 'starting',
    created_at: new Date().toISOString(),
    urls: {
      get: `http://${req.headers.host}/v1/predictions/${id}`,
      cancel: `http://${req.headers.host}/v1/predictions/${id}/cancel`,
      stream: `http://${req.headers.host}/v1/stream/${id}`,
    },
    polls: 0,
  };
  predictions.set(id, p);
  const prefer = String(req.headers.prefer ?? '');
  const wait = /wait(=(\d+))?/.exec(prefer);
  if (wait) advance(p, 3);
  sendJson(req, res, 201, view(p));
}
function advance(p, n = 1) {
  p.polls += n;
  if (p.status === 'canceled' || p.model.endsWith('/slow')) return;
  if (p.polls >= 2) {
    p.status = 'succeeded';
    p.output = [`echo: ${p.input.prompt ?? ''}`];
    p.completed_at = new Date().toISOString();
    p.metrics = { predict_time: 0.01 };
  } else if (p.polls >= 1) p.status = 'processing';
}
function view(p) {
  const { polls: _, ...rest } = p;
  return rest;
}

async function route(req, res, roots) {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors(req));
    return res.end();
  }
  if (p === '/json') {
    const body = await readBody(req);
    return sendJson(req, res, 200, { ok: true, method: req.method, echo: body.length ? JSON.parse(body.toString('utf8')) : null, ua: req.headers['user-agent'] ?? null });
  }
  if (p === '/sse') return sse(req, res, [1, 2, 3, 4, 5].map((n) => ({ n, s: UTF8 })), 40);
  if (p === '/sse-stall') {
    res.writeHead(200, { 'content-type': 'text/event-stream', ...cors(req) });
    res.write(`data: ${JSON.stringify({ n: 1 })}\n\n`);
    const t = setTimeout(() => res.end(), 5000);
    req.on('close', () => clearTimeout(t));
    res.on('close', () => clearTimeout(t));
    return;
  }
  if (p === '/slow') {
    const t = setTimeout(() => sendJson(req, res, 200, { late: true }), 5000);
    res.on('close', () => clearTimeout(t));
    return;
  }
  if (p === '/flaky') {
    await readBody(req);
    const key = url.searchParams.get('key') ?? '';
    const n = hit(key);
    // a request id on every answer, and a wait hint on a 503 when asked (?wait=<ms>)
    const wait = url.searchParams.get('wait');
    const extra = { 'x-request-id': `flaky-${n}`, ...(wait ? { 'retry-after-ms': wait } : {}) };
    if (n <= Number(url.searchParams.get('fail') ?? 1)) return sendJson(req, res, 503, { error: 'temporarily overloaded' }, extra);
    return sendJson(req, res, 200, { ok: true, hits: n }, extra);
  }
  if (p === '/reset-after-body') {
    await readBody(req);
    hit(url.searchParams.get('key') ?? '');
    // a TCP reset once the request was read: the server may have done the work, the client cannot know
    return void (req.socket.resetAndDestroy ? req.socket.resetAndDestroy() : req.socket.destroy());
  }
  if (p === '/ack') {
    const state = lockstepOf(url.searchParams.get('stream') ?? '');
    state.acked = Math.max(state.acked, Number(url.searchParams.get('n')) || 0);
    state.wake?.();
    return sendJson(req, res, 200, { acked: state.acked });
  }
  if (p === '/lockstep') {
    const { acked, brokenAt } = lockstepOf(url.searchParams.get('stream') ?? '');
    return sendJson(req, res, 200, { acked, brokenAt, waitMs: LOCKSTEP_WAIT_MS });
  }
  if (p === '/closed') {
    // answers once the lockstep stream's response closed: early (the client cancelled it) or at its end, which
    // comes only after LOCKSTEP_WAIT_MS without an ack (the client kept the body open without reading on)
    const state = lockstepOf(url.searchParams.get('stream') ?? '');
    if (!state.closed) await new Promise((resolve) => state.onClose.push(resolve));
    return sendJson(req, res, 200, { closedEarly: state.closedEarly, acked: state.acked, waitMs: LOCKSTEP_WAIT_MS });
  }
  if (p === '/no-cors') {
    // counts the call, then answers without any CORS header: a browser hides the answer from a page of another origin
    hit(url.searchParams.get('key') ?? '');
    const text = JSON.stringify({ ok: true });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    return res.end(text);
  }
  if (p === '/hits') return sendJson(req, res, 200, { hits: hits.get(url.searchParams.get('key') ?? '') ?? 0 });
  if (p.startsWith('/status/')) return sendJson(req, res, Number(p.slice(8)), { error: { message: `status ${p.slice(8)} as asked` } });
  if (p === '/webhook-sample') return sendJson(req, res, 200, webhookSample());

  let m = /^\/v2\/models\/([^/]+)\/infer$/.exec(p);
  if (m && req.method === 'POST') return oipInfer(req, res, decodeURIComponent(m[1]), await readBody(req));
  m = /^\/v2\/models\/([^/]+)\/generate_stream$/.exec(p);
  if (m && req.method === 'POST') {
    const body = JSON.parse((await readBody(req)).toString('utf8'));
    const words = CHAT_WORDS;
    return sse(req, res, words.map((w, i) => ({ model_name: m[1], model_version: '1', text_output: w, ...(i === words.length - 1 ? { details: { finish_reason: 'stop' } } : {}) })), 30, null);
  }
  if (p === '/v1/chat/completions' && req.method === 'POST') return chatCompletion(req, res, JSON.parse((await readBody(req)).toString('utf8')));
  if (p === '/v1/files' && req.method === 'POST') return createFile(req, res, await readBody(req));
  if (p === '/v1/predictions' && req.method === 'POST') return createPrediction(req, res, JSON.parse((await readBody(req)).toString('utf8')));
  m = /^\/v1\/(?:models|deployments)\/([^/]+)\/([^/]+)\/predictions$/.exec(p);
  if (m && req.method === 'POST') return createPrediction(req, res, JSON.parse((await readBody(req)).toString('utf8')), `${m[1]}/${m[2]}`);
  m = /^\/v1\/stream\/([^/]+)$/.exec(p);
  if (m && predictions.has(m[1])) {
    // Replicate's stream format: named `output` events with ids, then `done`.
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...cors(req) });
    res.flushHeaders();
    const chunks = CHAT_WORDS.map((w, i) => `event: output\nid: ${i + 1}\ndata: ${w}\n\n`);
    return writePaced(req, res, [...chunks, 'event: done\ndata: {}\n\n'], 30);
  }
  m = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(p);
  if (m && m[1].startsWith('flaky-') && !predictions.has(m[1])) {
    if (hit(m[1]) === 1) return sendJson(req, res, 503, { title: 'Service Unavailable', detail: 'try again', status: 503 });
    const pred = { id: m[1], model: 'acme/echo', version: 'v1', input: {}, logs: '', output: ['ok'], error: null, status: 'succeeded', created_at: new Date().toISOString(), urls: {}, polls: 9 };
    return sendJson(req, res, 200, view(pred));
  }
  if (m) {
    if (m[2]) hit(`cancel:${m[1]}`);
    const pred = predictions.get(m[1]);
    if (!pred) return sendJson(req, res, 404, { title: 'Not found', detail: 'prediction not found', status: 404 });
    if (m[2]) pred.status = 'canceled';
    else advance(pred);
    return sendJson(req, res, 200, view(pred));
  }

  // Static files (page, bundles, models), confined to the roots.
  for (const root of roots) {
    const file = path.resolve(root, `.${p === '/' ? '/index.html' : decodeURIComponent(p)}`);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) continue;
    const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : /\.m?js$/.test(file) ? 'text/javascript; charset=utf-8' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, ...cors(req) });
    return void createReadStream(file).pipe(res);
  }
  sendJson(req, res, 404, { error: `no route for ${req.method} ${p}` });
}

/**
 * Starts the server on 127.0.0.1, and a second listener on another port (another origin, for a
 * browser) that serves the same routes without Access-Control-Expose-Headers.
 * @param {{ port?: number, roots?: string[] }} [options]
 * @returns {Promise<{ url: string, crossOriginUrl: string, close: () => Promise<void> }>}
 */
export async function startServer({ port = 0, roots = [here] } = {}) {
  const resolved = roots.map((r) => path.resolve(r));
  const handler = (hide) => (req, res) => {
    if (hide) hidesHeaders.add(req);
    route(req, res, resolved).catch((e) => {
      if (!res.headersSent) sendJson(req, res, 500, { error: String(e?.message ?? e) });
      else res.destroy();
    });
  };
  const server = http.createServer(handler(false));
  const crossOrigin = http.createServer(handler(true));
  server.keepAliveTimeout = 1000;
  crossOrigin.keepAliveTimeout = 1000;
  // a forward proxy's CONNECT, as undiciTransport({ proxy }) sends it: tunnels to this server only
  server.on('connect', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    hit(`connect:${req.headers['proxy-authorization'] ?? ''}`);
    const { port: own } = server.address();
    if (req.url !== `127.0.0.1:${own}`) return void socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    const upstream = net.connect(own, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  const listen = (s, p) => new Promise((resolve) => s.listen(p, '127.0.0.1', () => resolve(`http://127.0.0.1:${s.address().port}`)));
  const close = (s) =>
    new Promise((done) => {
      s.closeAllConnections?.();
      s.close(() => done());
    });
  const [url, crossOriginUrl] = await Promise.all([listen(server, port), listen(crossOrigin, 0)]);
  return { url, crossOriginUrl, close: () => Promise.all([close(server), close(crossOrigin)]).then(() => undefined) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer({ port: Number(process.argv[2] ?? 0), roots: process.argv.slice(3).length ? process.argv.slice(3) : [here] });
  console.log(`PORT ${new URL(url).port}`);
}
