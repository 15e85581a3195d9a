#!/usr/bin/env node
// Lists the failed tests of vitest JSON reports, one line each, so the tail of a CI log (often all that is
// kept) names them: `node .ci/failed-tests.mjs <label>=<report.json> ...`. A run that failed with no failed
// test (an unhandled error, a crashed worker) gets a line saying so. Prints nothing when all passed or a
// report is missing (its step's own line says why). Messages are cut to one line of 300 characters.
// `node .ci/failed-tests.mjs --files <report.json>`: the files of the failed tests, one per line.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The report's failed tests, each with its file (relative to the working directory). */
function failures(path) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const found = [];
  for (const file of report.testResults ?? []) {
    const name = relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failed.length === 0 && file.status === 'failed') failed.push({ fullName: '(the file did not run)', failureMessages: [file.message ?? ''] });
    for (const test of failed) found.push({ file: name, test: test.fullName, message: String(test.failureMessages?.[0] ?? '') });
  }
  return { found, success: report.success !== false };
}

const args = process.argv.slice(2);
if (args[0] === '--files') {
  for (const file of new Set((failures(args[1])?.found ?? []).map((failure) => failure.file))) console.log(file);
} else {
  for (const arg of args) {
    const at = arg.indexOf('=');
    const label = arg.slice(0, at);
    const result = failures(arg.slice(at + 1));
    if (result === undefined) continue;
    for (const { file, test, message } of result.found) {
      const line = message.split('\n').find((text) => text.trim() !== '') ?? '';
      console.log(`  ${label}: FAIL ${file} > ${test}: ${line.trim().slice(0, 300)}`);
    }
    if (result.found.length === 0 && !result.success) console.log(`  ${label}: the run failed with no failed test (an unhandled error or a crashed worker: see its output above)`);
  }
}
