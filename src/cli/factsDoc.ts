/**
 * `npm run docs:facts`: writes the provider-facts table (src/datadog/providerFacts.ts) into
 * docs/provider-facts.md, between its `facts:begin` and `facts:end` markers, so that the page and
 * the code cannot disagree; test/datadog/providerFacts.test.ts fails while they do.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROVIDER_FACTS, type Sent } from '../datadog/providerFacts';
import { CommandSpec, answerHelp, unknownOption, usageError } from './args';
import { isEntryPoint } from './entry';

const BEGIN = '<!-- facts:begin: generated from src/datadog/providerFacts.ts by npm run docs:facts; do not edit -->';
const END = '<!-- facts:end -->';

const cell = (v: unknown) => (v === undefined ? '' : `\`${JSON.stringify(v)}\``);
const SENT_WORDS: Record<Sent, string> = {
  always: 'always',
  'non-zero': 'when non-zero (0, false, "" never)',
  'not-null': 'when set (null never)',
  never: 'never (no attribute)',
};

/** The table as Markdown, for docs/provider-facts.md (between its `facts:begin` and `facts:end` markers). */
function renderFactsMarkdown(): string {
  const rows = PROVIDER_FACTS.map((f) => {
    const traits = [
      f.forceNew ? 'ForceNew' : '',
      f.set ? 'set (order-free)' : '',
      f.sameValues ? f.sameValues.map(([a, b]) => `\`${a}\` = \`${b}\``).join(', ') : '',
      f.notWithCustomSchedule ? 'not with a custom schedule' : '',
      f.onlyForTypes ? `only ${f.onlyForTypes.join(', ')}` : '',
      f.values ? `one of ${f.values.map((v) => `\`${v}\``).join(', ')}` : '',
    ].filter((t) => t !== '');
    return `| \`${f.resource}\` | \`${f.field}\` | ${SENT_WORDS[f.sent]} | ${cell(f.schemaDefault)} | ${cell(f.datadogDefault)} | ${traits.join('; ')} | ${f.note} | ${f.source} |`;
  });
  return [
    '| Resource | Field | Sent | Provider default | Datadog default | Traits | What it means | Provider 3.82.0 |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The document with the generated table in place; undefined when it lacks the markers. */
export function withFacts(doc: string): string | undefined {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) return undefined;
  return `${doc.slice(0, a + BEGIN.length)}\n${renderFactsMarkdown()}\n${doc.slice(b)}`;
}

export const FACTS_DOC: CommandSpec = {
  name: 'docs:facts',
  synopsis: '',
  summary:
    'Writes the table of provider facts (src/datadog/providerFacts.ts: what provider 3.82.0 sends, its defaults, ForceNew and set-typed attributes, aliases, enums) into docs/provider-facts.md. ' +
    'Run it after changing the table; a test fails while the page and the table differ.',
  options: [],
  examples: ['npm run docs:facts'],
  notes: ['Exit codes: 0 written, 1 docs/provider-facts.md has no table markers, 2 a usage mistake. See docs/provider-facts.md.'],
};

/** The command: argv in, exit code returned (writes docs/provider-facts.md under the current folder). */
export function main(argv: readonly string[]): number {
  const help = answerHelp(FACTS_DOC, argv);
  if (help !== undefined) return help;
  if (argv.length > 0)
    return usageError(
      FACTS_DOC,
      argv[0].startsWith('-') ? unknownOption(argv[0], FACTS_DOC) : `unexpected argument ${JSON.stringify(argv[0])}; docs:facts takes no argument`,
    );
  const rel = 'docs/provider-facts.md';
  const file = path.resolve(process.cwd(), rel);
  const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const next = withFacts(doc);
  if (next === undefined) {
    process.stderr.write(`${rel}: no "${BEGIN}" and "${END}" lines; expected both, around the generated table (run from the package's root)\n`);
    return 1;
  }
  if (next !== doc) fs.writeFileSync(file, next);
  process.stdout.write(next === doc ? `${rel}: up to date\n` : `wrote the provider-facts table into ${rel}\n`);
  return 0;
}

if (isEntryPoint('factsDoc')) process.exitCode = main(process.argv.slice(2));
