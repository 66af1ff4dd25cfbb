/**
 * The tests mirror src/: a test folder per src folder, holding the suites of what that folder does,
 * so that the tests of a module are found where the module is. Besides those, test/ holds only
 * shared parts and the few suites that test the project as a whole (listed below, with why).
 */
import * as fs from 'fs';
import * as path from 'path';

const TEST = __dirname;
const SRC = path.resolve(__dirname, '..', 'src');

/** Folders of test/ that are not the tests of a src folder. */
const SHARED_FOLDERS: Record<string, string> = {
  fixtures: 'the fixture projects and files the suites read',
  helpers: "the suites' shared helpers (temp projects, in-process synth, the fake Datadog API)",
  e2e: 'the end-to-end suites (a provider binary against the stand-in API; not in npm test)',
  standin: 'a stand-in Datadog API (a test double, with its own tests) for the e2e suites and `npm run standin`',
  __snapshots__: "the snapshots of this folder's suites",
};
/** Suites at the top of test/: they test the project as a whole rather than one src folder. */
const TOP_SUITES: Record<string, string> = {
  'project.test.ts': "the user's own orgs/, monitors/ and dashboards/ (its snapshots are the user's, named in the README)",
  'docs.test.ts': 'the README and docs/ against the commands and the code',
  'docsOutput.test.ts': 'the output the README and docs/ show, by running their commands',
  'layout.test.ts': 'this layout',
};

const dirs = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

test('every folder of test/ is the tests of a src folder, or a shared part', () => {
  const src = new Set(dirs(SRC));
  const strays = dirs(TEST).filter((d) => !src.has(d) && !(d in SHARED_FOLDERS));
  expect({ foldersWithoutSrcCounterpart: strays }).toEqual({ foldersWithoutSrcCounterpart: [] });
});

test('every src folder has its test folder', () => {
  const test = new Set(dirs(TEST));
  expect({ srcFoldersWithoutTests: dirs(SRC).filter((d) => !test.has(d)) }).toEqual({ srcFoldersWithoutTests: [] });
});

test('the only files at the top of test/ are the suites of the project as a whole', () => {
  const files = fs
    .readdirSync(TEST, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  expect(files).toEqual(Object.keys(TOP_SUITES).sort());
});
