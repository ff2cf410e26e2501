/**
 * One measure of a Forge cold start's first part: loading the app's entry module in a fresh
 * process, before any handler runs. `node dist/bench/module-load.js <file>` loads the compiled
 * sources' entry (dist/src/index.js) or Forge's bundle (dist/forge/index.cjs) and prints the
 * milliseconds it took, nothing else loaded before it (bench/load-bench.ts runs it).
 */
const file = process.argv[2];
if (file === undefined) throw new Error('Usage: module-load <file>');
const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(file);
process.stdout.write(`${(performance.now() - started).toFixed(1)}\n`);
