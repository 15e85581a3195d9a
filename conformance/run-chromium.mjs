// Loads conformance/index.html in headless Chromium (Debian /usr/bin/chromium) through playwright-core.
// Usage: node run-chromium.mjs <runtimes-dir> [example page]   (BASE and XORIGIN, the server's listener of another origin, in the environment)
import { createRequire } from 'node:module';
import path from 'node:path';

const rtDir = path.resolve(process.argv[2]);
const require = createRequire(path.join(rtDir, 'package.json'));
const pw = require('playwright-core');
const chromium = pw.chromium ?? pw.default.chromium;
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args });
let failed = 1;
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && !/favicon|Failed to load resource/.test(m.text()) && console.log(`console.error: ${m.text()}`));
  await page.goto(`${process.env.BASE}/index.html${process.env.XORIGIN ? `?xorigin=${encodeURIComponent(process.env.XORIGIN)}` : ''}`);
  await page.waitForFunction(() => window.__report, null, { timeout: 60_000 });
  const rep = await page.evaluate(() => window.__report);
  console.log(`runtime-version: chromium ${browser.version()}`);
  const lines = rep.text.split('\n');
  failed = rep.failed;
  if (process.argv[3]) {
    // The browser example (examples/browser, bundled by run-all.mjs) renders scores and a streamed chat.
    const t0 = Date.now();
    const example = await browser.newPage();
    await example.goto(`${process.env.BASE}${process.argv[3]}`);
    await example.waitForFunction(() => document.getElementById('status')?.textContent !== 'running', null, { timeout: 30_000 });
    const [status, scores, chat] = await example.evaluate(() => ['status', 'scores', 'chat'].map((id) => document.getElementById(id).textContent));
    const ok = status === 'done' && scores === '10, 4' && chat === 'h\u00e9llo w\u00f6rld \u2713';
    lines.splice(lines.length - 1, 0, `${ok ? 'PASS' : 'FAIL'} example.browser (${Date.now() - t0} ms): status=${status} scores=[${scores}] chat=${JSON.stringify(chat)}`);
    if (!ok) failed++;
    const passed = lines.filter((l) => l.startsWith('PASS ')).length;
    lines[lines.length - 1] = `${passed} passed, ${failed} failed`;
  }
  console.log(lines.join('\n'));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
