import * as fs from 'fs';
import * as path from 'path';
import { FIXTURE_PROJECT, REPO } from '../helpers/project';
import { orgJsonSchema } from '../../src/cli/schema';

test('the committed JSON Schema of org files matches the zod schema (run `npm run schema` to refresh)', () => {
  expect(fs.readFileSync(path.join(REPO, 'schema', 'org.schema.json'), 'utf8')).toBe(orgJsonSchema());
});

test("an org file's $schema points editors at the committed schema", () => {
  const file = path.join(FIXTURE_PROJECT, 'orgs', 'example.json');
  const example = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(path.resolve(path.dirname(file), example.$schema)).toBe(path.join(REPO, 'schema', 'org.schema.json'));
});
