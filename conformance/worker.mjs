// workerd driver: a Worker module whose `test()` handler (run by `workerd test`) runs the
// conformance checks inside workerd, then calls the Cloudflare Worker example
// (examples/cloudflare-worker, bound as the EXAMPLE service) and checks the chat stream it proxies,
// then calls this Worker's own `fetch()` handler (bound as SELF) as a client would (workerd.fetch_handler).
// `modelwire-conformance-sdk` is a virtual module made by run-all.mjs (static imports of the built
// dist entry points); esbuild bundles it all into one file.
import { sdk } from 'modelwire-conformance-sdk';
import { addResults, format, runConformance } from './conformance.mjs';

const CHAT_TEXT = 'h\u00e9llo w\u00f6rld \u2713';

async function exampleCheck(example) {
  const t0 = Date.now();
  try {
    const res = await example.fetch('http://example/chat', { method: 'POST', body: JSON.stringify({ prompt: 'proxy me' }) });
    if (res.status !== 200 || res.headers.get('content-type') !== 'text/event-stream') throw new Error(`status ${res.status} ${await res.text()}`);
    const events = (await res.text()).split('\n\n').filter(Boolean);
    if (events.at(-1) !== 'data: [DONE]') throw new Error(`stream did not end with [DONE]: ${JSON.stringify(events.at(-1))}`);
    const text = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)).choices[0]?.delta.content ?? '').join('');
    if (text !== CHAT_TEXT) throw new Error(`proxied text ${JSON.stringify(text)}`);
    return { name: 'example.cloudflare-worker', pass: true, detail: `POST /chat proxied ${events.length - 1} chunks + [DONE] via toReadableStream()`, ms: Date.now() - t0 };
  } catch (e) {
    return { name: 'example.cloudflare-worker', pass: false, detail: String(e?.stack ?? e), ms: Date.now() - t0 };
  }
}

// Clients made once per isolate and kept at module scope, as Workers usually keep them: each request
// below runs in its own I/O context, and workerd refuses a promise, stream or timer of one request
// used by another ("Cannot perform I/O on behalf of a different request").
let kept;
function clients(env) {
  if (kept) return kept;
  const { core, oip, openai } = sdk;
  const retries = [];
  const fallbacks = [];
  const x = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }] };
  kept = {
    retries,
    fallbacks,
    x,
    ai: openai.createOpenAIClient({ baseURL: `${env.BASE}/v1`, apiKey: 'sk-conformance-secret', timeoutMs: 10_000 }),
    core: core.createClient({ baseURL: env.BASE, retry: { maxRetries: 2, initialDelayMs: 20, maxDelayMs: 50, jitter: 0 }, onRetry: (e) => retries.push(e) }),
    // two remote OIP servers: the primary's port refuses connections, so the replica answers, then its circuit stays open across requests
    target: core.withFallback(oip.createOipClient({ baseURL: env.DEAD, retry: { maxRetries: 0 } }), oip.createOipClient({ baseURL: env.BASE }), {
      primaryName: 'primary',
      fallbackName: 'replica',
      fallbackSource: 'remote',
      breaker: { failureThreshold: 1, cooldownMs: 60_000 },
      onFallback: (e) => fallbacks.push(e.error ? `${e.reason} ${e.error.name} mayHaveReachedServer=${e.error.requestMayHaveReachedServer}` : e.reason),
    }),
  };
  return kept;
}

async function route(request, env) {
  const c = clients(env);
  const url = new URL(request.url);
  const { core } = sdk;
  switch (url.pathname) {
    case '/chat': {
      const lock = url.searchParams.get('lockstep');
      const stream = await c.ai.chat.completions.create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
        { signal: request.signal, headers: lock ? { 'x-conformance-lockstep': lock } : undefined },
      );
      return new Response(stream.toReadableStream(), { headers: { 'content-type': 'text/event-stream' } });
    }
    case '/retry': {
      c.retries.length = 0;
      const res = await core.request(c.core, { method: 'GET', path: '/flaky', query: { key: url.searchParams.get('key'), fail: 1, wait: 30 }, operation: 'conf.worker.retry' });
      return Response.json({ hits: res.hits, retries: c.retries.map((r) => `${r.status}/${r.delaySource}/${r.delayMs}`) });
    }
    case '/deadline': {
      const error = await core.request(c.core, { method: 'GET', path: '/slow', operation: 'conf.worker.deadline' }, { timeoutMs: 300 }).then(() => null, (e) => e);
      return Response.json({ timeout: error instanceof core.TimeoutError, error: String(error) });
    }
    case '/fallback': {
      const res = await c.target.infer('mlp', c.x, { binary: true });
      return Response.json({ from: `${res.source}/${res.sourceName}`, y: [...res.outputs[0].data], reasons: c.fallbacks });
    }
  }
  return new Response('modelwire conformance worker; run with `workerd test`', { status: 404 });
}

