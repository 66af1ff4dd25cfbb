/**
 * Issue 21 end to end, on the four-orgs fixture project with the package's own deploy workflow:
 * one pull request that changes Torq's side in every way the review must catch, reviewed as CI
 * does (`npm run review -- --base ... --fail-on-attention`), on synthesized outputs (the command
 * and its git part: revisions.test.ts). Each case is checked in the Markdown
 * a reviewer reads; the unit cases (test/review/torqSide.test.ts) show each alone needs attention.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ReviewResult } from '../../src/cli/review';
import { editJson, REPO as PROJECT } from '../helpers/project';
import { PAYLOAD, reviewChange } from './synthesized';
import { attentionOf } from './synthPair';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'review', 'four-orgs');

describe("a pull request that changes Torq's side in four orgs", () => {
  let r: ReviewResult;
  let attention: string;

  beforeAll(() => {
    r = reviewChange({
      inputs: FIXTURE,
      workflow: fs.readFileSync(path.join(PROJECT, '.github', 'workflows', 'deploy.yml'), 'utf8'),
      base: (dir) => {
        // The base: dev and prod-us send an explicit payload, prod-eu's trigger checks a header, prod-us creates Torq's keys.
        editJson(dir, 'orgs/dev.json', (o) => {
          o.webhooks[0].payload = PAYLOAD;
        });
        editJson(dir, 'orgs/prod-us.json', (o) => {
          o.webhooks[0].payload = PAYLOAD;
        });
        editJson(dir, 'orgs/prod-eu.json', (o) => {
          o.webhooks[0].authHeader = 'X-Torq-Token';
        });
      },
      head: (dir) => {
        // dev: a payload key mapped to another variable.
        editJson(dir, 'orgs/dev.json', (o) => {
          o.webhooks[0].payload = { ...PAYLOAD, metadata: { ...PAYLOAD.metadata, ALERT_TRANSITION: '$ALERT_STATUS' } };
        });
        // prod-us: the same payload keys in another order; Torq's service account made admin, a write scope added.
        editJson(dir, 'orgs/prod-us.json', (o) => {
          o.webhooks[0].payload = { metadata: PAYLOAD.metadata, id: '$ID', date: '$DATE', title: '$EVENT_TITLE', body: '$EVENT_MSG' };
          o.keys.roles = ['Datadog Standard Role', 'Datadog Admin Role'];
          o.keys.scopes = [...(o.keys.scopes ?? ['events_read', 'monitors_read']), 'dashboards_write'];
        });
        // prod-eu: the auth header removed.
        editJson(dir, 'orgs/prod-eu.json', (o) => {
          delete o.webhooks[0].authHeader;
        });
        // staging: its webhook renamed (its URL moves to another Terraform variable).
        editJson(dir, 'orgs/staging.json', (o) => {
          o.webhooks[0].name = 'torq-ops';
        });
        // Every org: a widget retitled and given a new query in one edit.
        editJson(dir, 'dashboards/torq_runbook.json', (d) => {
          const w = d.widgets[1];
          w.definition.title = 'Torq webhook errors';
          w.definition.requests[0].q = 'sum:torq.webhook.errors{*}.as_count()';
        });
      },
      failOnAttention: true,
    });
    attention = attentionOf(r.markdown);
  });

  test('--fail-on-attention exits 2', () => {
    expect(r.exitCode).toBe(2);
  });

  test('the Torq contract: a key mapped to another variable is in Needs attention, for its org', () => {
    expect(attention).toMatch(
      /- \*\*dev\*\* · `datadog_webhook\.webhook_torq`: webhook `torq` changes what Torq receives: `metadata\.ALERT_TRANSITION` now carries `"\$ALERT_STATUS"` \(was `"\$ALERT_TRANSITION"`\)/,
    );
  });

  test('the auth header removed: Torq no longer gets it, and synth clears it in Datadog (custom_headers "{}" is sent, so nothing is left behind)', () => {
    expect(attention).toContain(
      '- **prod-eu** · `datadog_webhook.webhook_torq`: webhook `torq` no longer sends the header `X-Torq-Token`: a Torq trigger that requires it refuses every alert from then on',
    );
    expect(attention).not.toContain('buildWebhookUpdateRequestBody');
  });

  test("Torq's power: the admin role by name, the write scope", () => {
    expect(attention).toContain(
      '- **prod-us** · `datadog_service_account.torq_service_account`: Torq\'s service account gains `role "Datadog Admin Role"` (administrator',
    );
    expect(attention).toMatch(
      /- \*\*prod-us\*\* · `datadog_service_account_application_key\.torq_application_key`: Torq's application key gains `dashboards_write` \(a write scope/,
    );
    expect(r.markdown).not.toContain('${data.datadog_role');
  });

  test('the webhook rename: the advice names the line deploy.yml needs', () => {
    expect(attention).toContain(
      '- **staging**: the deploy needs a new secret: `TF_VAR_torq_webhook_url_staging_torq_ops`, which .github/workflows/deploy.yml does not export, so the deploy of `staging` stops at its check of declared variables: add `export "TF_VAR_torq_webhook_url_${suffix}_torq_ops=${TORQ_WEBHOOK_URL_TORQ_OPS_SECRET}"`',
    );
  });

  test('the payload re-serialized is an update, not "no changes"', () => {
    expect(r.markdown).toMatch(/^- \*\*prod-us\*\*: 0 to import, 0 to create, [1-9]\d* to update, .*webhooks: webhook_torq changed/m);
    expect(r.markdown).toContain('same content, re-serialized (key order or spacing)');
  });

  test('the widget retitled with a new query: one changed widget, old and new title and query', () => {
    expect(r.markdown).toContain('Widget `Torq webhook calls (timeseries)` -> `Torq webhook errors (timeseries)` changed:');
    expect(r.markdown).toContain('`"sum:torq.webhook.errors{*}.as_count()"`');
    expect(r.markdown).not.toContain('widgets added');
  });
});
