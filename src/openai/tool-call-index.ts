/**
 * Which call a streamed tool-call piece belongs to. OpenAI's spec requires `index` on every piece,
 * one per call, but Gemini's OpenAI endpoint and some proxies leave it out (some repeat `id` on every
 * piece, some send each call whole in one delta), and Ollama and some vLLM versions send `index: 0`
 * for each of several calls. Shared by the chat stream, which sets each piece's index to its call's
 * before validation, and the accumulator.
 * @module
 */

/** A tool-call piece as a server sent it: `index` may be missing, nothing is checked yet. */
interface Piece {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

/** What one choice's pieces have told so far. */
interface Calls {
  /** The call of each id seen. */
  ids: Map<unknown, number>;
  /** Every call made, with its first id and its first name when it has them. */
  calls: Map<number, { id?: unknown; name?: unknown }>;
  /** The call the server's `index` stands for now (another one once it reuses the index). */
  server: Map<number, number>;
  /** The call of the latest piece (-1: none yet). */
  last: number;
  /** One past the highest call. */
  next: number;
}

/**
 * Gives a tool-call piece of choice `choice` the index of its call. A piece with a known `id` goes
 * to that id's call. A piece with `index`: the call that index stands for, unless the piece brings
 * a function name with another `id` or another name than that call's (Ollama and some vLLM versions
 * send `index: 0` for each of several calls): then a new call, which the index stands for from then
 * on. A new id without a name continues the call (the call keeps its first id). A piece without
 * `index`: a new call for a new `id`; without one, the call of the choice's last piece, unless it
 * names another function than that call (then a new call). So a piece never joins a call its id
 * or its function's name tells it apart from.
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
    if (!s) choices.set(choice, (s = { ids: new Map(), calls: new Map(), server: new Map(), last: -1, next: 0 }));
    // not checked yet: what is not a string fails the validation that follows (TGI's `id: ""` is no id)
    const id = piece.id || undefined;
    const name = piece.function?.name || undefined;
    const k = piece.index;
    let i = id && s.ids.get(id);
    if (i === undefined) {
      if (typeof k === 'number') {
        i = s.server.get(k);
        // the server's index for a new call; or for another call than the one it stood for (a new
        // id with a name where that call has an id, or another name), which from now on it stands for
        const had = i === undefined ? undefined : s.calls.get(i)!;
        if (i === undefined) i = s.calls.has(k) ? s.next : k;
        else if (name && ((id && had!.id) || (had!.name && had!.name !== name))) i = s.next;
      } else {
        const lastName = s.calls.get(s.last)?.name;
        i = id || s.last < 0 || (name && lastName && name !== lastName) ? s.next : s.last;
      }
    }
    if (typeof k === 'number') s.server.set(k, i);
    let call = s.calls.get(i);
    if (!call) s.calls.set(i, (call = {}));
    if (id) {
      if (!s.ids.has(id)) s.ids.set(id, i);
      call.id ??= id;
    }
    if (name) call.name ??= name;
    s.last = i;
    s.next = Math.max(s.next, i + 1);
    return i;
  };
}
