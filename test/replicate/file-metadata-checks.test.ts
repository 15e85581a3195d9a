/**
 * createFile's `metadata` is the spec's JSON object ("must be valid JSON"). Metadata JSON cannot
 * carry (a cycle, a BigInt) used to escape as a bare TypeError from JSON.stringify; an array, null,
 * a string or a function went to the server (a function as the text "undefined"); NaN was stored as
 * null without a word. Each is now an InvalidRequestError naming where it is, before sending.
 */
import { describe, expect, it } from 'vitest';
import { createFile } from '../../src/replicate/index.js';
import { bad, expectRefused } from '../core/_misuse.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const upload = (metadata: unknown) => createFile(fx.client, { content: 'x', filename: 'a.txt', metadata: bad(metadata) });

describe('createFile: metadata JSON cannot carry is refused before sending', () => {
  for (const [label, metadata] of [['an array', [1, 2]], ['null', null], ['a string', '{"a":1}'], ['a function', () => 1], ['a number', 42]] as const) {
    it(`metadata that is ${label}`, async () => {
      const err = await expectRefused(fx.rs.server, () => upload(metadata), /^metadata$/);
      expect(err.message).toMatch(/^replicate\.files\.create: metadata must be an object/);
    });
  }

  it('a cycle, naming where it closes', async () => {
    const cyc: Record<string, unknown> = { a: {} };
    (cyc.a as Record<string, unknown>).back = cyc;
    await expectRefused(fx.rs.server, () => upload(cyc), /^metadata\.a\.back$/);
  });

  it('a BigInt, NaN and an undefined array element, naming each', async () => {
    await expectRefused(fx.rs.server, () => upload({ n: 1n }), /^metadata\.n$/);
    await expectRefused(fx.rs.server, () => upload({ deep: { n: Number.NaN } }), /^metadata\.deep\.n$/);
    await expectRefused(fx.rs.server, () => upload({ list: [1, undefined] }), /^metadata\.list\[1\]$/);
  });

  it('still sends JSON metadata as given', async () => {
    const file = await upload({ job: 42, tags: ['a', null], when: new Date(0), nested: { ok: true } });
    expect(file.metadata).toEqual({ job: 42, tags: ['a', null], when: '1970-01-01T00:00:00.000Z', nested: { ok: true } });
  });
});
