import * as path from 'path';

/**
 * True when src/cli/<name>.ts is the program being run: directly, or as the bundle
 * `.build/<name>.js` that scripts/run.js makes of it. `require.main === module` cannot tell: in an
 * esbuild bundle every inlined module shares the bundle's `module`, so any CLI module another entry
 * imports would start running too.
 */
export function isEntryPoint(name: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && path.basename(entry).replace(/\.[jt]s$/, '') === name && /\.[jt]s$/.test(entry);
}
