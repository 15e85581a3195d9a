// Runtime-agnostic conformance checks for the BUILT modelwire entry points.
// Web-standard globals only (fetch, streams, AbortController, TextEncoder, crypto.subtle): the same
// code runs in Node 20/22/24, Deno, Bun, workerd, Vercel edge-runtime and Chromium.
// The driver passes the imported dist modules: runConformance(base, { core, oip, replicate, openai }).
// An entry point that is null/undefined is skipped here; conformance/run-all.mjs decides whether a
// missing entry point fails the run (it does unless --allow-missing).

/** Which runtime executes this code. */
export function detectRuntime() {
  const g = globalThis;
  if (typeof g.Deno !== 'undefined') return `deno ${g.Deno.version.deno}`;
  if (typeof g.Bun !== 'undefined') return `bun ${g.Bun.version}`;
  if (typeof g.EdgeRuntime !== 'undefined') return `edge-runtime ${g.EdgeRuntime}`;
  if (typeof g.navigator !== 'undefined' && g.navigator.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  if (typeof g.navigator !== 'undefined') return `browser ${g.navigator.userAgent}`;
  return 'unknown';
}

class CheckFailure extends Error {}
function assert(cond, message) {
  if (!cond) throw new CheckFailure(message);
}
function describe(e) {
  return e ? `${e.name}${e.code ? `[${e.code}]` : ''}: ${e.message}` : String(e);
}
/** Expects `fn` to reject; returns { error, ms }. */
async function rejection(fn) {
  const t0 = Date.now();
  try {
    await fn();
  } catch (error) {
    return { error, ms: Date.now() - t0 };
  }
  throw new CheckFailure('expected a rejection, got a result');
}
function uid() {
  return crypto.randomUUID();
}
async function serverHits(base, key) {
  const r = await fetch(`${base}/hits?key=${encodeURIComponent(key)}`);
  return (await r.json()).hits;
}

// A tiny Standard Schema (no validator library needed in the checks).
const okSchema = {
  '~standard': {
    version: 1,
    vendor: 'conformance',
    validate: (v) => (v && v.ok === true ? { value: v } : { issues: [{ message: 'ok must be true', path: ['ok'] }] }),
  },
};
const neverSchema = {
  '~standard': { version: 1, vendor: 'conformance', validate: () => ({ issues: [{ message: 'always rejects', path: ['x'] }] }) },
};

const UTF8 = 'h\u00e9llo \u2713';
const fastRetry = { maxRetries: 2, initialDelayMs: 20, maxDelayMs: 50, jitter: 0 };

/**
 * Proves that a runtime streams a response body instead of buffering it, whatever the machine's
 * load: the stream request carries `x-conformance-lockstep: <id>` (`headers`), and the server
 * (conformance/server.mjs, writePaced) writes value k+1 only once `ack()`, called in the read loop,
 * told it that value k arrived. A runtime that buffers the body cannot acknowledge anything before
 * the body ends; the server then writes the rest after a long wait (5 s) and records where the
 * lockstep broke, which `assertStreamed` reports. No clock on this side.
 */
function lockstep(base) {
  const id = uid();
  let n = 0;
  return {
    id,
    headers: { 'x-conformance-lockstep': id },
    async ack() {
      await (await fetch(`${base}/ack?stream=${id}&n=${++n}`)).text();
    },
    async assertStreamed(what) {
      const s = await (await fetch(`${base}/lockstep?stream=${id}`)).json();
      assert(
        s.brokenAt === null,
        `${what}: the body was buffered, not streamed: no value arrived before the server wrote the next (value ${s.brokenAt} not acknowledged within ${s.waitMs} ms of being written)`,
      );
      assert(s.acked === n && n > 0, `${what}: the server saw ${s.acked} acks of ${n}`);
      return `${n} values in lockstep`;
    },
  };
}

/**
 * Records the rejections nothing handled while it watches: through `process` (Node, Bun, Deno) and
 * the global scope's `unhandledrejection` event (browsers, workerd, Deno). `how` says which it used.
 */
function watchUnhandled() {
  const seen = [];
  const g = globalThis;
  const onProcess = (reason) => seen.push(reason);
  const onEvent = (event) => {
    seen.push(event.reason);
    event.preventDefault?.();
  };
  const how = [];
  if (typeof g.process?.on === 'function') {
    g.process.on('unhandledRejection', onProcess);
    how.push('process');
  }
  if (typeof g.addEventListener === 'function') {
    g.addEventListener('unhandledrejection', onEvent);
    how.push('unhandledrejection event');
  }
  return {
    seen,
    how: how.join(' + ') || 'not observable here',
    stop() {
      g.process?.off?.('unhandledRejection', onProcess);
      g.removeEventListener?.('unhandledrejection', onEvent);
    },
  };
}

function b64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function bytesToB64(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}
function hex(buf) {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------------
// core: modelwire
function coreChecks(base, core, transport) {
  const client = () => core.createClient({ baseURL: base, retry: fastRetry, timeoutMs: 10_000, transport });
  return {
    'core.json': async () => {
      const c = client();
      const res = await core.request(c, { method: 'POST', path: '/json', body: { a: 1, s: UTF8 }, schema: okSchema, operation: 'conf.json' });
      assert(res.ok === true && res.echo?.a === 1 && res.echo?.s === UTF8, `bad echo ${JSON.stringify(res)}`);
      const bad = await rejection(() => core.request(c, { method: 'POST', path: '/json', body: {}, schema: neverSchema, operation: 'conf.json' }));
      assert(bad.error instanceof core.ResponseValidationError, `schema failure gave ${describe(bad.error)}`);
      const nf = await rejection(() => core.request(c, { method: 'GET', path: '/status/404', operation: 'conf.404' }));
      assert(nf.error instanceof core.NotFoundError && nf.error.status === 404 && /as asked/.test(nf.error.message), `404 gave ${describe(nf.error)}`);
      return `echo ok, ResponseValidationError, NotFoundError(${nf.error.status}) ua=${res.ua}`;
    },
    'core.sse': async () => {
      const step = lockstep(base);
      const stream = await core.requestStream(client(), { method: 'GET', path: '/sse', operation: 'conf.sse' }, { headers: step.headers });
      const [a, b] = stream.tee();
      const proxied = new Response(b.toReadableStream()).text();
      const values = [];
      for await (const v of a) {
        values.push(v);
        await step.ack();
      }
      assert(values.length === 5, `got ${values.length} events`);
      assert(values.every((v, i) => v.n === i + 1 && v.s === UTF8), `bad events/UTF-8: ${JSON.stringify(values)}`);
      const streamed = await step.assertStreamed('core stream');
      const text = await proxied;
      const data = text.split('\n\n').filter(Boolean);
      assert(data.length === 6 && data[5] === 'data: [DONE]' && JSON.parse(data[4].slice(6)).s === UTF8, `toReadableStream gave ${JSON.stringify(text)}`);
      return `5 events streamed (${streamed}), tee + toReadableStream ok`;
    },
    'core.early_break': async () => {
      // `break` out of `for await` after the first value: the body must be cancelled (the server sees its
      // response closed before it wrote the rest) and nothing may reject unhandled
      const unhandled = watchUnhandled();
      try {
        const step = lockstep(base);
        const stream = await core.requestStream(client(), { method: 'GET', path: '/sse', operation: 'conf.early_break' }, { headers: step.headers });
        let got;
        for await (const v of stream) {
          got = v;
          break; // no ack: the server writes nothing more until the body closes or its lockstep wait runs out
        }
        assert(got?.n === 1, `first value ${JSON.stringify(got)}`);
        const closed = await (await fetch(`${base}/closed?stream=${step.id}`)).json();
        assert(closed.closedEarly === true, `the body was not cancelled: the server's response stayed open until it ended it after ${closed.waitMs} ms`);
        // the same through toReadableStream() (what a proxy returns): its reader cancelled after the first chunk
        const step2 = lockstep(base);
        const proxied = (await core.requestStream(client(), { method: 'GET', path: '/sse', operation: 'conf.early_cancel' }, { headers: step2.headers })).toReadableStream();
        const reader = proxied.getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        assert(first.startsWith('data: {"n":1'), `first chunk ${JSON.stringify(first)}`);
        await reader.cancel();
        const closed2 = await (await fetch(`${base}/closed?stream=${step2.id}`)).json();
        assert(closed2.closedEarly === true, `toReadableStream(): cancel() left the body open: the server ended its response after ${closed2.waitMs} ms`);
        await new Promise((r) => setTimeout(r, 20)); // a turn of the event loop, for a rejection nothing handled to surface
        assert(unhandled.seen.length === 0, `unhandled rejection after the break or cancel: ${describe(unhandled.seen[0])}`);
        return `break after value 1 and toReadableStream()'s cancel() after chunk 1 each cancel the body (the server saw its response closed early); no unhandled rejection (watched: ${unhandled.how})`;
      } finally {
        unhandled.stop();
      }
    },
    'core.abort': async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      const { error, ms } = await rejection(() => core.request(client(), { method: 'GET', path: '/slow', operation: 'conf.abort' }, { signal: ac.signal }));
      assert(error instanceof core.AbortError && error.code === 'aborted', `got ${describe(error)}`);
      assert(ms >= 180 && ms < 2500, `rejected after ${ms} ms (expected ~200)`);
      const pre = await rejection(() => core.request(client(), { method: 'GET', path: '/json', operation: 'conf.abort' }, { signal: AbortSignal.abort() }));
      assert(pre.error instanceof core.AbortError, `pre-aborted gave ${describe(pre.error)}`);
      return `AbortError after ${ms} ms; pre-aborted signal -> AbortError`;
    },
    'core.deadline': async () => {
      const { error, ms } = await rejection(() => core.request(client(), { method: 'GET', path: '/slow', operation: 'conf.deadline' }, { timeoutMs: 300 }));
      assert(error instanceof core.TimeoutError && error.code === 'timeout', `got ${describe(error)}`);
      assert(ms >= 290 && ms < 2500, `TimeoutError after ${ms} ms (expected >= 300)`);
      // The deadline bounds the whole stream, not just the first byte.
      const t0 = Date.now();
      const stream = await core.requestStream(client(), { method: 'GET', path: '/sse-stall', operation: 'conf.deadline.stream' }, { timeoutMs: 400 });
      const s = await rejection(async () => {
        for await (const _ of stream);
      });
      const total = Date.now() - t0;
      assert(s.error instanceof core.TimeoutError, `stalled stream gave ${describe(s.error)}`);
      assert(total >= 390 && total < 2500, `stream TimeoutError after ${total} ms (expected >= 400)`);
      return `TimeoutError after ${ms} ms (timeoutMs 300); stalled stream TimeoutError after ${total} ms (timeoutMs 400)`;
    },
    'core.retry503': async () => {
      const retries = [];
      const c = core.createClient({ baseURL: base, retry: fastRetry, onRetry: (e) => retries.push(e), transport });
      const key = uid();
      const res = await core.request(c, { method: 'GET', path: '/flaky', query: { key, fail: 1 }, operation: 'conf.retry' });
      assert(res.ok === true && res.hits === 2, `got ${JSON.stringify(res)}`);
      assert(retries.length === 1 && retries[0].status === 503, `onRetry saw ${JSON.stringify(retries.map((r) => r.status))}`);
      // A POST that is not declared idempotent is never repeated blind.
      const key2 = uid();
      const post = await rejection(() => core.request(c, { method: 'POST', path: '/flaky', query: { key: key2, fail: 1 }, body: {}, operation: 'conf.retry.post' }));
      assert(post.error instanceof core.APIError && post.error.status === 503, `POST gave ${describe(post.error)}`);
      assert((await serverHits(base, key2)) === 1, 'a non-idempotent POST was retried');
      return 'GET retried once after 503 (2 hits); non-idempotent POST not retried (1 hit)';
    },
    'core.no_resend': async () => {
      const c = client();
      // a call first, so the POST goes out on a kept-alive connection: where a runtime's fetch may re-send
      await core.request(c, { method: 'GET', path: '/hits', query: { key: 'warm-up' }, operation: 'conf.warm' });
      const key = uid();
      const post = await rejection(() => core.request(c, { method: 'POST', path: '/reset-after-body', query: { key }, body: { n: 1 }, operation: 'conf.no_resend' }));
      const hits = await serverHits(base, key);
      // a browser re-sends a request whose reused connection was reset before any answer, POSTs
      // included, and no script can stop it (docs/core.md, "The safety rule"): the one allowed repeat
      const browser = typeof globalThis.document === 'object';
      assert(hits === 1 || (browser && hits === 2), `a POST whose connection was reset after the server read it reached the server ${hits} times`);
      assert(post.error instanceof core.ConnectionError && post.error.requestMayHaveReachedServer === true, `gave ${describe(post.error)}`);
      const sent = hits === 1 ? 'sent once' : 'sent twice, the browser re-sent it itself';
      return `a POST reset after the server read it: ${sent}, ConnectionError (may have reached the server)`;
    },
    'core.webcrypto': async () => {
      const sample = await (await fetch(`${base}/webhook-sample`)).json();
      const digest = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc')));
      assert(digest === sample.sha256_abc, `sha256 ${digest}`);
      const key = await crypto.subtle.importKey('raw', b64ToBytes(sample.secret.slice(6)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
      const signed = `${sample.id}.${sample.timestamp}.${sample.body}`;
      const mac = bytesToB64(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed)));
      assert(`v1,${mac}` === sample.signature, 'HMAC-SHA256 differs from node:crypto');
      assert(typeof crypto.randomUUID === 'function', 'no crypto.randomUUID');
      return 'SHA-256 and HMAC-SHA256 (Standard Webhooks) match node:crypto';
    },
  };
}

// ---------------------------------------------------------------------------------------------
// modelwire/undici (Node only): the core checks again, over the pooled undici transport.
function undiciChecks(base, core, undici) {
  const out = {};
  const transport = undici ? undici.undiciTransport({ connections: 4 }) : undefined;
  for (const [name, fn] of Object.entries(coreChecks(base, core, transport))) {
    if (name !== 'core.webcrypto') out[name.replace(/^core\./, 'undici.')] = fn;
  }
  out['undici.proxy'] = async () => {
    // the server is its own forward proxy: each CONNECT counts as a hit of `connect:<Proxy-Authorization>`
    const token = `Bearer proxy-${Math.random().toString(36).slice(2)}`;
    const hitsOf = async () => (await (await fetch(`${base}/hits?key=${encodeURIComponent(`connect:${token}`)}`)).json()).hits;
    const client = core.createClient({ baseURL: base, retry: fastRetry, timeoutMs: 10_000, transport: undici.undiciTransport({ proxy: { uri: base, token } }) });
    const body = { n: 7, text: 'through the tunnel' };
    for (let i = 0; i < 3; i++) {
      const res = await core.request(client, { method: 'POST', path: '/json', body, operation: 'conformance.proxy' });
      assert(res?.echo?.text === body.text && res.method === 'POST', `echo: ${JSON.stringify(res)}`);
    }
    // (this server's `Keep-Alive: timeout=1` is below undici's 2 s margin, so undici opens a tunnel per call here)
    const tunnels = await hitsOf();
    assert(tunnels >= 1 && tunnels <= 3, `${tunnels} CONNECTs with the token for 3 calls`);
    return `3 POSTs through CONNECT tunnels of a loopback proxy (${tunnels} CONNECTs carrying the Proxy-Authorization token)`;
  };
  return out;
}

// ---------------------------------------------------------------------------------------------
// modelwire/oip
function oipChecks(base, oip, core) {
  const x = () => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }] });
  const client = () => oip.createOipClient({ baseURL: base, retry: fastRetry, timeoutMs: 10_000 });
  const checkY = (res, how) => {
    const y = res.outputs.find((o) => o.name === 'y');
    assert(y && y.datatype === 'FP32' && y.data instanceof Float32Array && y.data[0] === 10 && y.data[1] === 4, `${how}: bad output ${JSON.stringify(y)}`);
  };
  return {
    'oip.infer': async () => {
      const c = client();
      checkY(await c.infer('mlp', x()), 'json');
      checkY(await oip.infer(c, 'mlp', x(), { binary: true }), 'binary');
      checkY(await oip.inferBinary(core.createClient({ baseURL: base, retry: fastRetry, timeoutMs: 10_000 }), 'mlp', x()), 'inferBinary');
      return 'infer JSON and Triton binary tensors (OIP client, inferBinary) -> Float32Array [10, 4]';
    },
    'oip.generate_stream': async () => {
      const step = lockstep(base);
      const stream = await oip.generateStream(client(), 'llm', { text_input: 'hi' }, { headers: step.headers });
      let text = '';
      let n = 0;
      for await (const ev of stream) {
        text += ev.text_output;
        n++;
        await step.ack();
      }
      assert(n === 5 && text === 'h\u00e9llo w\u00f6rld \u2713', `got ${n} events: ${JSON.stringify(text)}`);
      const streamed = await step.assertStreamed('generate_stream');
      return `${n} events streamed (${streamed}), text ${JSON.stringify(text)}`;
    },
    'oip.abort+deadline': async () => {
      const d = await rejection(() => client().infer('slow', x(), { timeoutMs: 300 }));
      assert(d.error instanceof core.TimeoutError && d.ms >= 290 && d.ms < 2500, `deadline: ${describe(d.error)} after ${d.ms} ms`);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 150);
      const a = await rejection(() => client().infer('slow', x(), { signal: ac.signal }));
      assert(a.error instanceof core.AbortError && a.ms >= 130, `abort: ${describe(a.error)} after ${a.ms} ms`);
      return `TimeoutError after ${d.ms} ms, AbortError after ${a.ms} ms`;
    },
    'oip.retry503': async () => {
      const model = `flaky-${uid()}`;
      checkY(await client().infer(model, x()), 'after 503');
      assert((await serverHits(base, model)) === 2, 'expected exactly one retry');
      return 'infer (declared idempotent) retried once after 503';
    },
  };
}

