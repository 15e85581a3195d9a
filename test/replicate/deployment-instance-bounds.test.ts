/**
 * docs/replicate.md, "Deployments": "Instance bounds are checked before sending (`min_instances`
 * 0–5, `max_instances` 0–20, min ≤ max) and reported as InvalidRequestError with `path`" (the
 * spec's own minimum/maximum). The ends of each range are accepted and sent; one past them, a
 * fraction, or a missing bound on a create is refused before anything reaches the server.
 */
import { describe, expect, it } from 'vitest';
import { createDeployment, updateDeployment } from '../../src/replicate/index.js';
import { expectRefused } from '../core/_misuse.js';
import { useReplicate } from './fixture.js';

const VERSION = 'a'.repeat(56) + '5c7d5dc6';
const fx = useReplicate();
const base = { model: 'acme/echo', version: VERSION, hardware: 'cpu' };

describe('deployment instance bounds', () => {
  it('accepts the ends of both ranges (0 and 5, 0 and 20) and sends them as given', async () => {
    const top = await createDeployment(fx.client, { ...base, name: 'top', min_instances: 5, max_instances: 20 });
    expect(top.current_release?.configuration).toMatchObject({ min_instances: 5, max_instances: 20 });
    const zero = await createDeployment(fx.client, { ...base, name: 'zero', min_instances: 0, max_instances: 0 });
    expect(zero.current_release?.configuration).toMatchObject({ min_instances: 0, max_instances: 0 });
    const sent = fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/deployments').map((r) => r.json());
    expect(sent).toMatchObject([
      { min_instances: 5, max_instances: 20 },
      { min_instances: 0, max_instances: 0 },
    ]);
  });

  it('accepts min equal to max, and one bound alone on an update', async () => {
    await createDeployment(fx.client, { ...base, name: 'eq', min_instances: 3, max_instances: 3 });
    expect((await updateDeployment(fx.client, 'acme/eq', { min_instances: 5 })).current_release?.configuration?.min_instances).toBe(5);
    expect((await updateDeployment(fx.client, 'acme/eq', { max_instances: 0 })).current_release?.configuration?.max_instances).toBe(0);
  });

  it('refuses one past either end, a fraction, or NaN, naming the bound', async () => {
    const cases: [Record<string, number>, string][] = [
      [{ min_instances: 6 }, 'min_instances'],
      [{ min_instances: -1 }, 'min_instances'],
      [{ min_instances: 1.5 }, 'min_instances'],
      [{ max_instances: 21 }, 'max_instances'],
      [{ max_instances: -1 }, 'max_instances'],
      [{ max_instances: Number.NaN }, 'max_instances'],
    ];
    for (const [params, path] of cases) {
      const err = await expectRefused(fx.rs.server, () => updateDeployment(fx.client, 'acme/eq', params), new RegExp(`^${path}$`));
      expect(err.message, JSON.stringify(params)).toContain(path);
    }
  });

  it('refuses min above max on a create, naming min_instances', async () => {
    const err = await expectRefused(fx.rs.server, () => createDeployment(fx.client, { ...base, name: 'bad', min_instances: 2, max_instances: 1 }), /^min_instances$/);
    expect(err.message).toMatch(/min_instances \(2\).*max_instances \(1\)/);
  });

  it('a create without min_instances or without max_instances is refused, naming the missing one', async () => {
    const { min_instances: _m, ...noMin } = { ...base, name: 'n', min_instances: 0, max_instances: 1 };
    const { max_instances: _x, ...noMax } = { ...base, name: 'n', min_instances: 0, max_instances: 1 };
    await expectRefused(fx.rs.server, () => createDeployment(fx.client, noMin as never), /^min_instances$/);
    await expectRefused(fx.rs.server, () => createDeployment(fx.client, noMax as never), /^max_instances$/);
  });
});
