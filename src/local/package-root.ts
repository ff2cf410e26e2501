import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | null = null;

/**
 * The folder of this package's package.json. The code runs both from `src/` (tests) and from
 * `dist/src/` (the built CLI), so the depth differs; walking up finds it either way.
 */
export function packageRoot(): string {
  if (cached !== null) return cached;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && isThisPackage(candidate)) return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('flow-ledger: cannot find its own package.json');
    dir = parent;
  }
}

function isThisPackage(file: string): boolean {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && 'name' in value && value.name === 'flow-ledger';
  } catch {
    return false;
  }
}
