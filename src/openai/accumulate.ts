/**
 * Turning a chat stream into the final completion: content and refusal joined, tool calls assembled
 * from their deltas by index, finish reasons, log probabilities and the usage chunk.
 * @module
 */
import type { StreamError } from '../core/errors.js';
import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChoiceLogprobs,
  ChatCompletionChunk,
  ChatCompletionMessage,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionTokenLogprob,
  Completion,
  CompletionChoice,
  CompletionLogprobs,
  CompletionUsage,
  FinishReason,
} from './types.js';
import { toolCallIndexer, type ToolCallIndexer } from './tool-call-index.js';

interface ToolCallState {
  /** The delta `index` that groups the pieces of one call. */
  i: number;
  id: string;
  type: string;
  name: string;
  arguments: string;
}

interface ChoiceState {
  index: number;
  content: string | null;
  refusal: string | null;
  reasoning: string | null;
  reasoningField: 'reasoning_content' | 'reasoning';
  finish: FinishReason | null;
  toolCalls: ToolCallState[];
  /** The deprecated `function_call` deltas, joined (a function call has no id: it is not a tool call). */
  functionCall: { name: string; arguments: string } | null;
  logprobs: ChatCompletionTokenLogprob[] | null;
  refusalLogprobs: ChatCompletionTokenLogprob[] | null;
  /** Together: each chunk's numeric `logprobs` with the text of its delta (its non-streamed LogprobsPart); made on the first. */
  tokenLogprobs: { tokens: string[]; token_logprobs: number[] } | null;
}

/**
 * Folds chunks into a completion as they arrive; read the completion so far at any time.
 *
 * @example
 * ```ts
 * const acc = createChatAccumulator();
 * for await (const chunk of stream) {
 *   acc.add(chunk);
 *   render(acc.result().choices[0]?.message.content ?? '');
 * }
 * ```
 */
export interface ChatStreamAccumulator {
  /** Adds one chunk. */
  add(chunk: ChatCompletionChunk): void;
  /** The completion assembled so far (a new object each call). */
  result(): ChatCompletion;
  /** Chunks added so far. */
  readonly chunks: number;
}

/**
 * Creates an empty {@link ChatStreamAccumulator}.
 *
 * @example
 * ```ts
 * const acc = createChatAccumulator();
 * acc.add(chunk);
 * const { choices } = acc.result();
 * ```
 */
export function createChatAccumulator(): ChatStreamAccumulator {
  let id = '';
  let created = 0;
  let model = '';
  let fingerprint: string | null | undefined;
  let serviceTier: string | null | undefined;
  let usage: CompletionUsage | null | undefined;
  let moderation: ChatCompletion['moderation'];
  let count = 0;
  let indexOf: ToolCallIndexer | undefined;
  const choices: ChoiceState[] = [];

  const choiceAt = (index: number): ChoiceState => {
    for (const c of choices) if (c.index === index) return c;
    const c: ChoiceState = {
      index,
      content: null,
      refusal: null,
      reasoning: null,
      reasoningField: 'reasoning_content',
      finish: null,
      toolCalls: [],
      functionCall: null,
      logprobs: null,
      refusalLogprobs: null,
      tokenLogprobs: null,
    };
    choices.push(c);
    return c;
  };

  return {
    get chunks() {
      return count;
    },
    add(chunk) {
      count++;
      if (!id && chunk.id) id = chunk.id;
      if (!created && chunk.created) created = chunk.created;
      if (!model && chunk.model) model = chunk.model;
      if (chunk.system_fingerprint) fingerprint = chunk.system_fingerprint;
      // a tier from any chunk; else the `null` the chunks sent (as the non-streamed answer has it)
      if (chunk.service_tier) serviceTier = chunk.service_tier;
      else if (chunk.service_tier === null) serviceTier ??= null;
      if (chunk.usage) usage = chunk.usage;
      if (chunk.moderation) moderation = chunk.moderation;
      const list = chunk.choices;
      for (let i = 0; i < list.length; i++) {
        const ch = list[i]!;
        const state = choiceAt(ch.index);
        const d = ch.delta;
        if (d) {
          if (typeof d.content === 'string') state.content = (state.content ?? '') + d.content;
          if (typeof d.refusal === 'string') state.refusal = (state.refusal ?? '') + d.refusal;
          if (typeof d.reasoning_content === 'string') state.reasoning = (state.reasoning ?? '') + d.reasoning_content;
          else if (typeof d.reasoning === 'string') {
            state.reasoning = (state.reasoning ?? '') + d.reasoning;
            state.reasoningField = 'reasoning';
          }
          const fc = d.function_call;
          if (fc) {
            const call = (state.functionCall ??= { name: '', arguments: '' });
            if (fc.name) call.name = fc.name;
            if (fc.arguments) call.arguments += fc.arguments;
          }
          const calls = d.tool_calls;
          if (calls) {
            for (const tc of calls) {
              // a stream has given every piece its call's index; chunks from elsewhere may lack it
              const at = (indexOf ??= toolCallIndexer())(ch.index, tc);
              let call = state.toolCalls.find((t) => t.i === at);
              if (!call) {
                call = { i: at, id: '', type: 'function', name: '', arguments: '' };
                state.toolCalls.push(call);
              }
              // id and name from the first delta that carries them (servers that repeat them may vary them)
              if (tc.id && !call.id) call.id = tc.id;
              if (typeof tc.type === 'string' && tc.type) call.type = tc.type;
              const fn = tc.function;
              if (fn) {
                if (fn.name && !call.name) call.name = fn.name;
                if (fn.arguments) call.arguments += fn.arguments;
              }
            }
          }
        }
        if (ch.finish_reason) state.finish = ch.finish_reason;
        const lp = ch.logprobs;
        if (typeof lp === 'number') {
          // Together: the log probability of the one token this delta carries
          const t = (state.tokenLogprobs ??= { tokens: [], token_logprobs: [] });
          t.tokens.push(d?.content ?? '');
          t.token_logprobs.push(lp);
        } else if (lp !== null && typeof lp === 'object') {
          if (lp.content) (state.logprobs ??= []).push(...lp.content);
          if (lp.refusal) (state.refusalLogprobs ??= []).push(...lp.refusal);
        }
      }
    },
    result() {
      const sorted = choices.slice().sort((a, b) => a.index - b.index);
      const out: ChatCompletion = {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: sorted.map(toChoice),
      };
      if (usage !== undefined) out.usage = usage;
      if (fingerprint !== undefined) out.system_fingerprint = fingerprint;
      if (serviceTier !== undefined) out.service_tier = serviceTier;
      if (moderation) out.moderation = moderation;
      return out;
    },
  };
}

