// The functions with the most self time in each `.cpuprofile` of a directory (`node --cpu-prof
// --cpu-prof-dir=<dir>`): `node bench/support/cpuprofile-top.mjs <dir> [how many, default 25]`.
// Each line: the share of the profile's time, the function, its file (last two path parts) and line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, top = '25'] = process.argv.slice(2);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]);
    total += profile.timeDeltas[i];
  });
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${((us / total) * 100).toFixed(1).padStart(5)} % ${key}`);
}
