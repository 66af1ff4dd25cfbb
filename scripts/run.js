#!/usr/bin/env node
// Runs a TypeScript entry point of this package on plain node: esbuild bundles our own sources
// (not node_modules) into .build/ in a few milliseconds, with no type checking and no source-map
// rewriting of stack traces, which is what makes ts-node slow. Type checking is `npm run typecheck`.
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const [, , entry, ...rest] = process.argv;
if (!entry) {
  process.stderr.write('usage: node scripts/run.js <entry.ts> [args...]\n');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const outfile = path.join(root, '.build', path.basename(entry).replace(/\.ts$/, '.js'));
const fs = require('fs');
const source = fs.existsSync(path.resolve(entry)) ? path.resolve(entry) : path.resolve(root, entry);
esbuild.buildSync({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'error',
});
// Run the bundle as the main module, so that `require.main === module` holds inside it.
process.argv = [process.argv[0], outfile, ...rest];
require('module').runMain();
