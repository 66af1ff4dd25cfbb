/**
 * The review as Markdown for a pull-request comment. Every value that comes from a user's file
 * is in a code span or block (so `@handles` never mention GitHub users and HTML never renders)
 * and passes through `redact`. Output depends only on the review: same input, same bytes.
 *
 * Layout: a plan-like line per org, Needs attention (every item, grouped when identical), then the
 * details: changes identical in several orgs once (with the list of orgs), then each org's own
 * changes, each group in a collapsible <details> block. When the text would pass `maxChars`, the
 * details are shortened step by step (full definitions and diffs first); Needs attention never is.
 */
import { counts, details, Item, Level, orgItems, SECTIONS } from './markdownItems';
import { AttentionLevel, attentionLines } from './markdownAttention';
import { ACTIONS, describeCounts, OrgReview, planLine, Review } from './model';
import { code, FieldChange, plural, redact } from './text';

export { gistOf, highlightPair } from './markdownItems';

export interface RenderOptions {
  /** How the base and head revisions are named in the title. */
  baseLabel: string;
  headLabel: string;
  /** A paragraph under the title (why the base was replaced, for instance). */
  note?: string;
  /** The longest text allowed (GitHub comments hold 65,536 characters; pr.yml adds a marker and a footer). */
  maxChars?: number;
  /** Where the full review is when this one is cut (`the job summary of this run`); absent: the command that prints it. */
  fullAt?: string;
  /** Words of another source of changes than two revisions (the drift report's); absent: the review's. */
  wording?: Wording;
}

/** What the renderer says that depends on where the changes come from. */
export interface Wording {
  /** The plan-like line of an org: `3 to import, 1 to create, ...` in a review. */
  planLine: (o: OrgReview) => string;
  /** The line under a "... removed" section: what happens to those resources. */
  removedNote: (orgs: string[]) => string;
  /** The text under the title when no org changes. */
  noChanges: (review: Review) => string;
  /** The command that prints the details in full, for the note of a shortened text. */
  command: string;
  /**
   * The note of a shortened text, where it is not a pull-request comment (the drift issue's);
   * absent: the review's. A source with its own note also shortens Needs attention itself
   * (drift's size.ts): the renderer then cuts only the details (levels 0-3), never the items.
   */
  shortened?: (level: number) => string;
}

const REVIEW_WORDING: Wording = {
  planLine: (o) => planLine(o.actions),
  removedNote: (orgs) => `Terraform deletes these from ${orgs.length === 1 ? `the ${code(orgs[0])} org` : `the orgs ${orgs.map((o) => code(o)).join(', ')}`}.`,
  noChanges: (review) =>
    `No changes: ${review.orgs.length === 0 ? 'neither revision has an org' : review.orgs.length === 1 ? `org ${code(review.orgs[0].org)} synthesizes the same Datadog resources` : `the ${review.orgs.length} orgs (${review.orgs.map((o) => code(o.org)).join(', ')}) synthesize the same Datadog resources`}.`,
  command: 'npm run review',
};

export const DEFAULT_MAX_CHARS = 60000;

function summaryLine(o: OrgReview, wording: Wording): string {
  const parts: string[] = [];
  if (o.status === 'added') {
    const c = o.counts;
    parts.push(
      `new org: ${plural(c.monitors, 'monitor')}, ${plural(c.health, 'health monitor')}, ${plural(c.dashboards, 'dashboard')}, ${plural(o.webhooks.filter((w) => w.type === 'datadog_webhook').length, 'webhook')}${
        o.access.some((a) => a.type === 'datadog_api_key') ? ', Torq keys' : ''
      }`,
    );
  } else if (o.status === 'removed') {
    parts.push(`org removed: its ${describeCounts(o.counts)} leave this package's control`);
  } else if (o.status === 'unchanged') {
    parts.push('no changes');
  } else {
    const m = o.monitors;
    const routing = m.changed.filter((c) => c.routingChanged).length;
    const mon = counts([
      [m.added.length, 'added'],
      [m.removed.length, 'removed'],
    ]);
    if (m.changed.length) mon.push(`${m.changed.length} changed${routing ? ` (${plural(routing, 'routing change')})` : ''}`);
    const monRenames = o.renames.filter((r) => r.type === 'datadog_monitor').length;
    if (monRenames) mon.push(`${monRenames} renamed`);
    if (mon.length) parts.push(`monitors: ${mon.join(', ')}`);
    const h = o.health;
    const hp = counts([
      [h.added.length, 'added'],
      [h.removed.length, 'removed'],
      [h.changed.length, 'changed'],
    ]);
    if (hp.length) parts.push(`health monitors: ${hp.join(', ')}`);
    const d = o.dashboards;
    const dp = counts([
      [d.added.length, 'added'],
      [d.removed.length, 'removed'],
      [d.changed.length, 'changed'],
      [o.renames.filter((r) => r.type === 'datadog_dashboard_json').length, 'renamed'],
    ]);
    if (dp.length) parts.push(`dashboards: ${dp.join(', ')}`);
    if (o.webhooks.length) parts.push(`webhooks: ${o.webhooks.map((w) => `${w.id} ${w.status}`).join(', ')}`);
    if (o.access.length) parts.push(`keys and service account: ${plural(o.access.length, 'change')}`);
    if (o.other.length) parts.push(`other resources: ${plural(o.other.length, 'change')}`);
    if (o.settings.length) parts.push(`deployment: ${settingsSummary(o.settings)}`);
    if (parts.length === 0) parts.push(`${plural(o.renames.length, 'resource')} renamed`);
  }
  const plan = o.status === 'unchanged' || o.status === 'removed' ? '' : `${wording.planLine(o)} · `;
  return `- **${o.org}**: ${plan}${parts.join('; ')}`;
}

