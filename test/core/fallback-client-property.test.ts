/**
 * withFallback passes a core client property (`openai.client`) on as it is: operations take it, and
 * its credentials stay tied to it; a copy with wrapped methods would be no client.
 */
import { describe, expect, it } from 'vitest';
import { withFallback } from '../../src/index.js';
import { createOpenAIClient, type OpenAIClient } from '../../src/openai/index.js';

describe('docs/fallback.md: a client property is read from the primary as it is', () => {
  it('withFallback(openaiA, openaiB).client is openaiA.client', () => {
    const a = createOpenAIClient({ baseURL: 'http://127.0.0.1:9/v1' });
    const b = createOpenAIClient({ baseURL: 'http://127.0.0.1:10/v1' });
    const target = withFallback<OpenAIClient>(a, b);
    expect(target.client).toBe(a.client);
  });
});
