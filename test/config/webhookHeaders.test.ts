/**
 * Webhook custom headers (org file webhooks[].headers and authHeader) on the fixture project: what
 * custom_headers the synthesized JSON holds, that no header value lands in it, and the names a
 * person must set. Provider 3.82.0 facts behind it: src/constructs/webhook.ts (NO_CUSTOM_HEADERS).
 */
import { copyProject, editJson, synth } from '../helpers/project';
import { loadProject } from '../../src/config/project';
import { deployInstructions, deployVariables } from '../../src/import/variables';

function withWebhooks(webhooks: unknown[]): string {
  const root = copyProject();
  editJson(root, 'orgs/example.json', (o) => {
    o.webhooks = webhooks;
  });
  return root;
}

describe('webhook custom headers', () => {
  test('a webhook without headers sends an empty JSON object, so the live headers are cleared and the value round-trips', () => {
    const r = synth(withWebhooks([{ name: 'torq' }]), ['example']);
    expect(r.code).toBe(0);
    expect(r.stack('example').resource.datadog_webhook.webhook_torq.custom_headers).toBe('{}');
  });

  test('an auth header alone stays a literal reference to the secret custom variable', () => {
    const r = synth(withWebhooks([{ name: 'torq', authHeader: 'X-Torq-Token' }]), ['example']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stack('example').resource.datadog_webhook.webhook_torq.custom_headers)).toEqual({ 'X-Torq-Token': '$TORQ_TORQ_AUTH' });
  });

  test('declared headers take their values from sensitive per-org variables inside jsonencode, never from a literal', () => {
    const secret = 'h3ader-s3cret-value';
    const root = withWebhooks([{ name: 'torq', authHeader: 'X-Torq-Token', headers: [{ name: 'X-Api-Key' }, { name: 'X-Env' }] }]);
    // Only the canary: the machine's own environment (CI=true on a runner refuses local state) stays out.
    const r = synth(root, ['example'], { TF_VAR_torq_webhook_header_example_torq_x_api_key: secret });
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    const s = r.stack('example');
    expect(s.resource.datadog_webhook.webhook_torq.custom_headers).toBe(
      '${jsonencode({"X-Torq-Token" = "$TORQ_TORQ_AUTH", "X-Api-Key" = var.torq_webhook_header_example_torq_x_api_key, "X-Env" = var.torq_webhook_header_example_torq_x_env})}',
    );
    for (const v of ['torq_webhook_header_example_torq_x_api_key', 'torq_webhook_header_example_torq_x_env']) {
      expect(s.variable[v]).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    }
    expect(s.resource.datadog_webhook_custom_variable.webhook_torq_auth_header.value).toBe('${var.torq_webhook_header_example}');
    expect(r.stackText('example')).not.toContain(secret);
  });

  test('a header named twice, in any case and with authHeader, is an error naming both places', () => {
    const r = synth(withWebhooks([{ name: 'torq', authHeader: 'X-Torq-Token', headers: [{ name: 'X-Env' }, { name: 'x-torq-token' }, { name: 'x-env' }] }]), [
      'example',
    ]);
    expect(r.code).not.toBe(0);
    const err = r.stderr.join('\n');
    expect(err).toContain(
      'orgs/example.json: $.webhooks[0].headers[1].name: error: header "x-torq-token" is named twice: here and at $.webhooks[0].authHeader ("X-Torq-Token"',
    );
    expect(err).toContain(
      'orgs/example.json: $.webhooks[0].headers[2].name: error: header "x-env" is named twice: here and at $.webhooks[0].headers[0].name ("X-Env"',
    );
  });

  test('a webhook and a header whose variables would be one are refused', () => {
    const r = synth(
      withWebhooks([
        { name: 'torq', headers: [{ name: 'A' }] },
        { name: 'torq_a', authHeader: 'X-Torq-Token' },
      ]),
      ['example'],
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr.join('\n')).toContain('Terraform variable "torq_webhook_header_example_torq_a" would hold two values of this org');
  });

  test('a header name that is not an HTTP token is refused with the path', () => {
    const r = synth(withWebhooks([{ name: 'torq', headers: [{ name: 'X Api Key' }] }]), ['example']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.join('\n')).toMatch(/\$\.webhooks\[0\]\.headers\[0\]\.name: error: .*expected an HTTP header name/);
  });

  test('org:new and org:import list each header variable, its GitHub secret and the deploy.yml lines that map it', () => {
    const root = withWebhooks([
      { name: 'torq', headers: [{ name: 'X-Api-Key' }] },
      { name: 'torq-eu', authHeader: 'X-Torq-Token' },
    ]);
    const org = loadProject(root, { orgs: ['example'] }).orgs[0];
    const vars = deployVariables(org).map((v) => [v.env, v.secret, v.standard]);
    expect(vars).toEqual([
      ['TF_VAR_datadog_api_key_example', 'DATADOG_API_KEY', true],
      ['TF_VAR_datadog_app_key_example', 'DATADOG_APP_KEY', true],
      ['TF_VAR_torq_webhook_url_example', 'TORQ_WEBHOOK_URL', true],
      ['TF_VAR_torq_webhook_header_example_torq_x_api_key', 'TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY', false],
      ['TF_VAR_torq_webhook_url_example_torq_eu', 'TORQ_WEBHOOK_URL_TORQ_EU', false],
      ['TF_VAR_torq_webhook_header_example_torq_eu', 'TORQ_WEBHOOK_HEADER_TORQ_EU', false],
    ]);
    const text = deployInstructions(org).join('\n');
    expect(text).toContain('  TF_VAR_torq_webhook_header_example_torq_x_api_key  the value of the X-Api-Key header of webhook "torq"');
    expect(text).toContain('  TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY_SECRET: ${{ secrets.TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY }}');
    expect(text).toContain(
      '  if [ -n "${TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY_SECRET}" ]; then export "TF_VAR_torq_webhook_header_${suffix}_torq_x_api_key=${TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY_SECRET}"; fi',
    );
    expect(text).toContain('export "TF_VAR_torq_webhook_url_${suffix}_torq_eu=${TORQ_WEBHOOK_URL_TORQ_EU_SECRET}"');
  });
});
