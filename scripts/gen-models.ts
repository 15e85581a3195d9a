/**
 * Writes the committed test models (models/*.onnx) as ONNX protobuf, from TypeScript only:
 * protobufjs plus a hand-written subset of onnx.proto (no Python, no onnx-proto).
 *
 *   node --import tsx scripts/gen-models.ts          # rewrites models/*.onnx (byte-identical on every run)
 *
 * Models (opset 13, IR 8):
 * - mlp.onnx          x FP32[batch,4] -> MatMul/Add/Relu/MatMul/Add/Softmax -> probs FP32[batch,3]
 * - int64.onnx        x INT64[n] -> y = x * 3 + 2^40 (INT64[n])
 * - two_io.onnx       a FP32[batch,2], b INT32[batch,2] -> sum FP32 = a + float(b), gt BOOL = a > float(b)
 * - strings.onnx      text STRING[n] -> upper STRING[n] (StringNormalizer UPPER, locale C.UTF-8)
 * - dtypes.onnx       one Identity per OIP datatype (Not for BOOL) to check the dtype mapping
 * - matmul_chain.onnx x FP32[n,n] -> y = x·x·x·x·x (4 MatMuls, no weights): a tunable ~20 ms model for benches
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { INT64_ADD, INT64_MUL, MLP, MLP_B1, MLP_B2, MLP_W1, MLP_W2 } from './model-weights.js';

type Fields = Record<string, { type: string; id: number; rule?: 'repeated' }>;
const msg = (fields: Fields) => ({ fields });
const rep = (type: string, id: number) => ({ type, id, rule: 'repeated' as const });

/** The subset of onnx.proto (proto2) these models need; field numbers from onnx/onnx.proto. */
const schema = {
  nested: {
    onnx: {
      nested: {
        ModelProto: msg({ irVersion: { type: 'int64', id: 1 }, producerName: { type: 'string', id: 2 }, producerVersion: { type: 'string', id: 3 }, graph: { type: 'GraphProto', id: 7 }, opsetImport: rep('OperatorSetIdProto', 8) }),
        OperatorSetIdProto: msg({ domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } }),
        GraphProto: msg({ node: rep('NodeProto', 1), name: { type: 'string', id: 2 }, initializer: rep('TensorProto', 5), input: rep('ValueInfoProto', 11), output: rep('ValueInfoProto', 12) }),
        NodeProto: msg({ input: rep('string', 1), output: rep('string', 2), name: { type: 'string', id: 3 }, opType: { type: 'string', id: 4 }, attribute: rep('AttributeProto', 5), domain: { type: 'string', id: 7 } }),
        AttributeProto: msg({ name: { type: 'string', id: 1 }, f: { type: 'float', id: 2 }, i: { type: 'int64', id: 3 }, s: { type: 'bytes', id: 4 }, t: { type: 'TensorProto', id: 5 }, floats: rep('float', 7), ints: rep('int64', 8), strings: rep('bytes', 9), type: { type: 'int32', id: 20 } }),
        TensorProto: msg({ dims: rep('int64', 1), dataType: { type: 'int32', id: 2 }, name: { type: 'string', id: 8 }, rawData: { type: 'bytes', id: 9 } }),
        ValueInfoProto: msg({ name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } }),
        TypeProto: msg({ tensorType: { type: 'TypeProtoTensor', id: 1 } }),
        TypeProtoTensor: msg({ elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } }),
        TensorShapeProto: msg({ dim: rep('Dimension', 1) }),
        Dimension: msg({ dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } }),
      },
    },
  },
};

/** onnx.TensorProto.DataType values. */
export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13 } as const;
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

type Dim = number | string;
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const enc = new TextEncoder();

const init = (name: string, dataType: number, dims: number[], data: ArrayBufferView) => ({ name, dataType, dims, rawData: bytesOf(data) });
const vi = (name: string, elemType: number, dims: Dim[]) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});
type Attr = { name: string; type: number; i?: number; s?: Uint8Array; strings?: Uint8Array[] };
const node = (opType: string, input: string[], output: string[], attribute: Attr[] = []) => ({ opType, input, output, attribute, name: output[0] });
const intAttr = (name: string, i: number): Attr => ({ name, type: ATTR.INT, i });
const strAttr = (name: string, s: string): Attr => ({ name, type: ATTR.STRING, s: enc.encode(s) });

interface GraphSpec {
  name: string;
  node: ReturnType<typeof node>[];
  initializer?: ReturnType<typeof init>[];
  input: ReturnType<typeof vi>[];
  output: ReturnType<typeof vi>[];
}

const root = protobuf.Root.fromJSON(schema);
const ModelProto = root.lookupType('onnx.ModelProto');

