#!/usr/bin/env node
// Lists the failed tests of vitest JSON reports, one line each, so the tail of a CI log (often all that is
// kept) names them: `node .ci/failed-tests.mjs <label>=<report.json> ...`. Prints nothing when all passed
// or a report is missing (its step's own line says why). Messages are cut to one line of 300 characters.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

for (const arg of process.argv.slice(2)) {
  const at = arg.indexOf('=');
  const label = arg.slice(0, at);
  let report;
  try {
    report = JSON.parse(readFileSync(arg.slice(at + 1), 'utf8'));
  } catch {
    continue;
  }
  for (const file of report.testResults ?? []) {
    const name = relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failed.length === 0 && file.status === 'failed') failed.push({ fullName: '(file did not run)', failureMessages: [file.message ?? ''] });
    for (const test of failed) {
      const message = String(test.failureMessages?.[0] ?? '').split('\n').find((line) => line.trim() !== '') ?? '';
      console.log(`  ${label}: FAIL ${name} > ${test.fullName}: ${message.trim().slice(0, 300)}`);
    }
  }
}
