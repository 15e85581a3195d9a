/**
 * Type-level tests of `modelwire/onnx`, as a user imports it. Checked by `tsc -p tsconfig.json`
 * (the first half of `npm test`) against src/, and by `npm run check:package` against the built
 * dist/*.d.ts and dist/*.d.cts; vitest does not run `.test-d.ts` files, so nothing here executes.
 * Every `@ts-expect-error` names the misuse it stands for.
 */
import { expectTypeOf } from 'vitest';
import { withFallback, type SourceInfo } from 'modelwire';
import { createOipClient, type InferenceRequest, type InferenceResponse, type ModelMetadata, type OipTarget, type RepositoryIndexEntry } from 'modelwire/oip';
import { createOnnxRuntime, datatypeOf, ortTypeOf, type OnnxRuntime, type OrtType } from 'modelwire/onnx';

const local = createOnnxRuntime({ modelRepository: './models', execution: 'worker', workers: 2, maxConcurrentRuns: Infinity });
const request: InferenceRequest = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] };

// ---------------------------------------------------------------- the local runtime answers with the OIP types

expectTypeOf(local).toEqualTypeOf<OnnxRuntime>();
expectTypeOf(local).toMatchTypeOf<OipTarget>();
expectTypeOf(local.infer('mlp', request)).toEqualTypeOf<Promise<InferenceResponse>>();
expectTypeOf(local.inference.infer('mlp', request, { timeoutMs: 100 })).toEqualTypeOf<Promise<InferenceResponse>>();
expectTypeOf(local.get('mlp')).toEqualTypeOf<Promise<ModelMetadata>>();
expectTypeOf(local.models.list()).toEqualTypeOf<Promise<RepositoryIndexEntry[]>>();
expectTypeOf(local.load('mlp', { waitUntilReady: false })).toEqualTypeOf<Promise<void>>();
expectTypeOf(local.dispose()).toEqualTypeOf<Promise<void>>();
expectTypeOf(local[Symbol.asyncDispose]()).toEqualTypeOf<Promise<void>>();
expectTypeOf(datatypeOf('float32')).toEqualTypeOf<InferenceRequest['inputs'][number]['datatype'] | undefined>();
expectTypeOf(ortTypeOf('FP32')).toEqualTypeOf<OrtType | undefined>(); // undefined for BF16: ORT's JS API has no bfloat16

// the same request object runs remotely or locally
const remote = createOipClient({ baseURL: 'http://127.0.0.1:8000' });
const target = withFallback<OipTarget>(remote, local, { primaryName: 'triton', fallbackName: 'onnx' });
expectTypeOf(target.infer('mlp', request)).toEqualTypeOf<Promise<InferenceResponse & SourceInfo>>();
expectTypeOf(target.infer('mlp', request).then((r) => r.source)).toEqualTypeOf<Promise<'remote' | 'local'>>();

// ---------------------------------------------------------------- misuse

// @ts-expect-error the model repository is required
createOnnxRuntime({});
// @ts-expect-error execution is inline or worker
createOnnxRuntime({ modelRepository: './models', execution: 'gpu' });
// @ts-expect-error backend is node or web
createOnnxRuntime({ modelRepository: './models', backend: 'cuda' });
// @ts-expect-error threads is a number
createOnnxRuntime({ modelRepository: './models', threads: 'auto' });
// @ts-expect-error unknown option key (a typo of modelRepository)
createOnnxRuntime({ modelRepo: './models' });
// @ts-expect-error FP32 data is a Float32Array
void local.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: [0.5] }] });
