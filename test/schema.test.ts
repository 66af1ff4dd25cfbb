import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './helpers/project';
import { orgJsonSchema } from '../src/cli/schema';

test('the committed JSON Schema of org files matches the zod schema (run `npm run schema` to refresh)', () => {
  expect(fs.readFileSync(path.join(REPO, 'schema', 'org.schema.json'), 'utf8')).toBe(orgJsonSchema());
});
