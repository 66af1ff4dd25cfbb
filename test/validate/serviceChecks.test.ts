import { validateServiceChecks } from '../../src/validate';
import { expectFinding, fixtureNames, lines, readFixture } from './helpers';

const BAD: [string, string, RegExp[]][] = [
  ['duplicate-check', '$[1].check', [/check "torq\.can_connect" is already used by \$\[0\]; expected each check once in the file/]],
  ['duplicate-name', '$[1].name', [/name "Can Connect" is already used by \$\[0\]; expected each name once/]],
  ['bad-version', '$[0].agent_version', [/agent_version "7\.0" is not a version x\.y\.z; expected e\.g\. "7\.0\.0"/]],
  ['bad-status', '$[0].statuses[1]', [/unknown status "crit" \(did you mean "critical"\?\); expected one of ok, warning, critical, unknown/]],
  ['empty-statuses', '$[0].statuses', [/statuses \[\] is not a non-empty list; expected some of ok, warning, critical, unknown/]],
  [
    'extra-attribute',
    '$[0].metric_to_check',
    [/unexpected attribute "metric_to_check"; expected exactly agent_version, integration, check, statuses, groups, name, description/],
  ],
  ['missing-description', '$[0].description', [/required attribute "description" is missing; expected exactly agent_version, /]],
  ['not-an-array', '$', [/expected a JSON array of service checks, found \{"checks"/]],
  ['groups-not-strings', '$[0].groups', [/groups \["host",1\] is not a list of strings; expected e\.g\. \["host", "endpoint"\]/]],
  ['blank-check', '$[1].check', [/check " " is not a non-empty string; expected e\.g\. "torq\.can_connect"/]],
  // Check names: lower-case letters, digits, dots and underscores (ddev validate service-checks)
  [
    'check-name-uppercase',
    '$[0].check',
    [/^check "Torq\.Can_Connect" has "T", "C": expected only lower-case letters, digits, "\." and "_" \("torq\.can_connect"\)$/],
  ],
  ['check-name-hyphen', '$[1].check', [/^check "torq\.can-connect" has "-": expected only lower-case letters, digits, "\." and "_"$/]],
  ['check-name-empty-segment', '$[1].check', [/^check "torq\.\.heartbeat" has an empty segment \(a leading, trailing or doubled "\."\)/]],
  ['check-name-trailing-underscore', '$[1].check', [/^check "torq\.heartbeat_" starts or ends with "_": expected a letter or digit there$/]],
  // One file, one integration (the checker compares each entry with the manifest's display_name)
  [
    'mixed-integrations',
    '$[1].integration',
    [/^integration "Torq CI" differs from "Torq" of \$\[0\]; expected every entry of one file to name the same integration/],
  ],
];

/** What the checker accepts but means nothing more: a warning. */
const WARNED: [string, string, RegExp[]][] = [['duplicate-status', '$[0].statuses[1]', [/status "ok" is listed twice; expected each status once/]]];

describe('validateServiceChecks: bad metadata', () => {
  test('every bad service-check fixture has an expectation', () => {
    expect(
      fixtureNames('bad/service_checks')
        .map((f) => f.replace(/^bad\/service_checks\/|\.json$/g, ''))
        .sort(),
    ).toEqual([...BAD, ...WARNED].map(([f]) => f).sort());
  });
  test.each(BAD.filter(([name]) => name !== 'not-an-array'))('%s has only the error it is about (no follow-on error)', (name, at) => {
    const found = validateServiceChecks(readFixture(`bad/service_checks/${name}.json`), name).filter((f) => f.severity === 'error');
    expect(found.map((f) => f.path)).toEqual([at]);
  });
  test.each(WARNED)('%s -> a warning at %s, no error', (name, at, patterns) => {
    const found = validateServiceChecks(readFixture(`bad/service_checks/${name}.json`), name);
    expectFinding(found, at, patterns, 'warning');
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
  });
  test.each(BAD)('%s -> %s', (name, at, patterns) => {
    expectFinding(validateServiceChecks(readFixture(`bad/service_checks/${name}.json`), name), at, patterns);
  });
});

describe('validateServiceChecks: good metadata', () => {
  test.each(fixtureNames('good/service_checks'))('%s', (file) => {
    expect(lines(validateServiceChecks(readFixture(file), file))).toEqual([]);
  });
  test('{} (seen in real integrations) is read as no service checks, with a warning', () => {
    expectFinding(
      validateServiceChecks({}, 'service_checks.json'),
      '$',
      [/found \{\} where a JSON array is expected; read as no service checks \(expected \[\]\)/],
      'warning',
    );
  });
});
