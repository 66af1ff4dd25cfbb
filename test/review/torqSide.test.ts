/**
 * What changes Torq's side (issue 21), on two hand-made synth outputs: the payload contract, a
 * widget's identity, Torq's power, secret advice that follows the deploy workflow, a re-serialized
 * payload, and what the provider leaves in Datadog when the code removes it. Each case asserts on
 * the Markdown a reviewer reads (Needs attention) and on the item that makes --fail-on-attention exit 2.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareStacks, CompareOptions } from '../../src/review/compare';
import { compareResource } from '../../src/review/comparers';
import { renderMarkdown } from '../../src/review/markdown';
import type { StackJson, Stacks } from '../../src/review/stacks';
import { parseDeployWorkflow } from '../../src/review/workflow';
import { PAYLOAD } from './synthesized';

type Obj = Record<string, unknown>;

function webhook(overrides: Obj = {}): Obj {
  return { name: 'torq', url: '${var.torq_webhook_url_example}', encode_as: 'json', payload: JSON.stringify(PAYLOAD), ...overrides };
}

function stack(resources: Record<string, Record<string, Obj>>, extra: Partial<StackJson> = {}): StackJson {
  return {
    provider: { datadog: [{ api_url: 'https://api.datadoghq.com/' }] },
    terraform: { backend: { s3: { bucket: 'state', key: 'torq-datadog/example.tfstate', region: 'eu-west-1' } } },
    variable: { datadog_api_key_example: { sensitive: true }, datadog_app_key_example: { sensitive: true }, torq_webhook_url_example: { sensitive: true } },
    resource: { datadog_webhook: { webhook_torq: webhook() }, ...resources },
    ...extra,
  };
}

const one = (s: StackJson): Stacks => new Map([['example', s]]);
const review = (base: StackJson, head: StackJson, opts?: CompareOptions) => compareStacks(one(base), one(head), opts);
const md = (base: StackJson, head: StackJson, opts?: CompareOptions) =>
  renderMarkdown(review(base, head, opts), { baseLabel: 'main', headLabel: 'pr', maxChars: 0 });
/** Needs attention as the reviewer reads it: the section between its title and the next one. */
function needsAttention(text: string): string {
  const m = /### Needs attention \(\d+\)\n([\s\S]*?)\n### /.exec(text);
  return m ? m[1] : '';
}

describe('the Torq contract: every change to what Torq receives is in Needs attention', () => {
  test('a key mapped to another variable, a key added, a changed body: said per webhook and org, with what a workflow sees', () => {
    const head = stack({
      datadog_webhook: {
        webhook_torq: webhook({
          payload: JSON.stringify({
            ...PAYLOAD,
            body: '$TEXT_ONLY_MSG',
            metadata: { ...PAYLOAD.metadata, ALERT_TRANSITION: '$ALERT_STATUS', HOSTNAME: '$HOSTNAME' },
          }),
        }),
      },
    });
    const r = review(stack({}), head);
    expect(r.attention.map((a) => [a.org, a.kind, a.address])).toEqual([
      ['example', 'torq-contract', 'datadog_webhook.webhook_torq'],
      ['example', 'torq-contract', 'datadog_webhook.webhook_torq'],
    ]);
    const text = needsAttention(md(stack({}), head));
    expect(text).toContain(
      '- **example** · `datadog_webhook.webhook_torq`: webhook `torq` changes what Torq receives: `body` now carries `"$TEXT_ONLY_MSG"` (was `"$EVENT_MSG"`), `metadata.ALERT_TRANSITION` now carries `"$ALERT_STATUS"` (was `"$ALERT_TRANSITION"`). Torq workflows that read these keys, or branch on their values, see other values from the next alert on',
    );
    expect(text).toContain('webhook `torq` now also sends `metadata.HOSTNAME` (`"$HOSTNAME"`) in its payload');
  });

  test('encode_as and header names added or removed (names only, never values); a payload that stops being JSON', () => {
    const head = stack({
      datadog_webhook: { webhook_torq: webhook({ encode_as: 'form', custom_headers: JSON.stringify({ 'X-Torq-Token': '$TORQ_SECRET_VALUE' }) }) },
    });
    const text = needsAttention(md(stack({}), head));
    expect(text).toContain('webhook `torq` now encodes its payload as `form` (was `json`)');
    expect(text).toContain('webhook `torq` now sends the header `X-Torq-Token` to Torq (value not shown)');
    expect(text).not.toContain('TORQ_SECRET_VALUE');
    const base = stack({ datadog_webhook: { webhook_torq: webhook({ custom_headers: JSON.stringify({ 'X-Torq-Token': '$A', 'X-Env': 'prod' }) }) } });
    const fewer = stack({ datadog_webhook: { webhook_torq: webhook({ custom_headers: JSON.stringify({ 'X-Env': 'prod' }) }) } });
    expect(needsAttention(md(base, fewer))).toContain(
      'webhook `torq` no longer sends the header `X-Torq-Token`: a Torq trigger that requires it refuses every alert from then on',
    );
    const text2 = needsAttention(md(stack({}), stack({ datadog_webhook: { webhook_torq: webhook({ payload: 'plain $EVENT_MSG' }) } })));
    expect(text2).toContain('webhook `torq` sends another payload');
  });
});

