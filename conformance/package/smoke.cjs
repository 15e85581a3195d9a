// CommonJS consumer of the INSTALLED tarball: `require` of every subpath.
const expect = {
  modelwire: ['createClient', 'request', 'requestStream', 'Stream', 'fetchTransport', 'TimeoutError', 'isModelwireError'],
  'modelwire/oip': ['createOipClient', 'infer', 'inferBinary', 'generateStream'],
  'modelwire/replicate': ['createReplicateClient', 'run', 'verifyWebhook'],
  'modelwire/openai': ['createOpenAIClient', 'createChatCompletion', 'openAIClientOptions'],
  'modelwire/undici': ['undiciTransport'],
  'modelwire/onnx': ['createOnnxRuntime'],
};
let bad = 0;
for (const [spec, names] of Object.entries(expect)) {
  const mod = require(spec);
  const missing = names.filter((n) => mod[n] === undefined);
  console.log(`${missing.length ? 'FAIL' : 'PASS'} require ${spec}${missing.length ? `: missing ${missing.join(', ')}` : ` (${Object.keys(mod).length} exports)`}`);
  bad += missing.length ? 1 : 0;
}
// Errors thrown by one copy are recognised by the other (ESM and CJS builds are separate module instances).
(async () => {
  const esm = await import('modelwire');
  const cjs = require('modelwire');
  const e = new esm.TimeoutError('t', { timeoutMs: 1 });
  const crossOk = e instanceof cjs.TimeoutError && e instanceof cjs.ModelwireError && cjs.isModelwireError(e);
  console.log(`${crossOk ? 'PASS' : 'FAIL'} an ESM TimeoutError is instanceof the CJS TimeoutError`);
  const { createOnnxRuntime } = require('modelwire/onnx');
  const rt = createOnnxRuntime({ modelRepository: process.env.MODELS });
  const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });
  await rt.dispose();
  const onnxOk = res.outputs[0].data.length === 3;
  console.log(`${onnxOk ? 'PASS' : 'FAIL'} require modelwire/onnx runs models/mlp.onnx`);
  process.exit(bad || !crossOk || !onnxOk ? 1 : 0);
})().catch((e) => {
  console.log(`FAIL ${e?.stack ?? e}`);
  process.exit(1);
});
