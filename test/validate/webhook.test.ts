import { torqPayloadJson } from '../../src/config/webhook';
import { validateWebhook, WebhookInput } from '../../src/validate';
import { expectFinding, fixtureNames, lines, readFixture } from './helpers';

const AT = '$.webhook';
const BAD: [string, string, RegExp[], ('error' | 'warning')?][] = [
  [
    'name-with-space',
    '$.webhook.name',
    [/webhook name "torq prod" contains a space \(the API refuses it with 400 "Invalid webhook"\); expected letters, digits, - and _ only, e\.g\. "torq-prod"/],
  ],
  // Datadog creates it (only a space is refused); its mentions then fail: a warning.
  ['name-with-parentheses', '$.webhook.name', [/webhook name "torq\(prod\)" contains parentheses .*expected letters, digits, - and _ only/], 'warning'],
  ['name-empty', '$.webhook.name', [/webhook name "" is empty; expected letters, digits, - and _/]],
  [
    'payload-invalid-json',
    '$.webhook.payload',
    [/payload is not valid JSON \(unexpected "\$"; expected a value .*, at line 2, column 11 of the payload\); expected a JSON document/],
  ],
  [
    'payload-unknown-variable',
    '$.webhook.payload',
    [/unknown webhook variable \$ALERT_IDD \(did you mean "\$ALERT_ID"\?\); expected a Datadog webhook variable/],
  ],
  ['headers-not-object', '$.webhook.customHeaders', [/custom headers \["Authorization"\] are not a JSON object; expected \{"Header-Name": "value"\}/]],
  [
    'headers-invalid-json',
    '$.webhook.customHeaders',
    [/custom headers are not valid JSON \(unexpected "A"; expected a "key" in double quotes, at line 1, column 2\); expected a JSON object/],
  ],
  // Datadog sends an unknown $WORD as literal text: far from every known variable, a warning.
  [
    'headers-undeclared-custom-variable',
    '$.webhook.customHeaders',
    [/unknown webhook variable \$TORQ_SECRET;.*or a declared custom variable \(\$TORQ_TOKEN\) \(Datadog sends it as literal text\)/],
    'warning',
  ],
  ['headers-non-string-value', '$.webhook.customHeaders', [/header "X-Retries" has the value 3; expected a string/]],
  ['encode-as-xml', '$.webhook.encodeAs', [/encoding "xml" is not one Datadog knows; expected "json" or "form"/]],
  ['custom-variable-lowercase', '$.webhook.customVariables[0]', [/custom variable name "torq_token" is not upper-case letters, digits and underscores/]],
];

describe('validateWebhook: bad webhooks', () => {
  test('every bad webhook fixture has an expectation', () => {
    expect(
      fixtureNames('bad/webhooks')
        .map((f) => f.replace(/^bad\/webhooks\/|\.json$/g, ''))
        .sort(),
    ).toEqual(BAD.map(([f]) => f).sort());
  });
  test.each(BAD)('%s -> %s', (...[name, at, patterns, severity]) => {
    const w = readFixture(`bad/webhooks/${name}.json`) as WebhookInput;
    expectFinding(validateWebhook(w, `bad/webhooks/${name}.json`, AT), at, patterns, severity);
  });
});

describe('validateWebhook: good webhooks', () => {
  test("the Torq integration's full metadata payload is valid", () => {
    expect(validateWebhook({ name: 'torq', payload: torqPayloadJson(), encodeAs: 'json' }, 'orgs/acme.json', AT)).toEqual([]);
  });
  test.each(fixtureNames('good/webhooks'))('%s', (file) => {
    expect(lines(validateWebhook(readFixture(file) as WebhookInput, file, AT))).toEqual([]);
  });
  test("a null payload means Datadog's default payload", () => {
    expect(validateWebhook({ name: 'torq', payload: null, customHeaders: null }, 'f', AT)).toEqual([]);
  });
});
