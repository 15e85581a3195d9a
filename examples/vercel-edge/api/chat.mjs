// A Vercel Edge Function: runs an OIP inference and a Replicate prediction (sync mode) and answers
// with both, using only web-standard APIs (no Node built-ins exist on the edge).
//
// Environment (process.env on Vercel's edge): OIP_BASE_URL (KServe/Triton), REPLICATE_API_TOKEN,
// REPLICATE_BASE_URL (optional). CI runs it inside Vercel's edge-runtime against a loopback server.
import { createClient, isModelwireError } from 'modelwire';
import { infer } from 'modelwire/oip';
import { run } from 'modelwire/replicate';

export const config = { runtime: 'edge' };

export default async function handler(request) {
  const env = process.env;
  const { values = [0, 0, 0, 0], prompt = 'hello' } = await request.json();
  try {
    const oip = createClient({ baseURL: env.OIP_BASE_URL, timeoutMs: 5_000 });
    const replicate = createClient({ baseURL: env.REPLICATE_BASE_URL ?? 'https://api.replicate.com/v1', apiKey: env.REPLICATE_API_TOKEN });
    const [scores, output] = await Promise.all([
      infer(oip, 'mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.from(values) }] }),
      run(replicate, 'acme/echo', { input: { prompt }, timeoutMs: 20_000 }),
    ]);
    return Response.json({ scores: Array.from(scores.outputs[0].data), output });
  } catch (err) {
    const status = isModelwireError(err) && err.code === 'timeout' ? 504 : 502;
    return Response.json({ error: isModelwireError(err) ? err.toJSON() : { message: String(err) } }, { status });
  }
}
