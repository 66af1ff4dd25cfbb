/**
 * Every tool gives Datadog's one answer on the disputed messages of test/datadog/cases.ts: synth's
 * routing, validate, the review's "notifies" (which drift's attention reads too: torqConditions)
 * and org:import's reading (selection and routing).
 */
import { routeMessage, analyseRouting } from '../../src/config/routing';
import { validateMessage } from '../../src/validate/message';
import { mentions, monitorView, torqConditions as routedUnder } from '../../src/review/monitor';
import { matches } from '../../src/import/stages/select';
import { Transition } from '../../src/config/org';
import { CASES } from './cases';

const HOOKS = ['torq'];
const TRANSITION_OF: Record<string, Transition> = { is_alert: 'alert', is_warning: 'warning', is_no_data: 'no_data', is_recovery: 'recovery' };

/** The conditions torq is notified under, per the table (undefined: never). */
function torqConditions(notifies: Record<string, string[]>): string[] | undefined {
  const key = Object.keys(notifies).find((h) => h.toLowerCase() === 'webhook-torq');
  return key === undefined ? undefined : notifies[key];
}

/** The org file's notifyOn for conditions it can express exactly, else undefined. */
function notifyOn(conds: string[]): 'all' | Transition[] | undefined {
  if (conds.includes('always')) return 'all';
  const ts = conds.map((c) => TRANSITION_OF[c]);
  return ts.some((t) => t === undefined) ? undefined : (['alert', 'warning', 'no_data', 'recovery'] as Transition[]).filter((t) => ts.includes(t));
}

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const torq = torqConditions(c.notifies);

  test("the review notifies exactly the table's handles, under its conditions", () => {
    expect(Object.fromEntries(mentions(c.message))).toEqual(Object.fromEntries(Object.entries(c.notifies).map(([h, conds]) => [`@${h}`, conds])));
  });

  test('the review and drift see the monitor routed to torq under the same conditions', () => {
    const view = monitorView({ type: 'datadog_monitor', id: 'monitor_x', body: { message: c.message } });
    expect([...routedUnder(view, new Set(HOOKS))].sort()).toEqual(torq ?? []);
  });

  test('org:import selects the monitor and reads its routing as the table says', () => {
    expect(matches({ id: 1, message: c.message }, { kind: 'webhook' }, HOOKS)).toBe(torq !== undefined);
    const r = analyseRouting(c.message, HOOKS);
    expect(r.webhook).toBe(torq === undefined ? undefined : 'torq');
    const want = torq && notifyOn(torq);
    if (want !== undefined) expect(r.notifyOn).toEqual(want);
  });

  test('synth keeps the message only when it already routes to torq, and its output always notifies torq', () => {
    const want = (torq && notifyOn(torq)) ?? 'all';
    const out = routeMessage(c.message, HOOKS, 'torq', want);
    if (torq === undefined) expect(out).not.toBe(c.message);
    else if (analyseRouting(c.message, HOOKS).exact) expect(out).toBe(c.message);
    expect(mentions(out).has('@webhook-torq')).toBe(true);
  });

  test('validate warns exactly where a torq mention notifies nobody', () => {
    const warnings = validateMessage(c.message, '$.message', 'm.json', { webhooks: HOOKS }).map((f) => f.message);
    const silent = Object.entries(c.silent ?? {}).filter(([h]) => h.toLowerCase().startsWith('webhook-'));
    for (const [h, why] of silent) {
      expect(warnings).toContainEqual(
        expect.stringMatching(
          new RegExp(`^@${h.replace(/[.]/g, '\\.')}.*${why === 'comment' ? 'inside a comment and notifies nobody' : 'glued to the text before it'}`),
        ),
      );
    }
    if (silent.length === 0) expect(warnings.filter((w) => /glued|comment/.test(w))).toEqual([]);
  });
});