function settingsSummary(settings: FieldChange[]): string {
  const out: string[] = [];
  if (settings.some((f) => f.field === 'datadog api_url')) out.push('site changed');
  if (settings.some((f) => f.field === 'backend')) out.push('state backend changed');
  const vars = settings.filter((f) => f.field.startsWith('secret variable '));
  const added = vars.filter((f) => f.before === undefined).length;
  const removed = vars.length - added;
  if (added) out.push(`${plural(added, 'new secret variable')}`);
  if (removed) out.push(`${plural(removed, 'secret variable')} dropped`);
  const imports = settings.filter((f) => f.field.startsWith('adopts ')).length;
  if (imports) out.push(`${plural(imports, 'import')} changed`);
  return out.join(', ');
}

function renderItems(items: Item[], level: Level, removedNote?: string): string[] {
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const list = items.filter((i) => i.section === section);
    if (list.length === 0) continue;
    lines.push(`#### ${section} (${list.length})`, '');
    if (section.endsWith('removed') && removedNote) lines.push(removedNote, '');
    const byGist = new Map<string, Item[]>();
    for (const i of list) if (i.gist !== undefined) byGist.set(i.gist, [...(byGist.get(i.gist) ?? []), i]);
    const summarised = new Set<Item>();
    for (const [gist, group] of byGist) {
      if (group.length < 3) continue;
      group.forEach((i) => summarised.add(i));
      const ids = group.map((i) => code(i.id));
      const shown = level >= 3 ? 10 : 40;
      lines.push(`- ${group.length} monitors: ${gist}`, `  (${ids.slice(0, shown).join(', ')}${ids.length > shown ? ` and ${ids.length - shown} more` : ''})`);
    }
    if (summarised.size) lines.push('');
    const rest = list.filter((i) => !summarised.has(i));
    if (level >= 3) {
      if (rest.length)
        lines.push(
          `${rest
            .slice(0, 30)
            .map((i) => code(i.id || section))
            .join(', ')}${rest.length > 30 ? ` and ${rest.length - 30} more` : ''}`,
          '',
        );
      continue;
    }
    for (const i of rest) lines.push(...i.lines);
    lines.push('');
  }
  return lines;
}

function removedOrgLines(o: OrgReview): string[] {
  return [
    `Every resource of this org leaves the package: ${plural(o.counts.monitors, 'monitor')}, ${plural(o.counts.health, 'health monitor')}, ${plural(o.counts.dashboards, 'dashboard')}, ${plural(o.counts.webhooks, 'webhook resource')}, ${plural(o.counts.access, 'key resource')}.`,
    '',
  ];
}

/** The details: items identical in several orgs once, then each org's own; each group collapsible. */
function detailSections(review: Review, level: Level, wording: Wording): string[] {
  const changed = review.orgs.filter((o) => o.status !== 'unchanged');
  const itemsOf = new Map(changed.map((o) => [o.org, orgItems(o, level)]));
  const keys = new Map<Item, string>();
  const keyOf = (i: Item) => {
    let k = keys.get(i);
    if (k === undefined) keys.set(i, (k = `${i.section}\0${i.lines.join('\n')}`));
    return k;
  };
  const orgsOf = new Map<string, string[]>();
  for (const [org, items] of itemsOf) for (const i of items) orgsOf.set(keyOf(i), [...(orgsOf.get(keyOf(i)) ?? []), org]);
  const lines: string[] = [];
  // Shared items, by the set of orgs that share them.
  const shared = new Map<string, Item[]>();
  const seen = new Set<string>();
  for (const [, items] of itemsOf) {
    for (const i of items) {
      const orgs = orgsOf.get(keyOf(i))!;
      if (orgs.length < 2 || seen.has(keyOf(i))) continue;
      seen.add(keyOf(i));
      const k = orgs.join(',');
      shared.set(k, [...(shared.get(k) ?? []), i]);
    }
  }
  const removedNote = wording.removedNote;
  for (const k of [...shared.keys()].sort()) {
    const orgs = k.split(',');
    const items = shared.get(k)!;
    lines.push(`### The same in ${orgs.length} orgs: ${orgs.map((o) => code(o)).join(', ')}`, '');
    lines.push(...details(`${plural(items.length, 'change')}, shown once for ${orgs.join(', ')}`, renderItems(items, level, removedNote(orgs))));
  }
  for (const o of changed) {
    const own = itemsOf.get(o.org)!.filter((i) => orgsOf.get(keyOf(i))!.length < 2);
    const label = o.status === 'changed' ? '' : ` (${o.status})`;
    if (o.status === 'removed') {
      lines.push(`### ${o.org}${label}`, '', ...removedOrgLines(o));
      continue;
    }
    const sharedCount = itemsOf.get(o.org)!.length - own.length;
    const also = sharedCount ? `; ${plural(sharedCount, 'change')} shown above with other orgs` : '';
    lines.push(`### ${o.org}${label}`, '');
    if (own.length === 0) {
      lines.push(`Nothing of its own${also}.`, '');
      continue;
    }
    lines.push(...details(`${wording.planLine(o)}${also}`, renderItems(own, level, removedNote([o.org]))));
  }
  return lines;
}

