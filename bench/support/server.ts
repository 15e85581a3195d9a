/**
 * Loopback server for benchmarks, run in its own process so client and server do not share an
 * event loop. Prints `PORT <n>` when listening. Routes: GET /small (small JSON object),
 * GET /sse?n=20000 (n small JSON events in 64 KiB writes, then `data: [DONE]`), GET /hang (never answers),
 * POST /chat-<n>/chat/completions (n OpenAI-style chat.completion.chunk events, then a finish chunk and
 * `data: [DONE]`, in 64 KiB writes: an OpenAI-compatible base URL `<origin>/chat-<n>`).
 */
import http from 'node:http';

const small = Buffer.from(JSON.stringify({ id: 'mdl_01', name: 'mlp', ready: true, versions: ['1', '2'], platform: 'onnxruntime_onnx' }));
const sseCache = new Map<number, Buffer>();
function sseBody(n: number): Buffer {
  let b = sseCache.get(n);
  if (!b) {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`data: {"i":${i},"text":"tok${i % 100}"}\n\n`);
    parts.push('data: [DONE]\n\n');
    b = Buffer.from(parts.join(''));
    sseCache.set(n, b);
  }
  return b;
}

const chatCache = new Map<number, Buffer>();
function chatBody(n: number): Buffer {
  let b = chatCache.get(n);
  if (!b) {
    const words = ['The', ' image', ' shows', ' a', ' wooden', ' boardwalk', ' path', '.'];
    const head = '{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":';
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const delta = i === 0 ? { role: 'assistant', content: '' } : { content: words[i % words.length] };
      parts.push(`data: ${head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":null}]}\n\n`);
    }
    parts.push(`data: ${head}{},"logprobs":null,"finish_reason":"stop"}]}\n\n`, 'data: [DONE]\n\n');
    b = Buffer.from(parts.join(''));
    chatCache.set(n, b);
  }
  return b;
}

/** Writes `body` in 64 KiB slices, waiting for `drain` (a slow reader holds the rest back). */
function writeSliced(res: http.ServerResponse, body: Buffer): void {
  let off = 0;
  const write = (): void => {
    while (off < body.length) {
      const chunk = body.subarray(off, off + 65536);
      off += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', write);
    }
    res.end();
  };
  write();
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/small') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': small.length, 'x-request-id': 'req_1' });
    res.end(small);
    return;
  }
  if (url.startsWith('/sse')) {
    const n = Number(new URL(url, 'http://x').searchParams.get('n') ?? 20000);
    const body = sseBody(n);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    writeSliced(res, body);
    return;
  }
  const chat = /^\/chat-(\d+)\/chat\/completions$/.exec(url);
  if (chat && req.method === 'POST') {
    req.resume(); // the request body is not looked at
    req.once('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      writeSliced(res, chatBody(Number(chat[1])));
    });
    return;
  }
  if (url === '/hang') return; // never answers; the client aborts
  res.writeHead(404);
  res.end();
});
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`PORT ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => process.exit(0));
