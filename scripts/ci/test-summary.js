#!/usr/bin/env node
// @ts-check
/**
 * The full run's closing line, in the plain form any CI reads: `tests: N passed, N failed, N skipped`.
 * Jest's own summary ("Tests: 1 skipped, 3134 passed, 3135 total") is not that form, and
 * schemathesis prints its cases apart, so this adds both up: jest's JSON results (--outputFile)
 * and the "N generated, N passed[, N failed]" lines of the schemathesis log, when there is one.
 *
 * Usage: node scripts/ci/test-summary.js JEST_JSON [SCHEMATHESIS_LOG]
 */
const { existsSync, readFileSync } = require('node:fs');

const [jestJson, schemathesisLog] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

if (jestJson && existsSync(jestJson)) {
  const results = JSON.parse(readFileSync(jestJson, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped += results.numPendingTests + results.numTodoTests;
} else {
  // No results at all is a failure of the run, not zero tests passed.
  failed += 1;
  console.error(`test-summary: no jest results at ${jestJson ?? '(not given)'}`);
}

if (schemathesisLog && existsSync(schemathesisLog)) {
  for (const line of readFileSync(schemathesisLog, 'utf8').split('\n')) {
    const cases = /^\s*\d+ generated, (.*)$/.exec(line);
    if (!cases) continue;
    for (const part of cases[1].split(',')) {
      const m = /(\d+) (passed|failed|errored|skipped)/.exec(part);
      if (!m) continue;
      const n = Number(m[1]);
      if (m[2] === 'passed') passed += n;
      else if (m[2] === 'skipped') skipped += n;
      else failed += n;
    }
  }
}

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
