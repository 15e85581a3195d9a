/**
 * Which call a streamed tool-call piece belongs to. OpenAI's spec requires `index` on every piece,
 * but older vLLM and TGI versions and the Gemini and some Together compat layers leave it out (some
 * repeat `id` on every piece, some send each call whole in one delta). Shared by the chat stream,
 * which fills the index in before validation, and the accumulator.
 * @module
 */

/** A tool-call piece as a server sent it: `index` may be missing, nothing is checked yet. */
interface Piece {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown } | null;
}

/** What one choice's pieces have told so far. */
interface Calls {
  /** The call of each id seen. */
  ids: Map<unknown, number>;
  /** The name of each call that has one. */
  names: Map<number, unknown>;
  /** The call of the latest piece (-1: none yet). */
  last: number;
  /** The index a new call gets: one past the highest seen. */
  next: number;
}

/**
 * Gives a tool-call piece of choice `choice` the index of its call: its own `index` when it has one;
 * without, the call its `id` was first seen on, or a new call for a new `id`; without either, the
 * call of the choice's last piece, unless it names another function than that call (then a new
 * call: two calls are never joined into one because neither carried an index or an id).
 */
export type ToolCallIndexer = (choice: number, piece: Piece) => number;

/**
 * Creates a {@link ToolCallIndexer} for one stream (its state is that stream's calls).
 *
 * @example
 * ```ts
 * const indexOf = toolCallIndexer();
 * indexOf(0, { id: 'call_a', function: { name: 'get_weather', arguments: '{' } }); // 0
 * indexOf(0, { function: { arguments: '}' } });                                     // 0: continues call_a
 * indexOf(0, { id: 'call_b', function: { name: 'get_time', arguments: '{}' } });    // 1: a new id, a new call
 * ```
 */
export function toolCallIndexer(): ToolCallIndexer {
  const choices = new Map<number, Calls>();
  return (choice, piece) => {
    let s = choices.get(choice);
    if (!s) choices.set(choice, (s = { ids: new Map(), names: new Map(), last: -1, next: 0 }));
    // not checked yet: what is not a string fails the validation that follows (TGI's `id: ""` is no id)
    const id = piece.id || undefined;
    const name = piece.function?.name || undefined;
    const lastName = s.names.get(s.last);
    const i = typeof piece.index === 'number' ? piece.index : id ? (s.ids.get(id) ?? s.next) : s.last < 0 || (name && lastName && name !== lastName) ? s.next : s.last;
    if (id && !s.ids.has(id)) s.ids.set(id, i);
    if (name && !s.names.has(i)) s.names.set(i, name);
    s.last = i;
    s.next = Math.max(s.next, i + 1);
    return i;
  };
}
