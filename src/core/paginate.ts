/**
 * Auto-pagination over cursor- or URL-paged list endpoints.
 * @module
 */
import { checkNumber, checkType } from './check.js';

/**
 * One page of results and the cursor of the next (absent or null on the last page).
 *
 * @example
 * ```ts
 * const page: Page<string, string> = { items: ['a', 'b'], next: 'cursor-2' };
 * ```
 */
export interface Page<T, C> {
  /** The items of this page, in order. */
  items: T[];
  /** Cursor (or URL) of the next page; `null` or `undefined` on the last one. */
  next: C | null | undefined;
}

/**
 * Iterates items across pages (`for await (const x of list)`), or pages with `pages()`.
 * Pages are fetched lazily, one at a time, only as far as the caller reads.
 *
 * @example
 * ```ts
 * import { listModels } from 'modelwire/replicate';
 * for await (const model of listModels(client)) console.log(model.name);
 * for await (const page of listModels(client).pages()) console.log(page.items.length);
 * ```
 */
export interface Paginator<T, C> extends AsyncIterable<T> {
  /** Iterates items (what `for await` calls); a hand-driven `next()` answers `{ done: true, value: undefined }` at the end. */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined, undefined>;
  /** Iterates whole pages. */
  pages(): AsyncGenerator<Page<T, C>, undefined, undefined>;
  /**
   * Reads every item into an array (stops at `limit` items when given: a whole number ≥ 0 or
   * `Infinity`). Any other `limit` (NaN, negative, fractional) rejects with an
   * `InvalidRequestError` (`path: 'limit'`) before any page is fetched.
   */
  toArray(limit?: number): Promise<T[]>;
}

/**
 * Makes a paginator from a page fetcher. The fetcher gets `undefined` for the first page. A `next`
 * seen before ends the list (a cursor cycle is not followed); to have a `next` leading back to the
 * first page end it too, give the first page's own cursor as `first` (overload below). A
 * `fetchPage` that is not a function is refused with `InvalidRequestError` (`path: 'fetchPage'`).
 *
 * @example
 * ```ts
 * const all = paginate<Model, string>((cursor) => getPage(client, cursor));
 * const first10 = await all.toArray(10);
 * ```
 */
export function paginate<T, C>(fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>): Paginator<T, C>;
/**
 * Makes a paginator whose first page has a cursor of its own: `first` (the list's URL when pages
 * are fetched by their `next` URL, offset 0, page 1). The fetcher gets `first` for the first page,
 * and `first` counts as seen: a `next` leading back to it ends the list without reading the first
 * page again.
 *
 * @example
 * ```ts
 * const models = paginate<Model, string>((url) => getPageAt(client, url), 'https://api.example.com/v1/models');
 * ```
 */
export function paginate<T, C>(fetchPage: (cursor: C) => Promise<Page<T, C>>, first: C): Paginator<T, C>;
export function paginate<T, C>(fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>, first?: C): Paginator<T, C> {
  // refused here, not as a TypeError at the first page
  checkType('paginate', 'fetchPage', fetchPage, 'function', true);
  async function* pages(): AsyncGenerator<Page<T, C>, undefined, undefined> {
    let cursor = first;
    const seen = new Set<unknown>([first]);
    for (;;) {
      const page = await fetchPage(cursor);
      yield page;
      if (page.next === null || page.next === undefined || seen.has(page.next)) return;
      seen.add(page.next);
      cursor = page.next;
    }
  }
  async function* items(): AsyncGenerator<T, undefined, undefined> {
    for await (const page of pages()) yield* page.items;
  }
  return {
    [Symbol.asyncIterator]: () => items(),
    pages,
    async toArray(limit = Infinity) {
      // NaN would never compare true and read every page
      checkNumber('toArray', 'limit', limit, 0, Infinity, true);
      const out: T[] = [];
      if (limit === 0) return out;
      for await (const item of items()) {
        out.push(item);
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
