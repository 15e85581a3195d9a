// An esbuild plugin that resolves `modelwire` and `modelwire/<sub>` to the dist file the package's
// exports map names (import condition), as a user's bundler would. Shared by scripts/size.mjs and
// conformance/run-all.mjs.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** @param {string} root the package root (where package.json and dist/ are) */
export function selfRefPlugin(root) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return {
    name: 'modelwire-self',
    setup(build) {
      build.onResolve({ filter: /^modelwire(\/.*)?$/ }, (a) => {
        const sub = a.path === 'modelwire' ? '.' : `./${a.path.slice('modelwire/'.length)}`;
        const target = pkg.exports[sub]?.import?.default;
        return target ? { path: path.join(root, target) } : { errors: [{ text: `package.json exports has no import entry for ${sub}` }] };
      });
    },
  };
}
