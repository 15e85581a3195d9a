/**
 * The fill-ins compatible servers need after validation (kept apart from the zod schemas so a
 * bundle that only calls the API carries no zod).
 * @module
 */
import type { ChatCompletion, ChatCompletionMessage } from './types.js';

/**
 * A chat completion as validated, before the fill-ins of {@link normalizeChatCompletion}.
 *
 * @example
 * ```ts
 * const wire: WireChatCompletion = validate(ChatCompletionSchema, body, 'strict');
 * const completion: ChatCompletion = normalizeChatCompletion(wire);
 * ```
 */
export type WireChatCompletion = Omit<ChatCompletion, 'choices'> & {
  choices: Array<
    Omit<ChatCompletion['choices'][number], 'index' | 'message' | 'finish_reason'> & {
      index?: number;
      finish_reason?: string | null;
      message: Omit<ChatCompletionMessage, 'content' | 'tool_calls' | 'function_call' | 'annotations'> & {
        annotations?: ChatCompletionMessage['annotations'] | null;
        content?: string | null;
        tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: unknown } } | { id: string; type: 'custom'; custom: { name: string; input: string } }> | null;
        function_call?: { name: string; arguments: unknown } | null;
      };
    }
  >;
};

/**
 * Fills in what some servers leave out, in place: a choice without `index` gets its position
 * (Together's spec does not require it), `message.content` and `finish_reason` become `null` when
 * absent (TGI omits `content` on tool calls), `tool_calls: null` (the LiteLLM proxy's plain replies)
 * and `annotations: null` (every vLLM answer) are removed, and tool-call `arguments` sent as an object (TGI 2.x) become its JSON text. Cheap: one
 * pass over the choices.
 *
 * @example
 * ```ts
 * const completion = normalizeChatCompletion(validate(ChatCompletionSchema, body, 'strict'));
 * ```
 */
export function normalizeChatCompletion(value: WireChatCompletion): ChatCompletion {
  const choices = value?.choices;
  if (Array.isArray(choices)) {
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i];
      // with validation 'off' the body is unchecked: what is not an object is left as sent
      if (choice === null || typeof choice !== 'object') continue;
      if (choice.index === undefined) choice.index = i;
      if (choice.finish_reason === undefined) choice.finish_reason = null;
      const m = choice.message;
      if (m === null || typeof m !== 'object') continue;
      if (m.content === undefined) m.content = null;
      if (m.annotations === null) delete m.annotations;
      const calls = m.tool_calls;
      if (calls === null) delete m.tool_calls;
      else if (Array.isArray(calls)) {
        for (const call of calls) {
          if (call !== null && call.type === 'function' && call.function && typeof call.function === 'object' && typeof call.function.arguments !== 'string') call.function.arguments = JSON.stringify(call.function.arguments ?? {});
        }
      }
      if (m.function_call && typeof m.function_call === 'object' && typeof m.function_call.arguments !== 'string') m.function_call.arguments = JSON.stringify(m.function_call.arguments ?? {});
    }
  }
  return value as ChatCompletion;
}