/** Encodes one model; deterministic for the same graph. */
export function encodeModel(graph: GraphSpec): Uint8Array {
  const obj = { irVersion: 8, producerName: 'modelwire-gen-models', producerVersion: '1', opsetImport: [{ domain: '', version: 13 }], graph: { initializer: [], ...graph } };
  const err = ModelProto.verify(obj);
  if (err) throw new Error(`${graph.name}: ${err}`);
  return ModelProto.encode(ModelProto.fromObject(obj)).finish();
}

export const MODELS: Record<string, GraphSpec> = {
  mlp: {
    name: 'mlp',
    node: [
      node('MatMul', ['x', 'W1'], ['h0']),
      node('Add', ['h0', 'b1'], ['h1']),
      node('Relu', ['h1'], ['h2']),
      node('MatMul', ['h2', 'W2'], ['h3']),
      node('Add', ['h3', 'b2'], ['logits']),
      node('Softmax', ['logits'], ['probs'], [intAttr('axis', -1)]),
    ],
    initializer: [
      init('W1', DT.FLOAT, [MLP.inputs, MLP.hidden], MLP_W1),
      init('b1', DT.FLOAT, [MLP.hidden], MLP_B1),
      init('W2', DT.FLOAT, [MLP.hidden, MLP.classes], MLP_W2),
      init('b2', DT.FLOAT, [MLP.classes], MLP_B2),
    ],
    input: [vi('x', DT.FLOAT, ['batch', MLP.inputs])],
    output: [vi('probs', DT.FLOAT, ['batch', MLP.classes])],
  },
  int64: {
    name: 'int64',
    node: [node('Mul', ['x', 'k'], ['m']), node('Add', ['m', 'c'], ['y'])],
    initializer: [init('k', DT.INT64, [1], BigInt64Array.of(INT64_MUL)), init('c', DT.INT64, [1], BigInt64Array.of(INT64_ADD))],
    input: [vi('x', DT.INT64, ['n'])],
    output: [vi('y', DT.INT64, ['n'])],
  },
  two_io: {
    name: 'two_io',
    node: [node('Cast', ['b'], ['bf'], [intAttr('to', DT.FLOAT)]), node('Add', ['a', 'bf'], ['sum']), node('Greater', ['a', 'bf'], ['gt'])],
    input: [vi('a', DT.FLOAT, ['batch', 2]), vi('b', DT.INT32, ['batch', 2])],
    output: [vi('sum', DT.FLOAT, ['batch', 2]), vi('gt', DT.BOOL, ['batch', 2])],
  },
  strings: {
    name: 'strings',
    node: [
      node('StringNormalizer', ['text'], ['upper'], [strAttr('case_change_action', 'UPPER'), intAttr('is_case_sensitive', 1), strAttr('locale', 'C.UTF-8')]),
    ],
    input: [vi('text', DT.STRING, ['n'])],
    output: [vi('upper', DT.STRING, ['n'])],
  },
  dtypes: (() => {
    const types: [string, number][] = [
      ['fp16', DT.FLOAT16], ['fp32', DT.FLOAT], ['fp64', DT.DOUBLE], ['uint8', DT.UINT8], ['uint16', DT.UINT16], ['uint32', DT.UINT32], ['uint64', DT.UINT64],
      ['int8', DT.INT8], ['int16', DT.INT16], ['int32', DT.INT32], ['int64', DT.INT64], ['string', DT.STRING],
    ];
    return {
      name: 'dtypes',
      node: [...types.map(([n]) => node('Identity', [`in_${n}`], [`out_${n}`])), node('Not', ['in_bool'], ['out_bool'])],
      input: [...types.map(([n, t]) => vi(`in_${n}`, t, ['n'])), vi('in_bool', DT.BOOL, ['n'])],
      output: [...types.map(([n, t]) => vi(`out_${n}`, t, ['n'])), vi('out_bool', DT.BOOL, ['n'])],
    };
  })(),
  matmul_chain: {
    name: 'matmul_chain',
    node: [node('MatMul', ['x', 'x'], ['x2']), node('MatMul', ['x2', 'x'], ['x3']), node('MatMul', ['x3', 'x'], ['x4']), node('MatMul', ['x4', 'x'], ['y'])],
    input: [vi('x', DT.FLOAT, ['n', 'n'])],
    output: [vi('y', DT.FLOAT, ['n', 'n'])],
  },
};

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'models');
  mkdirSync(outDir, { recursive: true });
  for (const [name, graph] of Object.entries(MODELS)) {
    const bytes = encodeModel(graph);
    if (bytes.byteLength > 10_240) throw new Error(`${name}.onnx is ${bytes.byteLength} bytes (limit 10 KB)`);
    writeFileSync(join(outDir, `${name}.onnx`), bytes);
    console.log(`models/${name}.onnx ${bytes.byteLength} bytes`);
  }
}
