// workerd driver: a Worker module whose `test()` handler (run by `workerd test`) runs the
// conformance checks inside workerd. `modelwire-conformance-sdk` is a virtual module made by
// run-all.mjs (static imports of the built dist entry points); esbuild bundles it all into one file.
import { sdk } from 'modelwire-conformance-sdk';
import { format, runConformance } from './conformance.mjs';

export default {
  async fetch() {
    return new Response('modelwire conformance worker; run with `workerd test`');
  },
  async test(_controller, env) {
    const report = await runConformance(env.BASE, sdk);
    console.log(format(report));
    if (report.failed) throw new Error(`${report.failed} conformance check(s) failed in workerd`);
  },
};
