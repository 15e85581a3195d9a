/**
 * Differential: the requests modelwire and the official `replicate` 1.4 client send for the same
 * call, on the same loopback Replicate: method, path, query, JSON body and the Prefer/Cancel-After
 * headers. Equal unless a difference is asserted and documented (docs/replicate.md, "Differences
 * from the official client").
 */
import { describe, expect, it } from 'vitest';
import { ON_BUN } from '../helpers/runtime.js';
import { firstPage, TRANSPORTS, useDifferential, type Wire } from './_differential.js';

const d = useDifferential();
const VERSION = 'a'.repeat(56) + '5c7d5dc6';
const only = (wire: Wire[]): Wire => {
  expect(wire).toHaveLength(1);
  return wire[0]!;
};

describe.each(TRANSPORTS)('differential wire (modelwire over %s)', (transport) => {
  it('predictions.create by version, by model and by deployment: the same method, path and body', async () => {
    await d.modelwire(transport).deployments.create({ name: 'diff-app', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 1 }).catch(() => undefined);
    const input = { prompt: 'hi', n: 2, nested: { list: [1, 'a', null] } };
    const webhook = { webhook: 'https://example.com/hook', webhook_events_filter: ['start' as const, 'completed' as const] };
    const cases = [
      () => d.sideBySide((r) => r.predictions.create({ version: VERSION, input, ...webhook }), (m) => m.predictions.create({ version: VERSION, input, ...webhook }), transport),
      () => d.sideBySide((r) => r.predictions.create({ model: 'acme/echo', input }), (m) => m.predictions.create({ model: 'acme/echo', input }), transport),
      () => d.sideBySide((r) => r.deployments.predictions.create('acme', 'diff-app', { input, ...webhook }), (m) => m.deployments.predictions.create('acme/diff-app', { input, ...webhook }), transport),
      // `stream` is deprecated by Replicate but still in the spec: both pass it on
      () => d.sideBySide((r) => r.predictions.create({ model: 'acme/echo', input, stream: true } as never), (m) => m.predictions.create({ model: 'acme/echo', input, stream: true }), transport),
    ];
    const done = [];
    for (const c of cases) done.push(await c());
    expect(done.map((c) => only(c.official.wire).path)).toEqual(['/v1/predictions', '/v1/models/acme/echo/predictions', '/v1/deployments/acme/diff-app/predictions', '/v1/models/acme/echo/predictions']);
    for (const c of done) expect(only(c.modelwire.wire)).toEqual(only(c.official.wire));
  });

  it('predictions.create with wait: Prefer "wait" and "wait=n" alike; n above 60 is sent by the official client, refused by modelwire (the spec allows 1–60)', async () => {
    const a = await d.sideBySide((r) => r.predictions.create({ model: 'acme/echo', input: {}, wait: true }), (m) => m.predictions.create({ model: 'acme/echo', input: {} }, { wait: true, timeoutMs: 120_000 }), transport);
    expect(only(a.modelwire.wire)).toEqual(only(a.official.wire));
    expect(only(a.official.wire).prefer).toBe('wait');
    const b = await d.sideBySide((r) => r.predictions.create({ model: 'acme/echo', input: {}, wait: 7 }), (m) => m.predictions.create({ model: 'acme/echo', input: {} }, { wait: 7 }), transport);
    expect(only(b.modelwire.wire)).toEqual(only(b.official.wire));
    expect(only(b.official.wire).prefer).toBe('wait=7');

    const mark = d.mark();
    await d.official().predictions.create({ model: 'acme/echo', input: {}, wait: 120 });
    expect(only(d.wire(mark)).prefer).toBe('wait=120'); // outside the spec's ^wait(=([1-9]|[1-9][0-9]|60))?$
    d.rs.extraViolations.length = 0;
    const after = d.mark();
    await expect(d.modelwire(transport).predictions.create({ model: 'acme/echo', input: {} }, { wait: 120 })).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'wait' });
    expect(d.mark()).toBe(after);
  });

  it('run: the official client sends Prefer: wait alone; modelwire sends Prefer fitted to its deadline and Cancel-After equal to it, the body alike', async () => {
    d.rs.setModel(() => ({ output: 'ok', sync: true }));
    const webhook = { webhook: 'https://example.com/hook', webhook_events_filter: ['completed' as const] };
    const c = await d.sideBySide((r) => r.run('acme/echo', { input: { a: 1 }, ...webhook }), (m) => m.run('acme/echo', { input: { a: 1 }, ...webhook, timeoutMs: 120_000 }), transport);
    expect(c.official.result).toBe('ok');
    expect(c.modelwire.result).toBe('ok');
    const [o, m] = [only(c.official.wire), only(c.modelwire.wire)];
    expect({ ...m, cancelAfter: undefined }).toEqual(o);
    expect(o).toMatchObject({ prefer: 'wait', cancelAfter: undefined });
    expect(m).toMatchObject({ prefer: 'wait', cancelAfter: '120s' });
    // the client's default 60 s deadline: a 60 s wait could not answer in time, so it is shortened
    const mark = d.mark();
    await d.modelwire(transport).run('acme/echo', { input: {} });
    const fitted = only(d.wire(mark));
    expect(fitted.cancelAfter).toBe('60s');
    // the wait left after a second for the answer to travel, in whole seconds: at most 59
    expect(Number(/^wait=(\d+)$/.exec(fitted.prefer ?? '')?.[1])).toBeLessThanOrEqual(59);
  });

  it('run by owner/name:version: both POST /predictions with the version alone', async () => {
    d.rs.setModel(() => ({ output: 'ok', sync: true }));
    const c = await d.sideBySide((r) => r.run(`acme/echo:${VERSION}`, { input: {} }), (m) => m.run(`acme/echo:${VERSION}`, { input: {}, timeoutMs: 120_000, cancelAfter: false }), transport);
    expect(only(c.modelwire.wire)).toEqual(only(c.official.wire));
    expect(only(c.official.wire)).toMatchObject({ path: '/v1/predictions', body: { version: VERSION, input: {} } });
  });

  it('predictions get, cancel and list; trainings create, get, cancel and list: the same requests', async () => {
    d.rs.setModel(() => ({ steps: 10_000 }));
    const p = await d.official().predictions.create({ version: VERSION, input: {} });
    const t = await d.official().trainings.create('acme', 'echo', VERSION, { destination: 'acme/lora', input: { steps: 3 }, webhook: 'https://example.com/t' });
    const pairs = [
      await d.sideBySide((r) => r.predictions.get(p.id), (m) => m.predictions.get(p.id), transport),
      await d.sideBySide((r) => r.predictions.list(), (m) => firstPage(m.predictions.list()), transport),
      await d.sideBySide((r) => r.trainings.create('acme', 'echo', VERSION, { destination: 'acme/lora', input: { steps: 3 }, webhook: 'https://example.com/t' }), (m) => m.trainings.create('acme/echo', VERSION, { destination: 'acme/lora', input: { steps: 3 }, webhook: 'https://example.com/t' }), transport),
      await d.sideBySide((r) => r.trainings.get(t.id), (m) => m.trainings.get(t.id), transport),
      await d.sideBySide((r) => r.trainings.list(), (m) => firstPage(m.trainings.list()), transport),
      await d.sideBySide((r) => r.trainings.cancel(t.id), (m) => m.trainings.cancel(t.id), transport),
      await d.sideBySide((r) => r.predictions.cancel(p.id), (m) => m.predictions.cancel(p.id), transport),
    ];
    for (const c of pairs) expect(only(c.modelwire.wire)).toEqual(only(c.official.wire));
    expect(pairs.map((c) => `${only(c.official.wire).method} ${only(c.official.wire).path}`)).toEqual([
      `GET /v1/predictions/${p.id}`,
      'GET /v1/predictions',
      `POST /v1/models/acme/echo/versions/${VERSION}/trainings`,
      `GET /v1/trainings/${t.id}`,
      'GET /v1/trainings',
      `POST /v1/trainings/${t.id}/cancel`,
      `POST /v1/predictions/${p.id}/cancel`,
    ]);
  });

  it('models, versions, search, collections, hardware, account, webhook secret: the same requests and the same data', async () => {
    const pairs = [
      await d.sideBySide((r) => r.models.get('acme', 'echo'), (m) => m.models.get('acme/echo'), transport),
      await d.sideBySide((r) => r.models.list(), (m) => firstPage(m.models.list()), transport),
      await d.sideBySide((r) => r.models.versions.list('acme', 'echo'), (m) => firstPage(m.models.versions.list('acme/echo')), transport),
      await d.sideBySide((r) => r.models.versions.get('acme', 'echo', VERSION), (m) => m.models.versions.get('acme/echo', VERSION), transport),
      await d.sideBySide((r) => r.collections.list(), (m) => firstPage(m.collections.list()), transport),
      await d.sideBySide((r) => r.collections.get('super-resolution'), (m) => m.collections.get('super-resolution'), transport),
      await d.sideBySide((r) => r.hardware.list(), (m) => m.hardware.list(), transport),
      await d.sideBySide((r) => r.accounts.current(), (m) => m.account.get(), transport),
      await d.sideBySide((r) => r.webhooks.default.secret.get(), (m) => m.webhooks.default.secret.get(), transport),
    ];
    for (const c of pairs) expect(only(c.modelwire.wire)).toEqual(only(c.official.wire));
    // results: the same data where modelwire returns the resource as is (strict mode drops unknown fields)
    const [, , , version, , , hardware, account, secret] = pairs;
    expect(version!.modelwire.result).toEqual(version!.official.result);
    expect(hardware!.modelwire.result).toEqual(hardware!.official.result);
    expect(account!.modelwire.result).toEqual(account!.official.result);
    expect(secret!.modelwire.result).toEqual(secret!.official.result);
  });

  it('models.search (QUERY /models): the official client JSON-encodes the query ("\\"echo\\"") under text/plain; modelwire sends the text itself, as the spec says', async () => {
    const c = await d.sideBySide((r) => r.models.search('echo'), (m) => firstPage(m.models.search('echo')), transport);
    const [o, m] = [only(c.official.wire), only(c.modelwire.wire)];
    expect(m).toEqual({ ...o, body: 'echo' });
    expect(o.body).toBe(JSON.stringify('echo'));
    // so the official search finds nothing here (no model has quotes in its name), modelwire finds acme/echo
    expect((c.official.result as { results: unknown[] }).results).toEqual([]);
    expect((c.modelwire.result as { items: { name: string }[] } | undefined)?.items.map((x) => x.name)).toEqual(['echo']);
  });

  it('files.create: one multipart POST /files; both send the bytes as "content" with the file name and type and "metadata" as a JSON part; modelwire adds the spec\'s "filename" and "type" fields', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const file = new File([bytes], 'cat.png', { type: 'image/png' });
    const from = d.mark();
    const a = await d.official().files.create(file, { job: 42 });
    const mid = d.mark();
    const b = await d.modelwire(transport).files.create({ content: file, metadata: { job: 42 } });
    const [o, m] = [d.rs.server.requests[from]!, d.rs.server.requests[mid]!];
    expect(d.mark()).toBe(mid + 1);
    const parts = async (r: typeof o) => {
      const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': String(r.headers['content-type']) }, body: new Uint8Array(r.body) }).formData();
      const out: Record<string, unknown> = {};
      for (const [k, v] of form) out[k] = typeof v === 'string' ? v : { name: v.name, type: v.type, text: k === 'metadata' ? await v.text() : [...new Uint8Array(await v.arrayBuffer())] };
      return { method: r.method, path: r.path, contentType: String(r.headers['content-type']).split(';')[0], out };
    };
    const [po, pm] = [await parts(o), await parts(m)];
    expect(pm.contentType).toBe('multipart/form-data');
    // modelwire names the metadata part "blob" itself; the official client leaves the name to FormData,
    // and Bun's FormData writes filename="" (read as a nameless part here, as a plain field by Django)
    expect(pm.out.metadata).toMatchObject({ name: 'blob', text: '{"job":42}' });
    if (ON_BUN) expect(po.out.metadata).toMatchObject({ name: undefined, text: '{"job":42}' });
    else expect({ ...pm, out: { content: pm.out.content, metadata: pm.out.metadata } }).toEqual(po);
    expect(po.out.content).toEqual({ name: 'cat.png', type: 'image/png', text: [...bytes] });
    expect(pm.out).toMatchObject({ filename: 'cat.png', type: 'image/png' });
    expect(Object.keys(po.out)).toEqual(['content', 'metadata']);
    expect(Object.keys(pm.out)).toEqual(['content', 'filename', 'type', 'metadata']);
    expect({ ...b, id: a.id, urls: a.urls, created_at: a.created_at, expires_at: a.expires_at }).toEqual(a);
    // list, get and delete: the same requests
    for (const [r, w] of [
      [(x: typeof d) => x.official().files.get(a.id), (x: typeof d) => x.modelwire(transport).files.get(a.id)],
      [(x: typeof d) => x.official().files.list(), (x: typeof d) => firstPage(x.modelwire(transport).files.list())],
      [(x: typeof d) => x.official().files.delete(a.id), (x: typeof d) => x.modelwire(transport).files.delete(b.id)],
    ] as const) {
      const at = d.mark();
      await r(d);
      const between = d.mark();
      await w(d);
      const [wo, wm] = [d.wire(at).slice(0, between - at), d.wire(between)];
      expect(only(wm)).toEqual({ ...only(wo), path: only(wo).path.replace(a.id, wo[0]!.method === 'DELETE' ? b.id : a.id) });
    }
  });

  it('models.create and deployments create, get, update, list and delete: the same requests', async () => {
    const name = `diff-${transport}`;
    const pairs = [
      await d.sideBySide((r) => r.models.create('alice', `${name}-o`, { visibility: 'private', hardware: 'cpu', description: 'd' }), (m) => m.models.create({ owner: 'alice', name: `${name}-m`, visibility: 'private', hardware: 'cpu', description: 'd' }), transport),
      await d.sideBySide(
        (r) => r.deployments.create({ name: `${name}-o`, model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 2 }),
        (m) => m.deployments.create({ name: `${name}-m`, model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 2 }),
        transport,
      ),
      await d.sideBySide((r) => r.deployments.get('acme', `${name}-o`), (m) => m.deployments.get(`acme/${name}-o`), transport),
      await d.sideBySide((r) => r.deployments.update('acme', `${name}-o`, { max_instances: 3 }), (m) => m.deployments.update(`acme/${name}-o`, { max_instances: 3 }), transport),
      await d.sideBySide((r) => r.deployments.list(), (m) => firstPage(m.deployments.list()), transport),
      await d.sideBySide((r) => r.deployments.delete('acme', `${name}-o`), (m) => m.deployments.delete(`acme/${name}-m`), transport),
    ];
    const [model, create, ...rest] = pairs;
    // the model names differ (one is created by each client); everything else is equal
    expect(only(model!.modelwire.wire)).toEqual({ ...only(model!.official.wire), body: { ...(only(model!.official.wire).body as object), name: `${name}-m` } });
    expect(only(create!.modelwire.wire)).toEqual({ ...only(create!.official.wire), body: { ...(only(create!.official.wire).body as object), name: `${name}-m` } });
    for (const c of rest.slice(0, 3)) expect(only(c.modelwire.wire)).toEqual(only(c.official.wire));
    const del = rest[3]!;
    expect(only(del.modelwire.wire)).toEqual({ ...only(del.official.wire), path: `/v1/deployments/acme/${name}-m` });
    expect(del.official.result).toBe(true);
    expect(del.modelwire.result).toBeUndefined();
  });
});
