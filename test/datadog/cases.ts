/**
 * The disputed monitor messages, each with the one answer Datadog gives: which handles it notifies,
 * under which conditions (src/datadog/message.ts's describeConditions; 'always' when unconditional).
 * Read by the table test of the parser and by the cross-tool test (synth, validate, review, import).
 */
export interface MessageCase {
  name: string;
  message: string;
  /** handle (without @) -> conditions it is notified under; handles absent here are notified never. */
  notifies: Record<string, string[]>;
  /** Handles written but not notified, and why. */
  silent?: Record<string, 'comment' | 'glued'>;
}

export const CASES: MessageCase[] = [
  { name: 'a plain mention after a space', message: 'CPU high @webhook-torq', notifies: { 'webhook-torq': ['always'] } },
  { name: 'a mention at the start of a line', message: 'CPU high\n@webhook-torq', notifies: { 'webhook-torq': ['always'] } },
  { name: 'a mention inside {{!-- --}} notifies nobody', message: 'CPU high {{!-- @webhook-torq --}}', notifies: {}, silent: { 'webhook-torq': 'comment' } },
  { name: 'a mention inside {{! }} notifies nobody', message: 'CPU high {{! @webhook-torq }}', notifies: {}, silent: { 'webhook-torq': 'comment' } },
  {
    name: 'glued to }} of a block opened after a space: the tag renders nothing',
    message: 'x {{#is_alert}}@webhook-torq{{/is_alert}}',
    notifies: { 'webhook-torq': ['is_alert'] },
  },
  { name: 'glued to a word through a block tag', message: 'x{{#is_alert}}@webhook-torq{{/is_alert}}', notifies: {}, silent: { 'webhook-torq': 'glued' } },
  { name: 'glued to a variable: it renders text', message: 'on {{host.name}}@webhook-torq', notifies: {}, silent: { 'webhook-torq': 'glued' } },
  { name: 'glued to a word', message: 'ticket@webhook-torq', notifies: {}, silent: { 'webhook-torq': 'glued' } },
  { name: 'an email address is not a mention of the webhook', message: 'mail a@webhook-torq.com', notifies: {}, silent: { 'webhook-torq.com': 'glued' } },
  { name: 'sentence punctuation after the handle is not part of it', message: 'Call @webhook-torq.', notifies: { 'webhook-torq': ['always'] } },
  { name: 'a longer name is another webhook', message: 'page @webhook-torq-secops', notifies: { 'webhook-torq-secops': ['always'] } },
  { name: 'in the else branch', message: '{{#is_alert}}page{{else}}@webhook-torq{{/is_alert}}', notifies: { 'webhook-torq': ['not is_alert'] } },
  { name: 'in a negated block', message: 'x {{^is_recovery}} @webhook-torq{{/is_recovery}}', notifies: { 'webhook-torq': ['not is_recovery'] } },
  {
    name: 'in the else branch of a negated block',
    message: '{{^is_warning}} a{{else}} @webhook-torq{{/is_warning}}',
    notifies: { 'webhook-torq': ['is_warning'] },
  },
  {
    name: 'inside is_match with its arguments',
    message: '{{#is_match "env" "prod" "staging"}} @webhook-torq{{/is_match}}',
    notifies: { 'webhook-torq': ['is_match "env" "prod" "staging"'] },
  },
  {
    name: 'nested blocks',
    message: '{{#is_exact_match "env" "prod"}}{{#is_recovery}} @webhook-torq{{/is_recovery}}{{/is_exact_match}}',
    notifies: { 'webhook-torq': ['is_exact_match "env" "prod" and is_recovery'] },
  },
  {
    name: 'inside raw: rendered as text, so it notifies',
    message: 'x {{{{raw}}}}@webhook-torq {{#is_alert}}{{{{/raw}}}}',
    notifies: { 'webhook-torq': ['always'] },
  },
  {
    name: 'successive transition blocks: the earlier one never renders with the later',
    message: '{{#is_no_data}}@webhook-torq{{/is_no_data}}{{#is_warning}}@webhook-torq{{/is_warning}}',
    notifies: { 'webhook-torq': ['is_no_data', 'is_warning'] },
  },
  {
    name: 'after a block whose text ends in a word',
    message: '{{#is_match "env" "a"}}env a{{/is_match}}@webhook-torq',
    notifies: {},
    silent: { 'webhook-torq': 'glued' },
  },
  {
    name: 'an email mention and a Slack handle',
    message: 'cc @ops@example.com, @slack-ops',
    notifies: { 'ops@example.com': ['always'], 'slack-ops': ['always'] },
  },
  { name: 'in parentheses: no space before it', message: 'x (@webhook-torq)', notifies: {}, silent: { 'webhook-torq': 'glued' } },
  { name: 'written in another case: Datadog matches handles in any case', message: 'x @webhook-Torq', notifies: { 'webhook-Torq': ['always'] } },
];
