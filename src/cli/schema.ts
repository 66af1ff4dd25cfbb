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

export function orgJsonSchema(): string {
  const schema = z.toJSONSchema(orgFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'Torq for Datadog: org file' }, null, 2)}\n`;
}

if (isEntryPoint('schema')) {
  const out = path.resolve(process.cwd(), 'schema', 'org.schema.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, orgJsonSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}