// ---------------------------------------------------------------------------------------------
// modelwire/replicate
function replicateChecks(base, rep, core) {
  const client = (extra) => rep.createReplicateClient({ baseURL: `${base}/v1`, apiKey: 'r8_conformance_secret', retry: fastRetry, ...extra }).client;
  const poll = { wait: false, pollInitialDelayMs: 20, pollMaxDelayMs: 50 };
  return {
    'replicate.run': async () => {
      const seen = [];
      const polled = await rep.run(client(), 'acme/echo', { input: { prompt: UTF8 }, ...poll, onProgress: (p) => seen.push(p.status) });
      assert(Array.isArray(polled) && polled[0] === `echo: ${UTF8}`, `polled run gave ${JSON.stringify(polled)}`);
      assert(seen[0] === 'starting' && seen.at(-1) === 'succeeded', `states ${seen.join(' > ')}`);
      const synced = await rep.createReplicateClient({ baseURL: `${base}/v1`, retry: fastRetry }).run('acme/echo', { input: { prompt: 'sync' } });
      assert(synced?.[0] === 'echo: sync', `sync-mode run gave ${JSON.stringify(synced)}`);
      return `run polled ${seen.join(' > ')}; sync mode (Prefer: wait) ok`;
    },
    'replicate.stream': async () => {
      const c = client();
      const p = await rep.createPrediction(c, { version: 'v1', input: { prompt: 'stream' } });
      const step = lockstep(base);
      const stream = await rep.streamPrediction(c, p, { headers: step.headers });
      let text = '';
      const types = [];
      for await (const e of stream) {
        types.push(e.type);
        if (e.type === 'output') text += e.data;
        await step.ack();
      }
      assert(text === 'h\u00e9llo w\u00f6rld \u2713' && types.at(-1) === 'done' && types.length === 6, `${types.join(',')}: ${JSON.stringify(text)}`);
      const streamed = await step.assertStreamed('urls.stream');
      return `urls.stream: ${types.length - 1} output events + done streamed (${streamed}), text ${JSON.stringify(text)}`;
    },
    'replicate.abort+deadline': async () => {
      let id;
      const d = await rejection(() => rep.run(client(), 'acme/slow', { input: {}, ...poll, timeoutMs: 400, onProgress: (p) => (id = p.id) }));
      assert(d.error instanceof core.TimeoutError && d.ms >= 390 && d.ms < 3000, `deadline: ${describe(d.error)} after ${d.ms} ms`);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      const a = await rejection(() => rep.run(client(), 'acme/slow', { input: {}, ...poll, signal: ac.signal }));
      assert(a.error instanceof core.AbortError && a.ms >= 180, `abort: ${describe(a.error)} after ${a.ms} ms`);
      // The SDK cancels remote work on timeout (best effort, so give it a moment to land).
      let cancels = 0;
      for (let i = 0; i < 20 && !cancels; i++) {
        cancels = await serverHits(base, `cancel:${id}`);
        if (!cancels) await new Promise((r) => setTimeout(r, 25));
      }
      assert(cancels === 1, `timed-out prediction ${id} was not canceled`);
      return `TimeoutError after ${d.ms} ms (prediction canceled), AbortError after ${a.ms} ms`;
    },
    'replicate.retry503': async () => {
      const id = `flaky-${uid()}`;
      const p = await rep.getPrediction(client(), id);
      assert(p.status === 'succeeded' && (await serverHits(base, id)) === 2, `GET after 503 gave ${p.status}`);
      const prompt = `flaky-${uid()}`;
      const post = await rejection(() => rep.run(client(), 'acme/echo', { input: { prompt }, ...poll }));
      assert(post.error instanceof core.APIError && post.error.status === 503, `create gave ${describe(post.error)}`);
      assert((await serverHits(base, prompt)) === 1, 'a prediction create (billable POST) was retried blind');
      assert(!JSON.stringify(post.error.toJSON()).includes('r8_conformance_secret'), 'API token leaked into toJSON');
      return 'GET prediction retried once after 503; create not retried; token not in error';
    },
    'replicate.files': async () => {
      // the runtime's own FormData builds the body; the server takes metadata from file parts only (filename="" is a field)
      const content = new File([new Uint8Array([137, 80, 78, 71, 0, 255])], 'cat.png', { type: 'image/png' });
      const file = await rep.createFile(client(), { content, metadata: { job: 42, note: UTF8 } });
      assert(file.name === 'cat.png' && file.size === 6 && file.content_type.startsWith('image/png'), `upload gave ${JSON.stringify(file)}`);
      assert(file.metadata?.job === 42 && file.metadata?.note === UTF8, `metadata did not arrive: ${JSON.stringify(file.metadata)}`);
      // the type asked for goes out as given (Bun's Blob reads application/json as application/json;charset=utf-8)
      const json = await rep.createFile(client(), { content: '{"a":1}', filename: 'a.json', type: 'application/json' });
      assert(json.content_type === 'application/json', `type "application/json" arrived as ${JSON.stringify(json.content_type)}`);
      return `multipart upload: content (${file.content_type}, ${file.size} B) and metadata arrived; type as asked`;
    },
    'replicate.webhook': async () => {
      const s = await (await fetch(`${base}/webhook-sample`)).json();
      const headers = new Headers({ 'webhook-id': s.id, 'webhook-timestamp': s.timestamp, 'webhook-signature': s.signature });
      const ok = await rep.verifyWebhook({ headers, body: s.body }, s.secret);
      assert(ok.id === s.id && ok.timestamp === Number(s.timestamp), `verified ${JSON.stringify(ok)}`);
      const bytes = await rep.verifyWebhook({ headers: Object.fromEntries(headers), body: new TextEncoder().encode(s.body) }, s.secret);
      assert(bytes.id === s.id, 'Uint8Array body / record headers not verified');
      const bad = await rejection(() => rep.verifyWebhook({ headers, body: s.body.replace('succeeded', 'failed') }, s.secret));
      assert(bad.error instanceof core.WebhookVerificationError, `tampered body gave ${describe(bad.error)}`);
      assert(!String(bad.error.message).includes(s.secret.slice(6, 20)), 'secret leaked into the error');
      return 'verifyWebhook (WebCrypto HMAC) accepts node:crypto signature, rejects a tampered body';
    },
  };
}