describe('what the provider leaves in Datadog', () => {
  const withHeader = stack({ datadog_webhook: { webhook_torq: webhook({ custom_headers: JSON.stringify({ 'X-Torq-Token': '$TORQ_AUTH' }) }) } });

  test('custom_headers removed (absent): the update omits it, so the header stays; said with the provider source', () => {
    const r = review(withHeader, stack({}));
    expect(r.attention.map((a) => a.kind)).toEqual(['left-in-datadog']);
    const text = needsAttention(md(withHeader, stack({})));
    expect(text).toContain('webhook `torq`: the code removes its custom headers (`X-Torq-Token`), but the update sends no `custom_headers` at all');
    expect(text).toContain('datadog/fwprovider/resource_datadog_webhook.go, buildWebhookUpdateRequestBody');
    expect(text).toContain('Datadog keeps sending the header to Torq');
  });

  test('custom_headers cleared explicitly ("{}"): sent, so only the header removed is said', () => {
    const kinds = review(withHeader, stack({ datadog_webhook: { webhook_torq: webhook({ custom_headers: '{}' }) } })).attention.map((a) => a.kind);
    expect(kinds).toEqual(['torq-contract']);
  });

  test('headers from Terraform variables (a jsonencode expression): names read from it, values never shown; "{}" clears them', () => {
    const base = stack({
      datadog_webhook: {
        webhook_torq: webhook({ custom_headers: '${jsonencode({"X-Env" = var.torq_webhook_header_example_x_env, "X-Torq-Token" = "$TORQ_AUTH"})}' }),
      },
    });
    const head = stack({ datadog_webhook: { webhook_torq: webhook({ custom_headers: '{}' }) } });
    const r = review(base, head);
    expect(r.attention.map((a) => `${a.kind}: ${a.message}`)).toEqual([
      'torq-contract: webhook `torq` no longer sends the headers `X-Env`, `X-Torq-Token`: a Torq trigger that requires them refuses every alert from then on',
    ]);
    const text = md(base, head);
    expect(text).toContain('| `custom_headers` | `"headers X-Env, X-Torq-Token (values not shown)"` | `"no headers"` |');
    expect(text).not.toContain('var.torq_webhook_header');
  });

  test('payload removed: the update omits it, so Torq keeps receiving the old payload (not "no longer sends")', () => {
    const head = stack({ datadog_webhook: { webhook_torq: webhook({ payload: undefined }) } });
    const r = review(stack({}), head);
    expect(r.attention.map((a) => a.kind)).toEqual(['left-in-datadog']);
    expect(r.attention[0].message).toContain("Datadog keeps sending the old payload, not Datadog's default one");
  });
});

describe('a change Terraform applies never reads "No changes"', () => {
  test('the same payload keys in another order: an update, named as re-serialized, with nothing in Needs attention', () => {
    const reordered = JSON.stringify({ metadata: PAYLOAD.metadata, id: '$ID', date: '$DATE', title: '$EVENT_TITLE', body: '$EVENT_MSG' });
    const r = review(stack({}), stack({ datadog_webhook: { webhook_torq: webhook({ payload: reordered }) } }));
    expect(r.orgs[0].actions).toEqual([{ address: 'datadog_webhook.webhook_torq', action: 'update' }]);
    expect(r.attention).toEqual([]);
    const text = md(stack({}), stack({ datadog_webhook: { webhook_torq: webhook({ payload: reordered }) } }));
    expect(text).not.toContain('No changes');
    expect(text).toContain('- **example**: 0 to import, 0 to create, 1 to update, 0 to replace, 0 to destroy · webhooks: webhook_torq changed');
    expect(text).toContain('same content, re-serialized (key order or spacing)');
  });
});