// The calls an edge handler makes, through this Worker's own fetch() handler, one request each, with the
// clients kept at module scope: a streamed chat read to the end (twice in a row and twice at once) and one
// cancelled by its reader after the first chunk (a browser that went away: the upstream body is cancelled),
// a GET retried on the server's retry-after-ms hint, a deadline, and withFallback across two remote OIP
// servers whose circuit, opened in one request, keeps the next requests off the refused primary.
async function fetchHandlerCheck(self, base) {
  const t0 = Date.now();
  const name = 'workerd.fetch_handler';
  try {
    const chatText = async (res) => {
      const events = (await res.text()).split('\n\n').filter(Boolean);
      if (res.status !== 200 || events.at(-1) !== 'data: [DONE]') throw new Error(`chat: status ${res.status}, last event ${JSON.stringify(events.at(-1))}`);
      return events.slice(0, -1).map((e) => JSON.parse(e.slice(6)).choices[0]?.delta.content ?? '').join('');
    };
    // one request, then two at once beside a deadline (a call of /slow that the 300 ms deadline ends)
    const texts = [await chatText(await self.fetch('http://self/chat'))];
    const [a, b, d] = await Promise.all([self.fetch('http://self/chat').then(chatText), self.fetch('http://self/chat').then(chatText), self.fetch('http://self/deadline').then((r) => r.json())]);
    texts.push(a, b);
    if (texts.some((t) => t !== CHAT_TEXT)) throw new Error(`chat texts ${JSON.stringify(texts)}`);
    if (!d.timeout) throw new Error(`deadline: ${d.error}`);
    const id = crypto.randomUUID();
    const reader = (await self.fetch(`http://self/chat?lockstep=${id}`)).body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    if (!first.startsWith('data: {')) throw new Error(`first chunk ${JSON.stringify(first)}`);
    await reader.cancel();
    const closed = await (await fetch(`${base}/closed?stream=${id}`)).json();
    if (closed.closedEarly !== true) throw new Error(`a chat stream whose reader cancelled it after chunk 1 stayed open upstream: the server ended it after ${closed.waitMs} ms`);
    for (let i = 0; i < 2; i++) {
      const r = await (await self.fetch(`http://self/retry?key=${crypto.randomUUID()}`)).json();
      if (r.hits !== 2 || r.retries.join() !== '503/server/30') throw new Error(`retry ${i + 1}: ${JSON.stringify(r)}`);
    }
    const f = [];
    for (let i = 0; i < 3; i++) f.push(await (await self.fetch('http://self/fallback')).json());
    if (f.some((r) => r.from !== 'remote/replica' || r.y.join() !== '10,4')) throw new Error(`withFallback: ${JSON.stringify(f)}`);
    // workerd says "Network connection lost." for a refused connection as for one lost later, so it may have reached the server
    if (f[2].reasons.join() !== 'error ConnectionError mayHaveReachedServer=true,circuit-open,circuit-open') throw new Error(`withFallback reasons ${JSON.stringify(f[2].reasons)}`);
    const detail = `module-scope clients across requests: 3 chat streams read to the end (2 at once), 1 cancelled after chunk 1 (upstream closed early), 2 GETs retried on retry-after-ms, TimeoutError, withFallback over 2 remote OIP servers (binary tensors; refused primary, then its circuit open)`;
    return { name, pass: true, detail, ms: Date.now() - t0 };
  } catch (e) {
    return { name, pass: false, detail: String(e?.stack ?? e), ms: Date.now() - t0 };
  }
}

export default {
  async fetch(request, env) {
    return route(request, env);
  },
  async test(_controller, env) {
    const report = await runConformance(env.BASE, sdk);
    if (env.EXAMPLE) addResults(report, [await exampleCheck(env.EXAMPLE)]);
    if (env.SELF && sdk.oip && sdk.openai) addResults(report, [await fetchHandlerCheck(env.SELF, env.BASE)]);
    console.log(format(report));
    if (report.failed) throw new Error(`${report.failed} conformance check(s) failed in workerd`);
  },
};
