/**
 * docs/replicate.md, "Safety rules", for trainings: a training create is a billable POST, never
 * repeated once it may have reached Replicate (a 503 is its error, sent once), except after a 429
 * (Replicate throttles before any work), which is repeated after its Retry-After. `cancelTraining`
 * is declared idempotent (cancelling twice changes nothing), so a 503 on it is retried.
 */
import { describe, expect, it } from 'vitest';
import { InternalServerError, RateLimitError } from '../../src/index.js';
import { cancelTraining, createTraining } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const VERSION = 'a'.repeat(56) + '5c7d5dc6';
const CREATE = `/v1/models/acme/echo/versions/${VERSION}/trainings`;
const fx = useReplicate();
const posts = (path: string) => fx.rs.server.count((r) => r.method === 'POST' && r.path === path);

describe('training creates and cancels under the retry policy', () => {
  it('repeats a create answered 429, once the server allows it', async () => {
    fx.rs.setModel(() => ({ steps: 100 }));
    const before = posts(CREATE);
    fx.rs.server.faults.push({ match: CREATE, method: 'POST', fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '1' }, body: { detail: 'Request was throttled.' } } });
    const t = await createTraining(fx.client, 'acme/echo', VERSION, { destination: 'acme/echo-tuned', input: {} });
    expect(t.status).toBe('starting');
    expect(posts(CREATE)).toBe(before + 2);
  });

  it('a create answered 429 with retry: false is not repeated', async () => {
    const before = posts(CREATE);
    fx.rs.server.faults.push({ match: CREATE, method: 'POST', fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '1' } } });
    await expect(createTraining(fx.client, 'acme/echo', VERSION, { destination: 'acme/echo-tuned', input: {} }, { retry: false })).rejects.toBeInstanceOf(RateLimitError);
    expect(posts(CREATE)).toBe(before + 1);
  });

  it('does not repeat a create answered 503', async () => {
    const before = posts(CREATE);
    fx.rs.server.faults.push({ match: CREATE, method: 'POST', fault: { kind: 'status', status: 503 } });
    await expect(createTraining(fx.client, 'acme/echo', VERSION, { destination: 'acme/echo-tuned', input: {} })).rejects.toBeInstanceOf(InternalServerError);
    expect(posts(CREATE)).toBe(before + 1);
  });

  it('retries a cancel answered 503 (cancelling twice changes nothing)', async () => {
    fx.rs.setModel(() => ({ steps: 100 }));
    const t = await createTraining(fx.client, 'acme/echo', VERSION, { destination: 'acme/echo-tuned', input: {} });
    const cancelPath = `/v1/trainings/${t.id}/cancel`;
    fx.rs.server.faults.push({ match: cancelPath, method: 'POST', fault: { kind: 'status', status: 503 } });
    expect((await cancelTraining(fx.client, t.id)).status).toBe('canceled');
    expect(posts(cancelPath)).toBe(2);
  });
});
