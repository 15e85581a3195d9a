// Loads conformance/index.html in headless Chromium (Debian /usr/bin/chromium) through playwright-core.
// Usage: node run-chromium.mjs <runtimes-dir>   (BASE in the environment)
import { createRequire } from 'node:module';
import path from 'node:path';

const rtDir = path.resolve(process.argv[2]);
const require = createRequire(path.join(rtDir, 'package.json'));
const pw = require('playwright-core');
const chromium = pw.chromium ?? pw.default.chromium;
const page_ = process.argv[3] ?? '/index.html';
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args });
let failed = 1;
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && !/favicon|Failed to load resource/.test(m.text()) && console.log(`console.error: ${m.text()}`));
  await page.goto(process.env.BASE + page_);
  await page.waitForFunction(() => window.__report, null, { timeout: 60_000 });
  const rep = await page.evaluate(() => window.__report);
  console.log(`runtime-version: chromium ${browser.version()}`);
  console.log(rep.text);
  failed = rep.failed;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
