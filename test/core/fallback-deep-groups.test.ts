/**
 * withFallback wraps nested groups of methods however deep they are (src/core/fallback.ts), as
 * FallbackTarget types them (`beta.threads.runs.steps.list()`), while a cycle back to a group on the
 * path is read as it is.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });

interface Deep {
  beta: { threads: { runs: { steps: { list(): Promise<{ by: string }> } } } };
}
const deep = (list: () => Promise<{ by: string }>): Deep => ({ beta: { threads: { runs: { steps: { list } } } } });

describe('nested groups', () => {
  it('a method four groups down fails over and says who answered', async () => {
    const target = withFallback<Deep>(
      deep(async () => Promise.reject(conn())),
      deep(async () => ({ by: 'local' })),
    );
    expect(await target.beta.threads.runs.steps.list()).toEqual({ by: 'local', source: 'local', sourceName: 'fallback' });
  });

  it('a cycle back to a group further up is read from the primary as it is', async () => {
    type Loop = { a: { b: { get(): Promise<string>; up?: Loop['a'] } } };
    const primary: Loop = { a: { b: { get: async () => Promise.reject(conn()) } } };
    primary.a.b.up = primary.a;
    const fallback: Loop = { a: { b: { get: async () => 'local' } } };
    fallback.a.b.up = fallback.a;
    const target = withFallback(primary, fallback);
    expect(await target.a.b.get()).toBe('local');
    expect(target.a.b.up).toBe(primary.a);
  });
});
