/** The one reading of Datadog's monitor-message template rules: inputs -> typed mentions. */
import { describeConditions, parseMessage } from '../../src/datadog/message';
import { CASES } from './cases';

function notifies(message: string): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const m of parseMessage(message).mentions.filter((x) => x.separated)) {
    (out[m.handle] ??= new Set()).add(m.conditions.length === 0 ? 'always' : describeConditions(m.conditions));
  }
  return Object.fromEntries(Object.entries(out).map(([h, c]) => [h, [...c].sort()]));
}

describe('parseMessage: who a message notifies, and when', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(notifies(c.message)).toEqual(c.notifies);
    const parsed = parseMessage(c.message);
    for (const [handle, why] of Object.entries(c.silent ?? {})) {
      if (why === 'comment') {
        expect(parsed.commented.map((m) => m.handle)).toContain(handle);
        expect(parsed.mentions.map((m) => m.handle)).not.toContain(handle);
      } else {
        expect(parsed.mentions.filter((m) => m.handle === handle).map((m) => m.separated)).toEqual([false]);
      }
    }
  });
});

describe('parseMessage: typed mentions', () => {
  test('a mention carries its handle, its conditions (negation, else branch, arguments), separation and position', () => {
    const text = 'Disk full.\n{{#is_match "env" "prod"}}{{^is_warning}}a{{else}} @webhook-torq.{{/is_warning}}{{/is_match}}';
    expect(parseMessage(text).mentions).toEqual([
      {
        handle: 'webhook-torq',
        conditions: [
          { name: 'is_match', args: '"env" "prod"', negated: false, elseBranch: false, text: '{{#is_match "env" "prod"}}' },
          { name: 'is_warning', args: '', negated: false, elseBranch: true, text: '{{^is_warning}}' },
        ],
        separated: true,
        line: 2,
        column: 52,
        index: 62,
        end: 75,
        trailing: '.',
      },
    ]);
  });

  test('an email handle is one mention, its trailing comma is not part of it', () => {
    expect(parseMessage('cc @ops@example.com, now').mentions.map((m) => [m.handle, m.trailing])).toEqual([['ops@example.com', ',']]);
  });

  test('unbalanced blocks are reported: never closed, closing nothing, closing out of order, else outside', () => {
    const problems = (t: string) => parseMessage(t).blockProblems.map((p) => p.kind);
    expect(problems('{{#is_alert}}x')).toEqual(['unclosed']);
    expect(problems('x{{/is_alert}}')).toEqual(['stray-close']);
    expect(problems('{{#is_alert}}{{#is_warning}}{{/is_alert}}')).toEqual(['mismatched-close']);
    expect(problems('{{else}}')).toEqual(['stray-else']);
    expect(problems('{{#is_alert}}{{else}}{{/is_alert}}')).toEqual([]);
  });

  test('a tag opened and never closed is reported by offset; tags inside raw are text', () => {
    expect(parseMessage('value {{value is high').unclosedTags).toEqual([6]);
    expect(parseMessage('{{{{raw}}}}{{#is_alert}}{{{{/raw}}}}').blockProblems).toEqual([]);
  });
});
