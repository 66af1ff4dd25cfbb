/** Which fixture projects the e2e suite applies, and which it cannot (with the reason). */
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

/** Every fixture project whose orgs synth: applied org by org, each against its own stand-in. */
export const APPLIED: readonly { name: string; dir: string }[] = [
  { name: 'the example org (test/fixtures/project)', dir: 'project' },
  { name: 'provider facts (test/fixtures/fidelity)', dir: 'fidelity' },
  { name: 'four orgs, four backends (test/fixtures/review/four-orgs)', dir: 'review/four-orgs' },
  { name: 'before an import (test/fixtures/adopt/project)', dir: 'adopt/project' },
  { name: 'every option (test/fixtures/e2e/all-options)', dir: 'e2e/all-options' },
];

/** Fixture projects with an orgs/ folder that are not applied: each is meant to stop synth. */
export const NOT_APPLIED: Readonly<Record<string, string>> = {
  'cli/pasted': 'a pasted export with role ids in the shared catalog: synth refuses it (its test is about that error)',
  'validate/org-own': 'invalid on purpose (a bad live_span, a misspelt aggregation): synth refuses it',
  'validate/cli/project': 'invalid on purpose (validate CLI errors): synth refuses it',
};

/** Fixture folders holding an orgs/ folder with org files (a project). */
export function fixtureProjects(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const dir = path.join(FIXTURES, rel);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const sub = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === 'orgs') {
        if (
          fs
            .readdirSync(path.join(FIXTURES, sub))
            .some((f) => f.endsWith('.json') && !f.startsWith('dashboard') && f !== 'monitors.json' && f !== 'dashboards.json' && !f.startsWith('webhook-'))
        )
          out.push(rel);
      } else if (e.name !== 'node_modules') walk(sub);
    }
  };
  walk('');
  return out.sort();
}
