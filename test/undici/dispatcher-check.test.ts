import type { Dispatcher } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { undiciTransport } from '../../src/undici.js';
import { thrownAs } from '../core/_support.js';

describe('undiciTransport refuses a dispatcher that cannot dispatch, when it is made', () => {
  for (const [label, dispatcher] of [
    ['an empty object', {}],
    ['an object whose dispatch is not a function', { dispatch: 'yes' }],
    ['a fetch function', fetch],
  ] as const) {
    it(`${label}: InvalidRequestError at path "dispatcher", before any request`, () => {
      const err = thrownAs(() => undiciTransport({ dispatcher: dispatcher as unknown as Dispatcher }), InvalidRequestError);
      expect(err.path).toBe('dispatcher');
      expect(err.operation).toBe('undiciTransport');
      expect(err.message).toMatch(/dispatcher has no dispatch\(\) method/);
    });
  }

  it('accepts a real Agent and an object with a dispatch method', async () => {
    const { Agent } = await import('undici');
    const agent = new Agent();
    expect(typeof undiciTransport({ dispatcher: agent })).toBe('function');
    expect(typeof undiciTransport({ dispatcher: { dispatch: () => true } as unknown as Dispatcher })).toBe('function');
    // null reads as no dispatcher (the default Agent), as before
    expect(typeof undiciTransport({ dispatcher: null as unknown as Dispatcher })).toBe('function');
    await agent.close();
  });
});

describe("where `undici` resolves to an Agent without dispatch() (Bun's built-in stand-in)", () => {
  it('undiciTransport() with no dispatcher throws InvalidRequestError pointing to fetchTransport', async () => {
    vi.resetModules();
    vi.doMock('undici', () => ({ Agent: class Agent {} }));
    try {
      const { undiciTransport: stubbed } = await import('../../src/undici.js');
      const { InvalidRequestError: Invalid } = await import('../../src/index.js');
      const err = thrownAs(() => stubbed(), Invalid);
      expect(err.path).toBe('dispatcher');
      expect(err.message).toMatch(/Agent without dispatch\(\).*fetchTransport\(\)/);
    } finally {
      vi.doUnmock('undici');
      vi.resetModules();
    }
  });
});
