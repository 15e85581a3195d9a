// CommonJS consumer of the INSTALLED tarball: `require` of every subpath.
// check-package.sh runs it twice: as is, and with --no-experimental-require-module, which makes Node 20.19+
// refuse require() of an ES module as Node 20.18 (the `engines` floor) does: the CJS build must bundle its
// ESM-only dependencies (p-retry) rather than require them.
const http = require('node:http');

const expect = {
  modelwire: ['createClient', 'request', 'requestStream', 'Stream', 'fetchTransport', 'TimeoutError', 'isModelwireError'],
  'modelwire/oip': ['createOipClient', 'infer', 'inferBinary', 'generateStream'],
  'modelwire/replicate': ['createReplicateClient', 'run', 'verifyWebhook'],
  'modelwire/openai': ['createOpenAIClient', 'createChatCompletion', 'openAIClientOptions'],
  'modelwire/undici': ['undiciTransport'],
  'modelwire/onnx': ['createOnnxRuntime'],
};
let bad = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
  if (!ok) bad++;
};
for (const [spec, names] of Object.entries(expect)) {
  let mod;
  try {
    mod = require(spec);
  } catch (e) {
    check(false, `require ${spec}: ${e?.code ?? ''} ${String(e?.message ?? e).split('\n')[0]}`);
    continue;
  }
  const missing = names.filter((n) => mod[n] === undefined);
  check(!missing.length, `require ${spec}${missing.length ? `: missing ${missing.join(', ')}` : ` (${Object.keys(mod).length} exports)`}`);
}
if (bad) process.exit(1);

// A loopback server for one call through each entry point (127.0.0.1, port 0).
let flaky = 0;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const send = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const url = req.url ?? '';
    if (url === '/n') return send(200, { n: 1 });
    if (url === '/echo-key') return send(401, { error: { message: `bad key ${req.headers.authorization}` } });
    // 503 once, then 200: the retry runs inside p-retry, bundled into the CJS build
    if (url === '/flaky') return ++flaky === 1 ? send(503, { error: 'busy' }) : send(200, { n: flaky });
    if (url === '/v2/models/mlp/infer') {
      return send(200, { model_name: 'mlp', model_version: '1', outputs: [{ name: 'y', datatype: 'FP32', shape: [1, 3], data: [0.25, 0.25, 0.5] }] });
    }
    if (url === '/v1/chat/completions') {
      const chunk = (delta, finish) => ({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
      if (JSON.parse(body).stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const c of [chunk({ role: 'assistant', content: 'Hel' }, null), chunk({ content: 'lo' }, 'stop')]) res.write(`data: ${JSON.stringify(c)}\n\n`);
        return res.end('data: [DONE]\n\n');
      }
      return send(200, { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }] });
    }
    if (url === '/v1/models/acme/model/predictions') {
      const origin = `http://${req.headers.host}`;
      return send(201, {
        id: 'p1', model: 'acme/model', version: 'v', input: JSON.parse(body).input, output: 'done', status: 'succeeded', error: null, logs: '', created_at: '2026-01-01T00:00:00Z',
        urls: { get: `${origin}/v1/predictions/p1`, cancel: `${origin}/v1/predictions/p1/cancel`, web: 'https://replicate.com/p/p1' },
      });
    }
    send(404, { error: `no route ${url}` });
  });
});

(async () => {
  // Errors thrown by one copy are recognised by the other (ESM and CJS builds are separate module instances).
  const esm = await import('modelwire');
  const cjs = require('modelwire');
  const e = new esm.TimeoutError('t', { timeoutMs: 1 });
  check(e instanceof cjs.TimeoutError && e instanceof cjs.ModelwireError && cjs.isModelwireError(e), 'an ESM TimeoutError is instanceof the CJS TimeoutError');
  // Each CJS entry has the same exports as its ESM build.
  for (const spec of Object.keys(expect)) {
    const c = Object.keys(require(spec)).filter((k) => k !== '__esModule').sort().join();
    const m = Object.keys(await import(spec)).filter((k) => k !== 'default').sort().join();
    check(c === m, `require ${spec} has the exports of import ${spec}${c === m ? '' : `: CJS [${c}] ESM [${m}]`}`);
  }

  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const baseURL = `http://127.0.0.1:${server.address().port}`;
  const { createClient, request } = cjs;
  const { undiciTransport } = require('modelwire/undici');
  const retry = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1, jitter: 0 };
  for (const [name, transport] of [['fetch', undefined], ['undici', undiciTransport()]]) {
    const client = createClient({ baseURL, retry, ...(transport ? { transport } : {}) });
    const n = await request(client, { method: 'GET', path: '/n', operation: 'n' });
    check(n?.n === 1, `require modelwire: request over ${name} (${JSON.stringify(n)})`);
  }
  // a client of one build used with the other build's operation keeps its key out of the error
  for (const [name, make, call] of [['CJS client, ESM request', createClient, esm.request], ['ESM client, CJS request', esm.createClient, request]]) {
    const err = await call(make({ baseURL, apiKey: 'sk-smoke-1234' }), { method: 'GET', path: '/echo-key', operation: 'k' }).catch((e) => e);
    check(err?.status === 401 && !JSON.stringify({ m: err.message, b: err.body }).includes('sk-smoke-1234'), `${name}: the echoed key is redacted (${err?.message})`);
  }
  const retried = await request(createClient({ baseURL, retry }), { method: 'GET', path: '/flaky', operation: 'flaky' });
  check(retried?.n === 2, `require modelwire: a 503 is retried (${JSON.stringify(retried)})`);

  const { createOipClient } = require('modelwire/oip');
  const inf = await createOipClient({ baseURL }).infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }] });
  check(inf.outputs[0]?.data instanceof Float32Array && inf.outputs[0].data[2] === 0.5, 'require modelwire/oip: infer');

  const { createOpenAIClient, createChatCompletion } = require('modelwire/openai');
  const ai = createOpenAIClient({ baseURL: `${baseURL}/v1`, apiKey: 'sk-test' });
  const chat = await createChatCompletion(ai.client, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  check(chat.choices[0]?.message.content === 'Hello', 'require modelwire/openai: chat completion');
  let text = '';
  for await (const c of await createChatCompletion(ai.client, { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true })) text += c.choices[0]?.delta.content ?? '';
  check(text === 'Hello', `require modelwire/openai: streamed chat completion (SSE parser) "${text}"`);

  const { createReplicateClient, run } = require('modelwire/replicate');
  const replicate = createReplicateClient({ baseURL: `${baseURL}/v1`, apiKey: 'r8_test' });
  const out = await run(replicate.client, 'acme/model', { input: { prompt: 'hi' } });
  check(out === 'done', `require modelwire/replicate: run (${JSON.stringify(out)})`);
  server.close();

  const { createOnnxRuntime } = require('modelwire/onnx');
  const rt = createOnnxRuntime({ modelRepository: process.env.MODELS });
  const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });
  await rt.dispose();
  check(res.outputs[0].data.length === 3, 'require modelwire/onnx runs models/mlp.onnx');
  process.exit(bad ? 1 : 0);
})().catch((e) => {
  console.log(`FAIL ${e?.stack ?? e}`);
  process.exit(1);
});
