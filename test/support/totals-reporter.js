// Writes Jest's totals where scripts/test.js (and so .ci/run) can read them: CI does not parse
// Jest's own summary. A suite that fails to load has no tests; it counts as one failure.
const fs = require('node:fs');
const path = require('node:path');

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const out = path.join(__dirname, '..', '..', 'test-results', 'jest-totals.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    fs.writeFileSync(out, JSON.stringify({ passed: results.numPassedTests, failed }) + '\n');
  }
}

module.exports = TotalsReporter;
