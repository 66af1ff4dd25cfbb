/**
 * Needs attention as Markdown. In full: one line per message with every org and resource it
 * applies to, and its HCL. Compact (a comment too long even without details): grouped by kind
 * under a heading, one short line per item (its `short` form), no HCL; every item stays.
 */
import { ATTENTION_ORDER, ATTENTION_TITLES, Attention } from './attention';
import { clip, code, codeBlock, redact } from './text';

/** How Needs attention is shown: 0 in full, 1 one short line per item grouped by kind, 2 the same lines clipped. */
export type AttentionLevel = 0 | 1 | 2;

interface Group {
  a: Attention;
  orgs: string[];
  addresses: string[];
}

function groupBy(list: readonly Attention[], key: (a: Attention) => string): Group[] {
  const groups = new Map<string, Group>();
  for (const a of list) {
    const k = key(a);
    const g = groups.get(k) ?? { a, orgs: [], addresses: [] };
    if (!g.orgs.includes(a.org)) g.orgs.push(a.org);
    if (a.address && !g.addresses.includes(a.address)) g.addresses.push(a.address);
    groups.set(k, g);
  }
  return [...groups.values()];
}

function where(addresses: string[], max: number): string {
  if (addresses.length === 0) return '';
  if (addresses.length === 1) return ` · ${code(addresses[0])}`;
  return ` · ${addresses.length} resources (${addresses
    .slice(0, max)
    .map((x) => code(x))
    .join(', ')}${addresses.length > max ? ` and ${addresses.length - max} more` : ''})`;
}

/** A clipped line whose code spans stay closed. */
function clipLine(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = clip(text, max);
  return (cut.match(/`/g) ?? []).length % 2 === 1 ? `${cut}\`` : cut;
}

const shortOf = (a: Attention, level: AttentionLevel) => {
  const s = redact(a.short ?? a.message);
  return level >= 2 ? clipLine(s, 110) : clipLine(s, 400);
};

/** Needs attention's items: how many, and their lines. */
export function attentionLines(list: readonly Attention[], level: AttentionLevel = 0): { count: number; lines: string[] } {
  if (level === 0) {
    const groups = groupBy(list, (a) => `${a.kind}\0${a.message}\0${a.hcl ?? ''}`);
    const lines: string[] = [];
    for (const { a, orgs, addresses } of groups) {
      lines.push(`- **${orgs.join(', ')}**${where(addresses, 12)}: ${redact(a.message)}`);
      if (a.hcl)
        lines.push(
          '',
          ...codeBlock(a.hcl, 'hcl')
            .split('\n')
            .map((l) => `  ${l}`),
          '',
        );
    }
    return { count: groups.length, lines };
  }
  const groups = groupBy(list, (a) => `${a.kind}\0${shortOf(a, level)}`);
  const lines: string[] = [];
  for (const kind of ATTENTION_ORDER) {
    const ofKind = groups.filter((g) => g.a.kind === kind);
    if (ofKind.length === 0) continue;
    // Orgs said once for the kind when every item applies to the same orgs.
    const orgSets = new Set(ofKind.map((g) => g.orgs.join(', ')));
    const common = orgSets.size === 1 ? [...orgSets][0] : undefined;
    lines.push('', `**${ATTENTION_TITLES[kind]}** (${ofKind.length})${common ? ` · **${common}**` : ''}`, '');
    for (const g of ofKind) {
      const resource =
        g.addresses.length > 1
          ? ` (${g.addresses.length} resources: ${g.addresses
              .slice(0, level >= 2 ? 3 : 6)
              .map((x) => code(x))
              .join(', ')}${g.addresses.length > (level >= 2 ? 3 : 6) ? ' …' : ''})`
          : '';
      lines.push(`- ${common ? '' : `**${g.orgs.join(', ')}**: `}${shortOf(g.a, level)}${resource}`);
    }
  }
  return { count: groups.length, lines };
}
