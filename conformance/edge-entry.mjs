// edge-runtime driver (bundled to an IIFE by run-all.mjs and evaluated by run-edge.mjs inside
// Vercel's EdgeRuntime VM, where process, require and Buffer do not exist).
import { sdk } from 'modelwire-conformance-sdk';
import { format, runConformance } from './conformance.mjs';

globalThis.__conformance = async (base) => {
  const report = await runConformance(base, sdk);
  return { text: format(report), failed: report.failed };
};
