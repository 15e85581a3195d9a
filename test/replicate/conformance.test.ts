/**
 * Spec coverage: drives every operation through the bound client (`createReplicateClient`) against
 * the loopback Replicate, then checks that every request conformed to
 * ../shared/specs/replicate/openapi.json and that every operationId the package claims to cover
 * (COVERED_OPERATIONS) was exercised, and that the claim covers the whole spec.
 */
import { describe, expect, it } from 'vitest';
import { COVERED_OPERATIONS, createReplicateClient } from '../../src/replicate/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { useReplicate } from './fixture.js';

const VERSION = 'a'.repeat(56) + '5c7d5dc6';
const fx = useReplicate();

describe('spec coverage through the bound client', () => {
  it('exercises every covered operation with conforming requests', async () => {
    const r = createReplicateClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token });
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['client', 'run', 'predictions', 'models']));
    fx.rs.setModel(() => ({ output: ['x'], steps: 1, sync: true }));

    expect((await r.account.get()).username).toBe('acme');
    expect((await r.hardware.list()).length).toBeGreaterThan(0);
    const [collection] = await r.collections.list().toArray(1);
    expect((await r.collections.get(collection!.slug)).slug).toBe(collection!.slug);
    expect((await r.webhooks.default.secret.get()).key).toMatch(/^whsec_/);
    expect((await r.search('flux')).query).toBe('flux');

    expect((await r.models.list().toArray(1)).length).toBe(1);
    expect((await r.models.search('sdxl').toArray()).map((m) => m.name)).toEqual(['sdxl']);
    await r.models.create({ owner: 'acme', name: 'tour', visibility: 'public', hardware: 'cpu' });
    expect((await r.models.get('acme/tour')).name).toBe('tour');
    await r.models.update('acme/echo', { description: 'updated' });
    expect((await r.models.versions.list('acme/echo').toArray())[0]!.id).toBe(VERSION);
    expect((await r.models.versions.get('acme/echo', VERSION)).id).toBe(VERSION);
    await r.models.versions.delete('acme/echo', 'c'.repeat(64));
    expect(await r.models.readme.get('acme/echo')).toContain('README');
    expect((await r.models.examples.list('acme/echo').toArray()).length).toBe(3);
    await r.models.delete('acme/tour');

    const p1 = await r.predictions.create({ version: VERSION, input: { a: 1 }, webhook: 'https://example.com/h', webhook_events_filter: ['completed'] }, { wait: 5, cancelAfter: '2m' });
    const p2 = await r.predictions.create({ model: 'official/flux', input: {}, stream: true });
    expect((await r.predictions.get(p1.id)).id).toBe(p1.id);
    expect((await r.wait(p2, { initialDelayMs: 1 })).status).toBe('succeeded');
    expect((await r.predictions.cancel(p2.id)).status).toBe('succeeded');
    expect((await r.predictions.list({ created_before: '2099-01-01T00:00:00Z' }).toArray()).length).toBeGreaterThanOrEqual(2);
    const events = [];
    for await (const e of await r.stream(p2)) events.push(e.type);
    expect(events).toEqual(['output', 'logs', 'done']);
    expect(await r.run('official/flux', { input: {} })).toEqual(['x']);

    await r.deployments.create({ name: 'tour', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 2 });
    expect((await r.deployments.list().toArray()).map((d) => d.name)).toContain('tour');
    expect((await r.deployments.get('acme/tour')).name).toBe('tour');
    await r.deployments.update('acme/tour', { hardware: 'gpu-t4' });
    expect((await r.deployments.predictions.create('acme/tour', { input: {} }, { wait: true })).status).toBe('succeeded');
    await r.deployments.delete('acme/tour');

    const t = await r.trainings.create('acme/echo', VERSION, { destination: 'acme/echo', input: {} });
    expect((await r.trainings.get(t.id)).id).toBe(t.id);
    expect((await r.trainings.list().toArray()).map((x) => x.id)).toContain(t.id);
    await r.trainings.cancel(t.id);

    const f = await r.files.create({ content: new Blob(['abc'], { type: 'text/plain' }), filename: 'a.txt' });
    expect((await r.files.get(f.id)).id).toBe(f.id);
    expect((await r.files.list().toArray()).map((x) => x.id)).toContain(f.id);
    expect(new TextDecoder().decode(await r.files.download(f.id, { owner: 'acme', expiry: 1767225600, signature: 'sig' }))).toBe('abc');
    await r.files.delete(f.id);
    expect(typeof r.webhooks.verify).toBe('function');

    fx.rs.conformance.assertNoViolations();
    expect(fx.rs.extraViolations).toEqual([]);
    const exercised = fx.rs.exercised();
    const missing = Object.keys(COVERED_OPERATIONS).filter((id) => !exercised.has(id));
    expect(missing, `covered operations never exercised: ${missing.join(', ')}`).toEqual([]);
  });

  it('works the same over the undici transport (sync run, polling, QUERY, multipart, SSE, DELETE)', async () => {
    const r = createReplicateClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token, transport: undiciTransport() });
    fx.rs.setModel(() => ({ output: ['u1', 'u2'], steps: 2 }));
    expect(await r.run('official/flux', { input: {}, pollInitialDelayMs: 1 })).toEqual(['u1', 'u2']);
    expect((await r.models.search('echo').toArray()).map((m) => m.name)).toEqual(['echo']);
    const f = await r.files.create({ content: new Uint8Array([7, 8, 9]), filename: 'b.bin' });
    expect(f.size).toBe(3);
    await r.files.delete(f.id);
    const p = await r.predictions.create({ model: 'acme/slow', input: {} });
    const text: string[] = [];
    for await (const e of await r.stream(p)) if (e.type === 'output') text.push(e.data);
    expect(text).toEqual(['u1', 'u2']);
    fx.rs.conformance.assertNoViolations();
  });

  it('the covered list names every operation of the spec and nothing else', () => {
    const spec = fx.rs.specOperationIds().sort();
    expect(spec).toHaveLength(37);
    expect(Object.keys(COVERED_OPERATIONS).sort()).toEqual(spec);
  });

  it('the conformance check itself catches a bad request', () => {
    const before = fx.rs.conformance.violations.length;
    fx.rs.conformance.record({ method: 'POST', path: '/v1/predictions', headers: { 'content-type': 'application/json' }, body: '{"webhook":123}' });
    expect(fx.rs.conformance.violations.length).toBe(before + 1);
    expect(fx.rs.conformance.violations.at(-1)!.errors.join(' ')).toMatch(/input/);
    fx.rs.conformance.violations.pop(); // keep the suite's own assertion about real traffic meaningful
  });
});