// ---------------------------------------------------------------------------------------------
// modelwire/openai
function openaiChecks(base, ai, core) {
  const client = (extra) => core.createClient({ baseURL: `${base}/v1`, apiKey: 'sk-conformance-secret', retry: fastRetry, idempotencyHeader: 'idempotency-key', ...extra });
  const messages = [{ role: 'user', content: UTF8 }];
  return {
    'openai.chat': async () => {
      const res = await ai.createChatCompletion(client(), { model: 'm', messages });
      assert(res.choices[0]?.message.content === `echo: ${UTF8}` && res.usage?.total_tokens === 5, `got ${JSON.stringify(res)}`);
      return `content ${JSON.stringify(res.choices[0].message.content)}`;
    },
    'openai.chat.stream': async () => {
      const step = lockstep(base);
      const stream = await ai.createChatCompletion(client(), { model: 'm', messages, stream: true }, { headers: step.headers });
      let text = '';
      let chunks = 0;
      let finish;
      // read with forEach (values handed over as they are parsed, its callback's promise awaited); core.sse reads with for await
      await stream.forEach(async (c) => {
        chunks++;
        text += c.choices[0]?.delta.content ?? '';
        finish = c.choices[0]?.finish_reason ?? finish;
        await step.ack();
      });
      assert(chunks === 7 && text === 'h\u00e9llo w\u00f6rld \u2713' && finish === 'stop', `${chunks} chunks: ${JSON.stringify(text)} finish=${finish}`);
      const streamed = await step.assertStreamed('chat stream');
      return `${chunks} chunks via forEach streamed (${streamed}), text ${JSON.stringify(text)}, finish_reason stop`;
    },
    'openai.abort+deadline': async () => {
      const d = await rejection(() => ai.createChatCompletion(client(), { model: 'slow', messages }, { timeoutMs: 300 }));
      assert(d.error instanceof core.TimeoutError && d.ms >= 290 && d.ms < 2500, `deadline: ${describe(d.error)} after ${d.ms} ms`);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 150);
      const a = await rejection(() => ai.createChatCompletion(client(), { model: 'slow', messages }, { signal: ac.signal }));
      assert(a.error instanceof core.AbortError && a.ms >= 130, `abort: ${describe(a.error)} after ${a.ms} ms`);
      return `TimeoutError after ${d.ms} ms, AbortError after ${a.ms} ms`;
    },
    'openai.retry503': async () => {
      const model = `flaky-${uid()}`;
      const res = await ai.createChatCompletion(client(), { model, messages }, { idempotencyKey: uid() });
      assert(res.choices[0]?.message.content === `echo: ${UTF8}` && (await serverHits(base, model)) === 2, 'expected one retry');
      const blind = `flaky-${uid()}`;
      const e = await rejection(() => ai.createChatCompletion(client(), { model: blind, messages }));
      assert(e.error instanceof core.APIError && e.error.status === 503 && (await serverHits(base, blind)) === 1, `no-key POST: ${describe(e.error)}`);
      assert(!JSON.stringify(e.error.toJSON()).includes('sk-conformance-secret'), 'API key leaked into toJSON');
      return 'POST with idempotency key retried once after 503; without key not retried';
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A browser calling a server of another origin that lists no Access-Control-Expose-Headers: the script
// sees only the CORS-safelisted response headers (content-type, content-length, …), so x-request-id,
// retry-after-ms / Retry-After and Inference-Header-Content-Length are hidden (docs/runtimes.md, "Chromium").
function crossOriginChecks(base, crossOrigin, core, oip, ai) {
  return {
    'browser.cross_origin': async () => {
      const failing = async (origin, key) => {
        const retries = [];
        const c = core.createClient({ baseURL: origin, retry: fastRetry, timeoutMs: 10_000, onRetry: (e) => retries.push(e) });
        const { error } = await rejection(() => core.request(c, { method: 'GET', path: '/flaky', query: { key, fail: 9, wait: 30 }, operation: 'conf.cross_origin' }));
        return { error, retries, hits: await serverHits(base, key) };
      };
      // control: the page's own origin exposes every header, so the hint and the request id arrive
      const own = await failing(base, uid());
      assert(own.error instanceof core.APIError && own.error.requestId === 'flaky-3', `own origin: ${describe(own.error)} requestId=${own.error?.requestId}`);
      assert(own.retries.length === 2 && own.retries.every((r) => r.delaySource === 'server' && r.delayMs === 30), `own origin retries ${JSON.stringify(own.retries.map((r) => [r.delaySource, r.delayMs]))}`);
      // another origin, nothing exposed: no request id, the backoff schedule instead of the hidden hint, retries still bounded
      const other = await failing(crossOrigin, uid());
      assert(other.error instanceof core.APIError && other.error.status === 503, `cross-origin: ${describe(other.error)}`);
      assert(other.error.requestId === undefined, `cross-origin requestId ${other.error.requestId}: the header should be hidden`);
      assert(other.hits === 3, `cross-origin: ${other.hits} attempts reached the server (maxRetries 2)`);
      assert(other.retries.length === 2 && other.retries.every((r) => r.delaySource === 'backoff'), `cross-origin retries ${JSON.stringify(other.retries.map((r) => [r.delaySource, r.delayMs]))}`);
      const parts = ['APIError 503 without requestId, 2 retries on the backoff schedule (hint hidden), 3 attempts'];
      // a server that sends no CORS header at all: the browser hides its answer (a TypeError to fetch)
      const key = uid();
      const c0 = core.createClient({ baseURL: crossOrigin, retry: fastRetry, timeoutMs: 10_000 });
      const blocked = await rejection(() => core.request(c0, { method: 'GET', path: '/no-cors', query: { key }, operation: 'conf.no_cors' }));
      const hits = await serverHits(base, key);
      assert(blocked.error instanceof core.ConnectionError && blocked.error.requestMayHaveReachedServer === true, `no CORS headers: ${describe(blocked.error)}`);
      assert(hits === 3, `no CORS headers: ${hits} attempts reached the server (a GET, maxRetries 2)`);
      parts.push('no CORS headers at all: ConnectionError (may have reached the server), a GET tried 3 times');
      if (oip) {
        const x = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }] };
        const c = core.createClient({ baseURL: crossOrigin, retry: fastRetry, timeoutMs: 10_000 });
        const json = await oip.infer(c, 'mlp', x);
        assert(json.outputs[0]?.data[0] === 10, `JSON infer: ${JSON.stringify(json.outputs[0])}`);
        const bin = await rejection(() => oip.inferBinary(c, 'mlp', x));
        assert(bin.error instanceof core.ResponseValidationError && /Inference-Header-Content-Length/i.test(bin.error.message), `binary infer: ${describe(bin.error)}`);
        parts.push(`JSON infer ok; binary infer: ResponseValidationError naming the header`);
      }
      if (ai) {
        const c = core.createClient({ baseURL: `${crossOrigin}/v1`, apiKey: 'sk-conformance-secret', retry: fastRetry, timeoutMs: 10_000 });
        const stream = await ai.createChatCompletion(c, { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        assert(text === 'h\u00e9llo w\u00f6rld \u2713', `streamed chat: ${JSON.stringify(text)}`);
        parts.push('streamed chat ok');
      }
      return parts.join('; ');
    },
  };
}

// ---------------------------------------------------------------------------------------------
/**
 * Where `undici` cannot dispatch (Bun resolves it to a built-in stand-in), `undiciTransport()`
 * throws an InvalidRequestError that points to the fetch transport, instead of a TypeError later.
 */
export async function undiciRefusedCheck(core, undici) {
  const t0 = Date.now();
  let error;
  try {
    undici.undiciTransport();
  } catch (e) {
    error = e;
  }
  const pass = error instanceof core.InvalidRequestError && error.path === 'dispatcher' && /fetchTransport\(\)/.test(error.message);
  const detail = pass ? `undiciTransport() refused: ${error.message}` : `undiciTransport() gave ${describe(error)}`;
  return { name: 'undici.refused_in_bun', pass, detail, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
/**
 * Runs every check for the entry points given.
 * @param {string} base  the loopback server URL
 * @param {{ core: any, oip?: any, replicate?: any, openai?: any }} sdk  the imported dist modules
 * @param {{ only?: string[], crossOrigin?: string }} [options]  crossOrigin: the server's second listener, another
 *   origin without Access-Control-Expose-Headers (the browser driver passes it: `browser.cross_origin`)
 */
export async function runConformance(base, sdk, { only, crossOrigin } = {}) {
  const checks = { ...coreChecks(base, sdk.core) };
  if (sdk.undici) Object.assign(checks, undiciChecks(base, sdk.core, sdk.undici));
  if (sdk.oip) Object.assign(checks, oipChecks(base, sdk.oip, sdk.core));
  if (sdk.replicate) Object.assign(checks, replicateChecks(base, sdk.replicate, sdk.core));
  if (sdk.openai) Object.assign(checks, openaiChecks(base, sdk.openai, sdk.core));
  if (crossOrigin) Object.assign(checks, crossOriginChecks(base, crossOrigin, sdk.core, sdk.oip, sdk.openai));
  const results = [];
  for (const [name, fn] of Object.entries(checks)) {
    if (only && !only.some((p) => name.startsWith(p))) continue;
    const t0 = Date.now();
    try {
      results.push({ name, pass: true, detail: await fn(), ms: Date.now() - t0 });
    } catch (e) {
      results.push({ name, pass: false, detail: e instanceof CheckFailure ? e.message : String(e?.stack ?? e), ms: Date.now() - t0 });
    }
  }
  const passed = results.filter((r) => r.pass).length;
  const entries = Object.keys(sdk).filter((k) => sdk[k]);
  return { runtime: detectRuntime(), entries, results, passed, failed: results.length - passed };
}

/** The names of the checks run for these entry points (run-all.mjs requires each in every runtime). */
export function checkNames(entries) {
  const names = Object.keys(coreChecks('', null));
  if (entries.includes('undici')) names.push(...Object.keys(undiciChecks('', null, null)));
  if (entries.includes('oip')) names.push(...Object.keys(oipChecks('', null, null)));
  if (entries.includes('replicate')) names.push(...Object.keys(replicateChecks('', null, null)));
  if (entries.includes('openai')) names.push(...Object.keys(openaiChecks('', null, null)));
  return names;
}

/** Merges extra results (e.g. the ONNX checks of the CLI driver) into a report. */
export function addResults(report, results) {
  report.results.push(...results);
  report.passed = report.results.filter((r) => r.pass).length;
  report.failed = report.results.length - report.passed;
  return report;
}

/** The report as text; the last line is `N passed, M failed`. */
export function format(rep) {
  return [
    `runtime: ${rep.runtime}`,
    `entries: ${rep.entries.join(', ')}`,
    ...rep.results.map((r) => `${r.pass ? 'PASS' : 'FAIL'} ${r.name} (${r.ms} ms): ${r.detail}`),
    `${rep.passed} passed, ${rep.failed} failed`,
  ].join('\n');
}
