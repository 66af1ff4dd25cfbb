/**
 * A secret pasted into a monitor message is an error in validate (issue 28): a Torq trigger URL or
 * a Datadog key, in the message or the escalation message, named by its kind, never its value.
 */
import { parseMonitor } from '../../src/config/monitor';
import { validateMonitor } from '../../src/validate';
import { ORG } from './helpers';

function findings(message: string, extra: Record<string, unknown> = {}) {
  const raw = {
    name: 'CPU',
    type: 'query alert',
    query: 'avg(last_5m):avg:system.cpu.user{*} > 90',
    message,
    options: { thresholds: { critical: 90 } },
    ...extra,
  };
  const { monitor } = parseMonitor(raw, 'monitors/cpu.json');
  return validateMonitor(monitor!, ORG).filter((f) => /holds a/.test(f.message));
}

test('a Torq URL and an API key in the message: one error at $.message, the values never shown', () => {
  const f = findings(
    'CPU high. Post to https://hooks.torq.io/v1/webhooks/6f1c2d3e-1111-2222-3333-444455556666 with key 0123456789abcdef0123456789abcdef @webhook-torq',
  );
  expect(f).toEqual([
    {
      file: 'monitors/cpu.json',
      path: '$.message',
      severity: 'error',
      message:
        'holds a Torq trigger URL and a 32-hex key (an API key) (not shown); a monitor message is shown to everyone who can read monitors and sent with every notification: remove it, rotate the secret, and keep secrets in Terraform variables (TF_VAR_...)',
    },
  ]);
  expect(JSON.stringify(f)).not.toContain('6f1c2d3e');
});

test('an application key in the escalation message is an error too; a message without one is not', () => {
  expect(
    findings('CPU high @webhook-torq', {
      options: { thresholds: { critical: 90 }, escalation_message: 'still high 0123456789abcdef0123456789abcdef01234567' },
    }).map((x) => x.path),
  ).toEqual(['$.options.escalation_message']);
  expect(findings('CPU high on {{host.name}} @webhook-torq')).toEqual([]);
});
