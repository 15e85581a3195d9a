/**
 * paginate (src/core/paginate.ts): the last page is the one whose `next` is null **or absent**
 * (`Page.next: C | null | undefined`); a falsy cursor such as 0 or '' is still a cursor.
 */
import { describe, expect, it } from 'vitest';
import { paginate, type Page } from '../../src/index.js';

describe('the last page', () => {
  it('a page without next ends the iteration: the first page is not fetched again', async () => {
    const cursors: Array<number | undefined> = [];
    const list = paginate<string, number>(async (cursor): Promise<Page<string, number>> => {
      cursors.push(cursor);
      return cursor === undefined ? { items: ['a', 'b'], next: 1 } : { items: ['c'], next: undefined };
    });
    expect(await list.toArray()).toEqual(['a', 'b', 'c']);
    expect(cursors).toEqual([undefined, 1]);
  });

  it('a page whose next is 0 or the empty string is followed', async () => {
    const cursors: Array<number | string | undefined> = [];
    const list = paginate<string, number | string>(async (cursor) => {
      cursors.push(cursor);
      if (cursor === undefined) return { items: ['a'], next: 0 };
      if (cursor === 0) return { items: ['b'], next: '' };
      return { items: ['c'], next: null };
    });
    expect(await list.toArray()).toEqual(['a', 'b', 'c']);
    expect(cursors).toEqual([undefined, 0, '']);
  });
});
