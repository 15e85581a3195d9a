// Chromium driver (bundled to ESM by run-all.mjs, loaded by conformance/index.html).
import { sdk } from 'modelwire-conformance-sdk';
import { format, runConformance } from './conformance.mjs';

export async function run(base, crossOrigin) {
  const report = await runConformance(base, sdk, { crossOrigin: crossOrigin ?? undefined });
  return { text: format(report), failed: report.failed };
}
