/**
 * Writes schema/org.schema.json, the JSON Schema of org files, from the zod schema (one source of
 * truth), so that editors complete and check `orgs/*.json` through their `$schema` line.
 * `npm run schema` rewrites it; a test fails when the committed file is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { orgFileSchema } from '../config/org';
import { isEntryPoint } from './entry';
import { CommandSpec, answerHelp, unknownOption, usageError } from './args';

export function orgJsonSchema(): string {
  const schema = z.toJSONSchema(orgFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'Torq for Datadog: org file' }, null, 2)}\n`;
}

export const SCHEMA: CommandSpec = {
  name: 'schema',
  synopsis: '',
  summary:
    'Writes schema/org.schema.json, the JSON Schema of org files, from the zod schema that synth uses (one source of truth), so that editors complete and check orgs/*.json through their "$schema" line. ' +
    'Run it after changing src/config/org.ts; a test fails while the committed file is out of date.',
  options: [],
  examples: ['npm run schema'],
  notes: ['Exit codes: 0 written, 1 a usage mistake. See docs/orgs.md.'],
};

/** The command: argv in, exit code returned (writes schema/org.schema.json under the current folder). */
export function main(argv: readonly string[]): number {
  const help = answerHelp(SCHEMA, argv);
  if (help !== undefined) return help;
  if (argv.length > 0)
    return usageError(
      SCHEMA,
      argv[0].startsWith('-') ? unknownOption(argv[0], SCHEMA) : `unexpected argument ${JSON.stringify(argv[0])}; schema takes no argument`,
    );
  const out = path.resolve(process.cwd(), 'schema', 'org.schema.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, orgJsonSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
  return 0;
}

if (isEntryPoint('schema')) process.exitCode = main(process.argv.slice(2));