/** Every resource action, for a reader who wants plan's list (collapsed). */
function actionList(review: Review, level: Level): string[] {
  if (level >= 1) return [];
  const lines: string[] = [];
  for (const o of review.orgs) {
    const acts = o.actions.filter((a) => a.action !== 'update');
    if (acts.length === 0) continue;
    for (const kind of ACTIONS) {
      const list = acts.filter((a) => a.action === kind);
      if (list.length === 0) continue;
      lines.push(
        `- **${o.org}** ${kind}: ${list
          .slice(0, 50)
          .map((a) => `${code(a.address)}${kind === 'replace' && a.reason ? ` (${redact(a.reason)})` : ''}`)
          .join(', ')}${list.length > 50 ? ` and ${list.length - 50} more` : ''}`,
      );
    }
  }
  return lines.length ? ['### Resource actions', '', ...details('imports, creates, replacements, destroys and moves, by org', lines)] : [];
}

/** What a cut leaves out, by detail level (1-4) and attention level (1-2). */
function cutNote(level: DetailLevel, attention: AttentionLevel, opts: RenderOptions, wording: Wording): string {
  const cut = [
    [
      '',
      'the full definitions and message diffs',
      'the full definitions, message diffs and field tables',
      'the details of each resource (ids only)',
      'every detail (only the plan lines and Needs attention are left)',
    ][level],
    [
      '',
      'Needs attention shortened to one line per item, grouped by kind (their advice and `moved` blocks left out)',
      'Needs attention shortened to one clipped line per item, grouped by kind',
    ][attention],
  ].filter(Boolean);
  const rest = opts.fullAt ?? `\`${wording.command}\` with \`--max-chars 0\` (locally)`;
  return `_Cut to fit a pull-request comment: ${cut.join('; ')}. Every item that needs attention is listed. The full review: ${rest}._`;
}

/** 0-3: the details, shortened step by step (markdownItems.ts); 4: no details at all. */
type DetailLevel = Level | 4;

function render(review: Review, opts: RenderOptions, level: DetailLevel, attentionLevel: AttentionLevel): string {
  const lines = [`## Datadog changes: ${code(opts.baseLabel)} -> ${code(opts.headLabel)}`, ''];
  if (opts.note) lines.push(opts.note, '');
  const wording = opts.wording ?? REVIEW_WORDING;
  const changed = review.orgs.filter((o) => o.status !== 'unchanged');
  if (changed.length === 0) {
    lines.push(wording.noChanges(review));
    return `${lines.join('\n')}\n`;
  }
  lines.push(...review.orgs.map((o) => summaryLine(o, wording)), '');
  if (level > 0 && !wording.shortened) lines.push(cutNote(level, attentionLevel, opts, wording), '');
  if (review.attention.length > 0) {
    const items = attentionLines(review.attention, attentionLevel);
    lines.push(`### Needs attention (${items.count})`, '');
    lines.push(...items.lines);
    lines.push('');
  }
  if (level <= 3) {
    lines.push(...detailSections(review, level as Level, wording));
    lines.push(...actionList(review, level as Level));
  }
  // Another source's own note (the drift issue's), where the review's cut note would not fit.
  if (level > 0 && wording.shortened) lines.push('', wording.shortened(Math.min(level, 3)));
  return `${collapseBlankLines(lines.join('\n')).trimEnd()}\n`;
}

/**
 * The review as Markdown, cut to fit `maxChars` (0: no limit): the details first, step by step,
 * then Needs attention shortened per item (grouped by kind, one line each), never dropped.
 */
export function renderMarkdown(review: Review, opts: RenderOptions): string {
  const max = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const own: [DetailLevel, AttentionLevel][] = [
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 0],
  ];
  const steps: [DetailLevel, AttentionLevel][] = opts.wording?.shortened ? own : [...own, [4, 0], [4, 1], [4, 2]];
  let text = '';
  for (const [level, attention] of steps) {
    text = render(review, opts, level, attention);
    if (max <= 0 || text.length <= max) return text;
  }
  return text;
}

/** At most one blank line between blocks, outside fenced code (a message's blank lines stay). */
function collapseBlankLines(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*(`{3,})/.exec(line);
    if (m) {
      if (fence === undefined) fence = m[1];
      else if (m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
    }
    if (fence === undefined && line === '' && out.length > 0 && out[out.length - 1] === '') continue;
    out.push(line);
  }
  return out.join('\n');
}
