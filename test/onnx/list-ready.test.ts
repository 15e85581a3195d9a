/**
 * docs/onnx.md (The OIP interfaces): `list({ ready: true })` gives only the models that are loaded
 * (`READY`), as the remote client's `list({ ready: true })` asks the platform for the models ready
 * for inference (Triton's repository index `ready` flag). Both implement `ModelsApi.list`, yet the
 * local runtime refused the option (`InvalidRequestError`, `path: 'ready'`), so code written against
 * the shared interface worked on the platform and threw on the local runtime (say, through
 * `withFallback` once the platform was down).
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, withFallback } from '../../src/index.js';
import { createOipClient, type ModelsApi, type OipTarget } from '../../src/oip/index.js';
import { startOipServer } from '../helpers/oip-server.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const label = (e: { name: string; version?: string | undefined }): string => (e.version ? `${e.name}@${e.version}` : e.name);

describe('onnx: list({ ready })', () => {
  it('ready: true lists the loaded models only; ready: false and no option list them all', async () => {
    const rt = runtime({ warmup: false });
    const all = (await rt.list()).map(label);
    expect(all.length).toBeGreaterThan(2);
    expect(await rt.list({ ready: true })).toEqual([]);
    await rt.load('mlp');
    await rt.load('int64');
    const ready = await rt.models.list({ ready: true });
    expect(ready.map(label)).toEqual(['int64', 'mlp']);
    expect(ready.every((e) => e.state === 'READY')).toBe(true);
    expect((await rt.deployments.list({ ready: false })).map(label)).toEqual(all);
    expect((await rt.list({ ready: undefined })).map(label)).toEqual(all);
  });

  it('reads ready as the remote client does: the same models through the shared ModelsApi', async () => {
    const oip = await startOipServer({ loaded: ['mlp'] });
    try {
      const rt = runtime({ warmup: false });
      await rt.load('mlp');
      const apis: ModelsApi[] = [createOipClient({ baseURL: oip.url }), rt];
      // the test platform also serves two models of its own (echo, toy-llm), always loaded, and numbers versions
      const [remote, local] = await Promise.all(apis.map(async (api) => (await api.list({ ready: true })).map((e) => e.name)));
      expect(remote).toContain('mlp');
      expect(remote).not.toContain('int64');
      expect(local).toEqual(['mlp']);
    } finally {
      await oip.close();
    }
  });

  it('answers locally through withFallback when the platform is down', async () => {
    const oip = await startOipServer();
    const url = oip.url;
    await oip.close(); // connection refused from now on
    const rt = runtime({ warmup: false });
    await rt.load('mlp');
    const target = withFallback<OipTarget>(createOipClient({ baseURL: url, retry: { maxRetries: 0 } }), rt, {});
    const res = await target.list({ ready: true });
    expect(res.source).toBe('local');
    expect([...res].map(label)).toEqual(['mlp']);
  });

  it('refuses a ready that is no boolean, as the remote client does', async () => {
    const rt = runtime();
    const remote = createOipClient({ baseURL: 'http://127.0.0.1:9' });
    for (const api of [rt, remote] as ModelsApi[]) {
      const err = await api.list({ ready: 'false' as unknown as boolean }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe('ready');
      expect((err as InvalidRequestError).message).toMatch(/\.list: ready must be a boolean/);
    }
  });
});
