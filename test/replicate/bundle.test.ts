/**
 * Packaging checks of modelwire/replicate: it bundles for the browser with no Node built-in, and a
 * single imported operation leaves the other operations and their schemas out of the bundle.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createReplicateClient } from '../../src/replicate/index.js';

const entry = fileURLToPath(new URL('../../src/replicate/index.ts', import.meta.url));

async function bundle(contents: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

describe('bundling', () => {
  it('builds for the browser without Node built-ins', async () => {
    const code = await bundle(`export * from ${JSON.stringify(entry)};`);
    expect(code).not.toMatch(/["']node:/);
    expect(code).toContain('webhook-signature');
  });

  it('tree-shakes: one operation does not pull the others or their schemas', async () => {
    const code = await bundle(`import { getPrediction } from ${JSON.stringify(entry)}; export { getPrediction };`);
    expect(code).toContain('replicate.predictions.get');
    for (const absent of ['generated_description', 'webhook-signature', 'expires_at', 'replicate.files.create', 'cancel-after', 'max_instances']) {
      expect(code, absent).not.toContain(absent);
    }
  });

  it('builds resource groups of the bound client on first access only', () => {
    const r = createReplicateClient({ baseURL: 'http://127.0.0.1:9/v1' });
    const before = Object.getOwnPropertyDescriptor(r, 'deployments')!;
    expect(typeof before.get).toBe('function');
    expect('value' in before).toBe(false);
    const first = r.deployments;
    expect(r.deployments).toBe(first);
    expect(Object.getOwnPropertyDescriptor(r, 'deployments')!.value).toBe(first);
    expect(typeof Object.getOwnPropertyDescriptor(r, 'files')!.get).toBe('function');
  });
});
