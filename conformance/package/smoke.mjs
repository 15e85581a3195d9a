// ESM consumer of the INSTALLED tarball: every subpath imports and exposes its main functions.
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
  const mod = await import(spec);
  const missing = names.filter((n) => mod[n] === undefined);
  console.log(`${missing.length ? 'FAIL' : 'PASS'} import ${spec}${missing.length ? `: missing ${missing.join(', ')}` : ` (${Object.keys(mod).length} exports)`}`);
  bad += missing.length ? 1 : 0;
}
// The packaged ONNX entry finds its optional peer from the consumer project and runs a committed model.
const { createOnnxRuntime } = await import('modelwire/onnx');
const rt = createOnnxRuntime({ modelRepository: process.env.MODELS });
const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });
await rt.dispose();
const sum = res.outputs[0].data.reduce((a, b) => a + b, 0);
const onnxOk = res.outputs[0].data.length === 3 && Math.abs(sum - 1) < 1e-5;
console.log(`${onnxOk ? 'PASS' : 'FAIL'} import modelwire/onnx runs models/mlp.onnx (softmax sum ${sum.toFixed(6)})`);
process.exit(bad || !onnxOk ? 1 : 0);
