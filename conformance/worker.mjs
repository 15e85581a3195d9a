// workerd driver: a Worker module whose `test()` handler (run by `workerd test`) runs the
// conformance checks inside workerd, then calls the Cloudflare Worker example
// (examples/cloudflare-worker, bound as the EXAMPLE service) and checks the chat stream it proxies.
// `modelwire-conformance-sdk` is a virtual module made by run-all.mjs (static imports of the built
// dist entry points); esbuild bundles it all into one file.
import { sdk } from 'modelwire-conformance-sdk';
import { addResults, format, runConformance } from './conformance.mjs';

async function exampleCheck(example) {
  const t0 = Date.now();
  try {
    const res = await example.fetch('http://example/chat', { method: 'POST', body: JSON.stringify({ prompt: 'proxy me' }) });
    if (res.status !== 200 || res.headers.get('content-type') !== 'text/event-stream') throw new Error(`status ${res.status} ${await res.text()}`);
    const events = (await res.text()).split('\n\n').filter(Boolean);
    if (events.at(-1) !== 'data: [DONE]') throw new Error(`stream did not end with [DONE]: ${JSON.stringify(events.at(-1))}`);
    const text = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)).choices[0]?.delta.content ?? '').join('');
    if (text !== 'h\u00e9llo w\u00f6rld \u2713') throw new Error(`proxied text ${JSON.stringify(text)}`);
    return { name: 'example.cloudflare-worker', pass: true, detail: `POST /chat proxied ${events.length - 1} chunks + [DONE] via toReadableStream()`, ms: Date.now() - t0 };
  } catch (e) {
    return { name: 'example.cloudflare-worker', pass: false, detail: String(e?.stack ?? e), ms: Date.now() - t0 };
  }
}

export default {
  async fetch() {
    return new Response('modelwire conformance worker; run with `workerd test`');
  },
  async test(_controller, env) {
    const report = await runConformance(env.BASE, sdk);
    if (env.EXAMPLE) addResults(report, [await exampleCheck(env.EXAMPLE)]);
    console.log(format(report));
    if (report.failed) throw new Error(`${report.failed} conformance check(s) failed in workerd`);
  },
};