function toChoice(state: ChoiceState): ChatCompletionChoice {
  const message: ChatCompletionMessage = { role: 'assistant', content: state.content, refusal: state.refusal };
  if (state.toolCalls.length > 0) {
    message.tool_calls = state.toolCalls
      .slice()
      .sort((a, b) => a.i - b.i)
      .map((t): ChatCompletionMessageFunctionToolCall => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));
  }
  if (state.functionCall) message.function_call = { ...state.functionCall };
  if (state.reasoning !== null) message[state.reasoningField] = state.reasoning;
  const choice: ChatCompletionChoice = { index: state.index, message, finish_reason: state.finish };
  // copies: a snapshot must not grow when later chunks are added
  const lp: ChatCompletionChoiceLogprobs | null =
    state.logprobs || state.refusalLogprobs ? { content: state.logprobs && state.logprobs.slice(), refusal: state.refusalLogprobs && state.refusalLogprobs.slice() } : null;
  const t = state.tokenLogprobs;
  choice.logprobs = t ? { ...lp, tokens: t.tokens.slice(), token_logprobs: t.token_logprobs.slice() } : lp;
  return choice;
}

/**
 * Reads a chat stream to its end and returns the final completion, shaped like a non-streamed
 * one: `choices[i].message` with the joined `content` (or `null`), `refusal`, `tool_calls`
 * assembled from their deltas by index, `finish_reason`, `logprobs`, and `usage` when the request
 * set `stream_options: { include_usage: true }`. `onChunk` sees each chunk first (for live output).
 * An error event in the stream rejects with the {@link StreamError}.
 *
 * @example
 * ```ts
 * const stream = await createChatCompletion(client, { model, messages, tools, stream: true, stream_options: { include_usage: true } });
 * const final = await accumulateChatStream(stream, (c) => process.stdout.write(c.choices[0]?.delta.content ?? ''));
 * console.log(final.choices[0]?.message.tool_calls, final.usage?.total_tokens);
 * ```
 */
export async function accumulateChatStream(
  stream: AsyncIterable<ChatCompletionChunk>,
  onChunk?: (chunk: ChatCompletionChunk) => void,
): Promise<ChatCompletion> {
  const acc = createChatAccumulator();
  for await (const chunk of stream) {
    onChunk?.(chunk);
    acc.add(chunk);
  }
  return acc.result();
}

/** Appends a chunk's legacy log probabilities to what a choice has gathered (TGI sends a plain number array). */
function joinLogprobs(into: CompletionChoice['logprobs'], add: CompletionChoice['logprobs']): CompletionChoice['logprobs'] {
  if (add === null || add === undefined) return into;
  if (Array.isArray(add)) return Array.isArray(into) ? into.concat(add) : add.slice();
  const out: CompletionLogprobs = into && !Array.isArray(into) ? into : {};
  for (const key of ['tokens', 'token_logprobs', 'top_logprobs', 'text_offset'] as const) {
    const part = add[key];
    const prev = out[key];
    if (!part) continue;
    // per-position arrays are joined; anything else (Together's top_logprobs object) is the latest one
    if (Array.isArray(part)) (out[key] as unknown[]) = [...(Array.isArray(prev) ? prev : []), ...part];
    else (out[key] as unknown) = part;
  }
  return out;
}

/**
 * Reads a streamed legacy completion to its end: text joined per choice, last finish reason, the
 * chunks' `logprobs` joined per choice (`null` when none had any), usage.
 *
 * @example
 * ```ts
 * const stream = await createCompletion(client, { model, prompt: 'Once upon', stream: true });
 * const final = await accumulateCompletionStream(stream);
 * console.log(final.choices[0]?.text);
 * ```
 */
export async function accumulateCompletionStream(stream: AsyncIterable<Completion>, onChunk?: (chunk: Completion) => void): Promise<Completion> {
  let head: Completion | undefined;
  const choices = new Map<number, CompletionChoice>();
  let usage: CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    onChunk?.(chunk);
    head ??= chunk;
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      let prev = choices.get(c.index);
      if (!prev) choices.set(c.index, (prev = { index: c.index, text: '', finish_reason: null, logprobs: null }));
      prev.text += c.text;
      if (c.finish_reason) prev.finish_reason = c.finish_reason;
      prev.logprobs = joinLogprobs(prev.logprobs, c.logprobs) ?? null;
    }
  }
  const out: Completion = {
    id: head?.id ?? '',
    object: 'text_completion',
    created: head?.created ?? 0,
    model: head?.model ?? '',
    choices: [...choices.values()].sort((a, b) => a.index - b.index),
  };
  if (usage !== undefined) out.usage = usage;
  if (head?.system_fingerprint) out.system_fingerprint = head.system_fingerprint;
  return out;
}
