/** adopt.changes entries: field changes as data, and the sentences of org files written before. */
import { describeChange, recordedChangeSchema } from '../../src/config/fieldChange';
import { parseOrgFile } from '../../src/config/project';

test('a field change renders as one line; a note alone when the values are not shown', () => {
  expect(describeChange({ field: 'options.renotify_occurrences', before: '5', note: 'not sent' })).toBe(
    'options.renotify_occurrences from 5 to (none): not sent',
  );
  expect(describeChange({ field: 'message', note: 'the Torq mention moves to the end of the message (the same routing)' })).toBe(
    'message: the Torq mention moves to the end of the message (the same routing)',
  );
  expect(describeChange('options.x from 1 to 2')).toBe('options.x from 1 to 2');
});

test('an org file keeps loading with adopt.changes as sentences (the old form) or as data, and refuses anything else at its path', () => {
  const org = (changes: unknown) =>
    parseOrgFile({ site: 'us1', webhooks: [{ name: 'torq' }], adopt: { monitors: { cpu: 1 }, changes: { cpu: changes } } }, 'orgs/acme.json');
  expect(org(['options.thresholds from {"critical":95} to {"critical":90}']).findings).toEqual([]);
  expect(org([{ field: 'options.thresholds', before: '{"critical":95}', after: '{"critical":90}' }]).findings).toEqual([]);
  const bad = org([{ field: 'x', later: 1 }]).findings;
  expect(bad.length).toBeGreaterThan(0);
  expect(bad[0].path).toMatch(/^\$\.adopt\.changes\.cpu\[0\]/);
  expect(recordedChangeSchema.safeParse(42).success).toBe(false);
});
