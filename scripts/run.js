#!/usr/bin/env node
// Runs a TypeScript entry point of this package on plain node: esbuild bundles our own sources
// (not node_modules) into .build/ in a few milliseconds (and the bundle is reused while they are
// unchanged), with no type checking and no source-map rewriting of stack traces, which is what
// makes ts-node slow. Type checking is `npm run typecheck`.
'use strict';
const path = require('path');
const fs = require('fs');
const nodeCrypto = require('crypto');

const [, , entry, ...rest] = process.argv;
if (!entry) {
  process.stderr.write('usage: node scripts/run.js <entry.ts> [args...]\n');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const outfile = path.join(root, '.build', path.basename(entry).replace(/\.ts$/, '.js'));
const source = fs.existsSync(path.resolve(entry)) ? path.resolve(entry) : path.resolve(root, entry);

// The bundle is reused while this script and every source file it was built from hold the same
// bytes (a content hash, not mtimes: copies and checkouts keep or reset mtimes at will). Checking
// takes about a millisecond; building, about 60 ms more of every synth.
const stampFile = `${outfile}.inputs.json`;
function inputsHash(inputs) {
  const h = nodeCrypto.createHash('sha256');
  h.update(fs.readFileSync(__filename));
  for (const f of inputs) h.update(`\0${f}\0`).update(fs.readFileSync(path.resolve(root, f)));
  return h.digest('hex');
}
function upToDate() {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return stamp.entry === source && fs.existsSync(outfile) && inputsHash(stamp.inputs) === stamp.hash;
  } catch {
    return false;
  }
}
if (!upToDate()) {
  const result = require('esbuild').buildSync({
    entryPoints: [source],
    outfile,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  fs.writeFileSync(stampFile, `${JSON.stringify({ entry: source, inputs, hash: inputsHash(inputs) })}\n`);
}
// Run the bundle as the main module, so that `require.main === module` holds inside it.
process.argv = [process.argv[0], outfile, ...rest];
require('module').runMain();
