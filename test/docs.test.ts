/**
 * The README is a front door and the guides behind it stay reachable: every relative link in
 * README.md and docs/*.md resolves (files and #anchors, as GitHub makes them), and docs/cli.md
 * shows each command's --help as the command prints it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { helpText } from '../src/cli/args';
import { SYNTH } from '../src/cli/synth';
import { VALIDATE } from '../src/cli/validate';
import { REVIEW } from '../src/cli/review';
import { ORG_NEW } from '../src/cli/orgNew';
import { ORG_IMPORT } from '../src/cli/orgImport';
import { BENCH } from '../src/cli/bench';
import { REVIEW_BENCH } from '../src/cli/reviewBench';
import { SCHEMA } from '../src/cli/schema';
import { FACTS_DOC } from '../src/cli/factsDoc';
import { DRIFT } from '../src/cli/drift';
import { PLAN } from '../src/cli/plan';

const REPO = path.resolve(__dirname, '..');
const docs = fs
  .readdirSync(path.join(REPO, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const pages = ['README.md', ...docs.sort()];
const read = (rel: string) => fs.readFileSync(path.join(REPO, rel), 'utf8');

/** The text outside fenced code blocks (links in code are not links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

test('the README is a front door of at most 250 lines, linking every guide', () => {
  const readme = read('README.md');
  expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  for (const guide of ['orgs', 'catalog', 'validation', 'review', 'drift', 'adopting', 'keys-and-health', 'performance', 'leaving-cdktf', 'cli']) {
    expect(docs).toContain(`docs/${guide}.md`);
    expect(links(readme)).toContain(`docs/${guide}.md`);
  }
  expect(readme).toContain('npm ci && npm run synth');
  expect(readme).toContain('npm ci && npm test');
});

test.each(pages)('every relative link in %s resolves, #anchors included', (page) => {
  const broken: string[] = [];
  for (const target of links(read(page))) {
    const [file, anchor] = target.split('#');
    const rel = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
    if (!fs.existsSync(path.join(REPO, rel))) {
      broken.push(`${target}: no file ${rel}`);
      continue;
    }
    if (anchor !== undefined && rel.endsWith('.md') && !anchors(read(rel)).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${rel}`);
  }
  expect(broken).toEqual([]);
});

test('the link checker finds broken links (it is not vacuous)', () => {
  expect(links('[a](docs/x.md) [b](https://x.io) `[c](y.md)`\n```\n[d](z.md)\n```\n[e](#top)')).toEqual(['docs/x.md', 'y.md', '#top']);
  expect([...anchors('# A new org: org:new\n## cdktf-cli: `npx cdktf synth`, `diff`\n## Same\n## Same')]).toEqual([
    'a-new-org-orgnew',
    'cdktf-cli-npx-cdktf-synth-diff',
    'same',
    'same-1',
  ]);
});

test("docs/cli.md shows each command's --help as it prints it", () => {
  const cli = read('docs/cli.md');
  for (const spec of [SYNTH, VALIDATE, REVIEW, DRIFT, PLAN, ORG_NEW, ORG_IMPORT, BENCH, REVIEW_BENCH, SCHEMA, FACTS_DOC])
    expect(cli).toContain(`$ npm run ${spec.name} -- --help\n${helpText(spec)}`);
});

test('the overrides tables name every field an org file may override (schema/org.schema.json)', () => {
  const schema = JSON.parse(read('schema/org.schema.json'));
  const find = (node: unknown, at: string[]): unknown => at.reduce((n: any, k) => n?.[k], node);
  const overrides = find(schema, ['properties', 'monitors', 'properties', 'overrides', 'additionalProperties', 'properties']) as Record<string, unknown>;
  const fields = Object.keys(overrides);
  expect(fields).toEqual(expect.arrayContaining(['query', 'message', 'removeTags', 'restrictedRoles', 'draftStatus', 'routing']));
  const catalogTable = read('docs/catalog.md').split('## Overrides per org')[1].split('\n## ')[0];
  const orgsRow = read('docs/orgs.md')
    .split('\n')
    .find((l) => l.startsWith('| `monitors.overrides.<id>`'))!;
  for (const f of fields) {
    expect({ f, catalog: catalogTable.includes(`| \`${f}\``) }).toEqual({ f, catalog: true });
    expect({ f, orgs: orgsRow.includes(`\`${f}\``) }).toEqual({ f, orgs: true });
  }
});

test.each(pages.filter((p) => p !== 'README.md'))('%s: "Back to the README" ends the page, and no paragraph is written twice', (page) => {
  const text = read(page).trimEnd();
  if (text.includes('[Back to the README]')) expect(text.endsWith('[Back to the README](../README.md)')).toBe(true);
  const paragraphs = prose(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 80);
  expect(paragraphs.filter((p, i) => paragraphs.indexOf(p) !== i)).toEqual([]);
  expect(text).not.toContain('(for the README)');
});

test('every npx cdktf command the README shows runs with CHECKPOINT_DISABLE=1 (offline, cdktf-cli would print ENOTFOUND for its version check)', () => {
  const blocks = [...read('README.md').matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const withCdktf = blocks.filter((b) => /^(\$ )?npx cdktf /m.test(b));
  expect(withCdktf.length).toBeGreaterThan(0);
  for (const b of withCdktf) {
    const lines = b.split('\n');
    const first = lines.findIndex((l) => /^(\$ )?npx cdktf /.test(l));
    expect(lines.slice(0, first + 1).some((l) => l.includes('CHECKPOINT_DISABLE=1'))).toBe(true);
  }
});