describe("Torq's power: any widening is in Needs attention, roles by name", () => {
  const access = (scopes: string[] | undefined, extraRoles: string[] = []) => ({
    datadog_service_account: {
      torq_service_account: { email: 'torq@example.com', name: 'Torq', roles: ['${data.datadog_role.torq_role_0.id}', ...extraRoles] },
    },
    datadog_service_account_application_key: {
      torq_application_key: { name: 'Torq', ...(scopes ? { scopes } : {}), service_account_id: '${datadog_service_account.torq_service_account.id}' },
    },
    datadog_api_key: { torq_api_key: { name: 'Torq' } },
  });
  const roles = (filters: string[]) => ({ data: { datadog_role: Object.fromEntries(filters.map((f, i) => [`torq_role_${i}`, { filter: f }])) } });
  const base = stack(access(['monitors_read']), roles(['Datadog Standard Role']));

  test('the Datadog Admin Role added: by name, in Needs attention and in the table', () => {
    const head = stack(access(['monitors_read'], ['${data.datadog_role.torq_role_1.id}']), roles(['Datadog Standard Role', 'Datadog Admin Role']));
    const text = md(base, head);
    expect(needsAttention(text)).toContain(
      '- **example** · `datadog_service_account.torq_service_account`: Torq\'s service account gains `role "Datadog Admin Role"` (administrator: full control of the org, its users and keys)',
    );
    expect(text).not.toContain('${data.datadog_role');
  });

  test('a role swapped in place (the data source asks for another role): still said', () => {
    const head = stack(access(['monitors_read']), roles(['Datadog Admin Role']));
    expect(review(base, head).attention.map((a) => `${a.kind}: ${a.message}`)).toContainEqual(
      expect.stringMatching(/^torq-power: Torq's service account gains `role "Datadog Admin Role"`/),
    );
  });

  test('a write scope added, and scopes lifted altogether', () => {
    const wider = review(base, stack(access(['monitors_read', 'monitors_write']), roles(['Datadog Standard Role']))).attention.map((a) => a.message);
    expect(wider).toEqual([
      "Torq's application key gains `monitors_write` (a write scope: `monitors_write`): Torq's workflows may do more in Datadog with it; check that they need it",
    ]);
    const lifted = review(base, stack(access(undefined), roles(['Datadog Standard Role']))).attention.map((a) => a.message);
    expect(lifted[0]).toContain(
      "Torq's application key loses its scope list (`monitors_read`): an application key without scopes may do everything its service account's roles allow",
    );
  });

  test('a key created in an org that had none', () => {
    const head = stack(access(['monitors_read']), roles(['Datadog Standard Role']));
    const kinds = review(stack({}), head)
      .attention.filter((a) => a.kind === 'torq-power')
      .map((a) => a.message);
    expect(kinds).toEqual([
      "Torq gets an API key where it had none of this kind: once pasted into Torq, Torq's workflows can act on this Datadog org",
      "Torq gets an application key with `monitors_read` where it had none of this kind: once pasted into Torq, Torq's workflows can act on this Datadog org",
    ]);
  });
});

describe('secret advice follows the deploy workflow', () => {
  const workflow = parseDeployWorkflow(fs.readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', 'deploy.yml'), 'utf8'))!;
  const renamed = stack(
    { datadog_webhook: { webhook_torq_ops: webhook({ name: 'torq-ops', url: '${var.torq_webhook_url_example_torq_ops}' }) } },
    {
      variable: {
        datadog_api_key_example: { sensitive: true },
        datadog_app_key_example: { sensitive: true },
        torq_webhook_url_example_torq_ops: { sensitive: true },
      },
    },
  );

  test('a webhook rename moves its URL to a variable deploy.yml does not export: the review names the lines the workflow needs', () => {
    const text = needsAttention(md(stack({}), renamed, { secrets: workflow }));
    expect(text).toContain(
      'the deploy needs a new secret: `TF_VAR_torq_webhook_url_example_torq_ops`, which .github/workflows/deploy.yml does not export, so the deploy of `example` stops at its check of declared variables: ' +
        'add `export "TF_VAR_torq_webhook_url_${suffix}_torq_ops=${TORQ_WEBHOOK_URL_TORQ_OPS_SECRET}"` to the Deploy step of .github/workflows/deploy.yml, ' +
        "with `TORQ_WEBHOOK_URL_TORQ_OPS_SECRET: ${{ secrets.TORQ_WEBHOOK_URL_TORQ_OPS }}` in that step's `env` (the same two lines in the org secrets of .github/workflows/drift.yml), and create the secret `TORQ_WEBHOOK_URL_TORQ_OPS` in the GitHub environment `example`",
    );
    expect(text).toContain('webhook `torq` would be deleted from Datadog');
  });

  test('a variable the workflow exports: the secret to create, by its GitHub name', () => {
    const header = stack({}, { variable: { ...stack({}).variable, torq_webhook_header_example: { sensitive: true } } });
    expect(needsAttention(md(stack({}), header, { secrets: workflow }))).toContain(
      'the deploy needs a new secret: `TF_VAR_torq_webhook_header_example`, which .github/workflows/deploy.yml exports from the secret `TORQ_WEBHOOK_HEADER`: create `TORQ_WEBHOOK_HEADER` in the GitHub environment `example` before merging',
    );
  });

  test('a workflow that exports nothing the review can read gives no advice of its own', () => {
    expect(parseDeployWorkflow('on: push\njobs: {}\n')).toBeUndefined();
  });
});

describe('widgets matched by identity', () => {
  const dash = (widgets: Obj[]) => ({
    datadog_dashboard_json: { dashboard_torq: { dashboard: JSON.stringify({ title: 'Torq', layout_type: 'ordered', widgets }) } },
  });
  const ts = (title: string, q: string) => ({ definition: { type: 'timeseries', title, requests: [{ q }] } });
  const note = { definition: { type: 'note', content: 'Runbook' } };

  test('a widget retitled and given a new query in one edit is one changed widget, old and new title and query', () => {
    const base = stack(dash([note, ts('Torq webhook calls', 'sum:torq.calls{*}')]));
    const head = stack(dash([note, ts('Torq errors', 'sum:torq.errors{*}')]));
    const text = md(base, head);
    expect(text).toContain('Widget `Torq webhook calls (timeseries)` -> `Torq errors (timeseries)` changed:');
    expect(text).toContain('| `definition.requests[0].q` | `"sum:torq.calls{*}"` | `"sum:torq.errors{*}"` |');
    expect(text).toContain('| `definition.title` | `"Torq webhook calls"` | `"Torq errors"` |');
    expect(text).not.toContain('widgets added');
    expect(text).not.toContain('widgets removed');
  });

  test('ids win over position: two widgets of one type swapped keep their identity', () => {
    const a = { id: 1, ...ts('A', 'q:a') };
    const b = { id: 2, ...ts('B', 'q:b') };
    const change = compareResource(
      { type: 'datadog_dashboard_json', id: 'dashboard_torq', body: dash([a, b]).datadog_dashboard_json.dashboard_torq },
      {
        type: 'datadog_dashboard_json',
        id: 'dashboard_torq',
        body: dash([b, { ...a, definition: { ...a.definition, title: 'A2' } }]).datadog_dashboard_json.dashboard_torq,
      },
      { org: 'example', torqWebhooks: new Set(['torq']) },
    );
    expect(change?.detail.kind === 'dashboard' && change.detail.change?.retitled).toEqual([{ from: 'A (timeseries)', to: 'A2 (timeseries)' }]);
  });
});

describe('a data source changed in place', () => {
  test('the service account that reads the role is updated: its roles change at plan time', () => {
    const sa = { datadog_service_account: { torq_service_account: { email: 'torq@example.com', roles: ['${data.datadog_role.torq_role_0.id}'] } } };
    const base = stack(sa, { data: { datadog_role: { torq_role_0: { filter: 'Datadog Standard Role' } } } });
    const head = stack(sa, { data: { datadog_role: { torq_role_0: { filter: 'Datadog Admin Role' } } } });
    expect(review(base, head).orgs[0].actions).toEqual([{ address: 'datadog_service_account.torq_service_account', action: 'update' }]);
  });
});
