/**
 * When run's deadline runs out, the TimeoutError names `replicate.run`, every time. The create and
 * the wait inside it run on that deadline, each with a timer for the same instant; whichever fires
 * first, the time that ran out is the run's (a TimeoutError naming the wait came out about one run
 * in five). The prediction is still cancelled once the run has polled it.
 */
import { expect, it } from 'vitest';
import { TimeoutError } from '../../src/index.js';
import { run } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

it('a run that times out while it waits names replicate.run, with its own deadline', async () => {
  fx.rs.setModel(() => ({ steps: 10_000 }));
  const before = fx.rs.canceled.length;
  const sentBefore = fx.rs.server.requests.length;
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const timeoutMs = 120 + i;
    const err = await rejectionAs(run(fx.client, 'official/flux', { input: {}, timeoutMs, pollInitialDelayMs: 10, wait: false }), TimeoutError);
    seen.add(`${err.operation} ${err.timeoutMs === timeoutMs}`);
  }
  expect([...seen]).toEqual(['replicate.run true']);
  // every prediction the run went on to poll is cancelled (on a loaded machine a create can take
  // the whole 120 ms: then the run never learns the id, and Cancel-After is what stops it)
  const polled = new Set(
    fx.rs.server.requests
      .slice(sentBefore)
      .filter((r) => r.method === 'GET' && /^\/v1\/predictions\/[^/]+$/.test(r.path))
      .map((r) => r.path.slice('/v1/predictions/'.length)),
  );
  expect(polled.size).toBeGreaterThan(0);
  expect(fx.rs.canceled.slice(before)).toEqual(expect.arrayContaining([...polled]));
});
