/**
 * Issue 29, item 2: an org with 1,000 drifted monitors. The plan is terraform 1.11.4's
 * routing.refresh-only.json (`@webhook-torq` removed from a monitor's message in Datadog) with its
 * drifted monitor repeated 1,000 times under other names and ids. GitHub refuses an issue body
 * over 65,536 characters: the report must fit whatever the size, keeping every attention item.
 */
import { parsePlan } from '../../src/drift/plan';
import { driftReport } from '../../src/drift/report';
import { fixture, thousandDrifted } from './helpers';

const thousand = (n?: number) => parsePlan(thousandDrifted(n), 'plan.json');
const plan = thousand();

test('1,000 monitors that stop notifying Torq: the report fits an issue and still names every one, with its id and the ways out', () => {
  const full = driftReport(plan, 'example', { maxChars: 0 });
  expect(full.drifted).toBe(1000);
  expect(full.attention).toBe(1000);
  expect(full.markdown.length).toBeGreaterThan(65536);

  const r = driftReport(plan, 'example');
  expect(r.markdown.length).toBeLessThanOrEqual(60000);
  for (let i = 0; i < 1000; i++) expect(r.markdown).toContain(`\`monitor_disk_space_low_${String(i).padStart(4, '0')}\` (${42000000 + i})`);
  // Said once for all of them, the ways out once too.
  expect(r.markdown).toContain('- **example**: monitors changed (1000), `monitor_disk_space_low_0000` (42000000), `monitor_disk_space_low_0001` (42000001), ');
  expect(r.markdown).toContain(
    '`monitor_disk_space_low_0999` (42000999): stops notifying Torq: the message no longer mentions `@webhook-torq` where Datadog sends notifications',
  );
  expect(r.markdown).toContain('Ways out (monitors changed, 1000): keep the live values: `npm run org:import -- example --monitors id:<id>[,<id>...]`');
  // Worded for the issue, pointing at the full report.
  expect(r.markdown).toContain(
    "_Needs attention is grouped to fit a GitHub issue: what several resources share is said once, naming each, and the ways out once per kind of resource. The full report is the drift workflow run's summary (and its `drift-report-example` artifact)",
  );
  expect(r.markdown).not.toContain('pull-request comment');
});

test('details are cut before Needs attention: a report that fits with short details keeps every item whole', () => {
  const doc = fixture('drift.json');
  const full = driftReport(parsePlan(doc, 'drift.json'), 'example', { maxChars: 0 }).markdown;
  const items = (md: string) => md.split('\n').filter((l) => l.startsWith('- **example** · '));
  const max = full.length - 2000;
  const r = driftReport(parsePlan(doc, 'drift.json'), 'example', { maxChars: max }).markdown;
  expect(r.length).toBeLessThanOrEqual(max);
  expect(items(r)).toEqual(items(full));
  expect(items(r)).toHaveLength(9);
  expect(r).toContain('_Shortened to fit a GitHub issue (details at level');
});

test('however small the limit, the text stays under it: lists are cut last, saying how many more the full report names', () => {
  const r = driftReport(plan, 'example', { maxChars: 8000 });
  expect(r.markdown.length).toBeLessThanOrEqual(8000);
  expect(r.markdown).toMatch(
    /monitors changed \(1000\), no longer notify Torq: `monitor_disk_space_low_0000` \(42000000\), .* and \d+ more \(the full report names them\)/,
  );
});
