import { validateMessage, webhookMentions } from '../../src/validate';

const ctx = { webhooks: ['torq', 'torq-prod'] };
const problems = (text: string) => validateMessage(text, '$.message', 'm.json', ctx).map((f) => `${f.severity}: ${f.message}`);

describe('validateMessage: valid templates produce nothing', () => {
  test.each([
    ['plain text with an email and a Slack handle', 'Disk full on {{host.name}}. Contact ops@example.com @slack-ops'],
    ['if/else, nested conditionals', '{{#is_alert}}A {{#is_match "env" "prod"}}prod{{else}}other{{/is_match}}{{/is_alert}}{{^is_alert}}not alert{{/is_alert}}'],
    [
      'Handlebars if/unless/each/with and else if',
      '{{#if value}}{{else if threshold}}t{{else}}n{{/if}}{{#unless x}}u{{/unless}}{{#each tags}}{{this}}{{/each}}{{#with host}}{{name}}{{/with}}',
    ],
    ['{{^}} as else', '{{#is_warning}}w{{^}}not w{{/is_warning}}'],
    ['whitespace control', '{{~#is_alert~}} x {{~/is_alert~}}'],
    ['comments containing tags', '{{!-- {{#is_alert}} not a block --}}{{! {{/is_recovery}} }}'],
    ['raw blocks', '{{{{raw}}}}{{#is_alert}}{{{{/raw}}}} and {{{triple}}}'],
    [
      'variables and helpers',
      '{{value}} {{threshold}} {{[host.name].name}} {{@facet}} {{log.attributes.msg}} {{eval "value/2"}} {{local_time "last_triggered_at" "UTC"}} {{override_priority "P1"}}',
    ],
    ['webhook after a conditional tag, on its own line, at the start', '@webhook-torq\n{{#is_alert}}@webhook-torq-prod{{/is_alert}}\ntext @webhook-torq'],
    ['an unbalanced {{ that is not a tag', 'values like {{ are literal without a closing pair'],
  ])('%s', (_, text) => {
    expect(problems(text)).toEqual([]);
  });
});

test('webhook names may end with an underscore or a dash', () => {
  expect(validateMessage('see @webhook-torq_ and @webhook-torq-', '$.message', 'm.json', { webhooks: ['torq_', 'torq-'] })).toEqual([]);
});

describe('validateMessage: unknown blocks', () => {
  test('a name far from any conditional is a warning, not an error (Datadog renders it empty)', () => {
    expect(problems('{{#host.name}}x{{/host.name}}')).toEqual([
      expect.stringMatching(/^warning: unknown conditional \{\{#host\.name\}\} at line 1, column 1; expected one of is_alert/),
    ]);
  });
  test('positions are reported as line and column of the message', () => {
    expect(problems('first line\n  {{/is_alert}}')).toEqual(['error: {{/is_alert}} at line 2, column 3 closes nothing; expected a {{#is_alert}} before it']);
  });
});

describe('validateMessage: @webhook mentions', () => {
  test('trailing punctuation is a warning naming what Datadog may read', () => {
    expect(problems('notify @webhook-torq.')).toEqual([expect.stringMatching(/^warning: @webhook-torq\. at line 1, column 8 ends with "\."/)]);
  });
  test('an empty name is a warning (Datadog accepts the monitor and notifies no one)', () => {
    expect(problems('notify @webhook- now')).toEqual(['warning: @webhook- at line 1, column 8 names no webhook; expected @webhook-<name>']);
  });
  test('mentions are found with their position and separation', () => {
    expect(webhookMentions('a@webhook-x {{#is_alert}}@webhook-y{{/is_alert}}')).toEqual([
      { name: 'x', trailing: '', index: 1, separated: false },
      { name: 'y', trailing: '', index: 25, separated: true },
    ]);
  });
});
