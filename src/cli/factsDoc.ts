/**
 * `npm run docs:facts`: writes the provider-facts table (src/datadog/providerFacts.ts) into
 * docs/provider-facts.md, between its `<!-- facts:begin -->` and `<!-- facts:end -->` markers.
 * `--check` only says whether the file holds the table as generated (exit 1 when it does not).
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderFactsMarkdown } from '../datadog/providerFacts';
import { isEntryPoint } from './entry';

export const BEGIN = '<!-- facts:begin: generated from src/datadog/providerFacts.ts by npm run docs:facts; do not edit -->';
export const END = '<!-- facts:end -->';

/** The document with the generated table in place; undefined when it lacks the markers. */
export function withFacts(doc: string): string | undefined {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) return undefined;
  return `${doc.slice(0, a + BEGIN.length)}\n${renderFactsMarkdown()}\n${doc.slice(b)}`;
}

function main(argv: string[]): number {
  // npm runs scripts from the package root.
  const file = path.resolve(process.cwd(), 'docs', 'provider-facts.md');
  const rel = 'docs/provider-facts.md';
  const doc = fs.readFileSync(file, 'utf8');
  const next = withFacts(doc);
  if (next === undefined) {
    process.stderr.write(`${rel}: no "${BEGIN}" ... "${END}" markers; expected both, around the generated table\n`);
    return 1;
  }
  if (argv.includes('--check')) {
    if (next === doc) return 0;
    process.stderr.write(`${rel}: the provider-facts table differs from src/datadog/providerFacts.ts; run npm run docs:facts\n`);
    return 1;
  }
  if (next !== doc) fs.writeFileSync(file, next);
  process.stdout.write(next === doc ? `${rel}: up to date\n` : `${rel}: table rewritten from src/datadog/providerFacts.ts\n`);
  return 0;
}

if (isEntryPoint('factsDoc')) process.exitCode = main(process.argv.slice(2));
