/**
 * Differential over every spec-valid success answer of ../shared/specs/openai/openapi.yaml
 * (test/helpers/spec-samples.ts: full, minimal, nulls, each enum value and union branch, empty
 * arrays): the official `openai` client returns each body as sent, and modelwire `strict` must
 * return the same value: nothing the spec defines dropped, nothing changed. Chat stream chunks
 * likewise, chunk by chunk. The one deliberate difference is in DELIBERATE with why.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChatCompletion, createCompletion, createEmbedding, deleteModel, listModels, retrieveModel } from '../../src/openai/index.js';
import { responseSamples, type SpecSample } from '../helpers/spec-samples.js';
import { json, sse } from '../helpers/test-server.js';
import { capture, drain, pairs, plain, startDiffServer, valueOf, type DiffServer, type Pair } from './_differential.js';

const SPEC = 'openai/openapi.yaml';
const messages = [{ role: 'user' as const, content: 'hi' }];

let diff: DiffServer;
let pair: Pair;
beforeAll(async () => {
  diff = await startDiffServer();
  pair = pairs(diff)[0]!;
});
afterAll(() => diff.close());

interface Operation {
  samples: () => SpecSample[];
  official: (p: Pair) => Promise<unknown>;
  mw: (p: Pair) => Promise<unknown>;
  stream?: boolean;
}

const OPERATIONS: Record<string, Operation> = {
  createChatCompletion: {
    samples: () => responseSamples(SPEC, 'createChatCompletion'),
    official: (p) => p.official.chat.completions.create({ model: 'm', messages }),
    mw: (p) => createChatCompletion(p.mw, { model: 'm', messages }),
  },
  'createChatCompletion (stream chunks)': {
    samples: () => responseSamples(SPEC, 'createChatCompletion', { mediaType: 'text/event-stream' }),
    official: async (p) => (await drain(await p.official.chat.completions.create({ model: 'm', messages, stream: true }))).values,
    mw: async (p) => (await drain(await createChatCompletion(p.mw, { model: 'm', messages, stream: true }))).values,
    stream: true,
  },
  createCompletion: {
    samples: () => responseSamples(SPEC, 'createCompletion'),
    official: (p) => p.official.completions.create({ model: 'm', prompt: 'hi' }),
    mw: (p) => createCompletion(p.mw, { model: 'm', prompt: 'hi' }),
  },
  'createCompletion (stream chunks)': {
    // the spec's legacy completion stream: chunks of the same object as the JSON answer
    samples: () => responseSamples(SPEC, 'createCompletion'),
    official: async (p) => (await drain(await p.official.completions.create({ model: 'm', prompt: 'hi', stream: true }))).values,
    mw: async (p) => (await drain(await createCompletion(p.mw, { model: 'm', prompt: 'hi', stream: true }))).values,
    stream: true,
  },
  deleteModel: {
    samples: () => responseSamples(SPEC, 'deleteModel'),
    official: (p) => p.official.models.delete('m'),
    mw: (p) => deleteModel(p.mw, 'm'),
  },
  createEmbedding: {
    samples: () => responseSamples(SPEC, 'createEmbedding'),
    official: (p) => p.official.embeddings.create({ model: 'm', input: 'hi', encoding_format: 'float' }),
    mw: (p) => createEmbedding(p.mw, { model: 'm', input: 'hi', encoding_format: 'float' }),
  },
  listModels: {
    samples: () => responseSamples(SPEC, 'listModels'),
    official: async (p) => {
      const page = await p.official.models.list();
      return { object: 'list', data: page.data };
    },
    mw: (p) => listModels(p.mw),
  },
  retrieveModel: {
    samples: () => responseSamples(SPEC, 'retrieveModel'),
    official: (p) => p.official.models.retrieve('m'),
    mw: (p) => retrieveModel(p.mw, 'm'),
  },
};

/**
 * Differences kept on purpose: `operation: path` as diffPaths prints it (`-`: a field only the
 * official client returns), and why.
 */
const DELIBERATE: Record<string, string> = {
  // random characters that pad each chunk against size side channels (the spec: "normalize payload
  // sizes"); they carry nothing for the caller, and strict drops them like any unknown padding
  'createChatCompletion (stream chunks): - [].obfuscation': 'padding without content',
};

it('modelwire strict returns every spec-valid answer as the official client does', async () => {
  const differences: string[] = [];
  let compared = 0;
  for (const [name, op] of Object.entries(OPERATIONS)) {
    for (const sample of op.samples()) {
      diff.answer((_req, res) => (op.stream ? sse(res, [sample.value as object, '[DONE]']) : json(res, 200, sample.value)));
      const o = await capture(diff.server, () => op.official(pair));
      const m = await capture(diff.server, () => op.mw(pair));
      compared++;
      if (!m.outcome.ok) {
        differences.push(`${name} [${sample.label}]: modelwire threw ${String(m.outcome.error)}`);
        continue;
      }
      const official = plain(valueOf(o.outcome));
      // listModels: the official page keeps only `data`; the spec's list has just `object` and `data`
      const mine = plain(m.outcome.value);
      for (const path of diffPaths(mine, official)) differences.push(`${name}: ${path}`);
    }
  }
  expect(compared).toBeGreaterThan(100);
  expect([...new Set(differences)].sort()).toEqual(Object.keys(DELIBERATE).sort());
});

/** Paths (indices as `[]`) where two JSON values differ: `+` only in `a`, `-` only in `b`, `~` different. */
function diffPaths(a: unknown, b: unknown, path = ''): string[] {
  if (Object.is(a, b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return [`~ ${path || '.'} (${JSON.stringify(a)?.slice(0, 60)} vs ${JSON.stringify(b)?.slice(0, 60)})`];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`~ ${path}[] length ${a.length} vs ${b.length}`];
    return a.flatMap((x, i) => diffPaths(x, b[i], `${path}[]`));
  }
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(k in b)) out.push(`+ ${path}.${k}`);
    else if (!(k in a)) out.push(`- ${path}.${k}`);
    else out.push(...diffPaths(a[k], b[k], `${path}.${k}`));
  }
  return out;
}
