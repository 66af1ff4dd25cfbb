import { Construct } from 'constructs';
import {
  AzurermBackend,
  CloudBackend,
  GcsBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformLocal,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { DataDatadogRole } from '@cdktf/provider-datadog/lib/data-datadog-role';
import { escapeTerraformDeep } from './constructs/escape';
import { exactRole } from './constructs/role';
import { ADOPT_CHANGES_LOCAL, type OrgModel } from './config/model';
import type { BackendConfig } from './config/org';
import { TorqWebhook } from './constructs/webhook';
import { TorqMonitors } from './constructs/monitor';
import { TorqDashboard } from './constructs/dashboard';
import { TorqAccess } from './constructs/access';
import { linkOrgResources } from './constructs/adoption';
import { catalogDashboardFile, dashboardName, webhookName } from './datadog/naming';

function secretVariable(scope: Construct, name: string, description: string): TerraformVariable {
  const v = new TerraformVariable(scope, name, { type: 'string', sensitive: true, nullable: false, description });
  v.overrideLogicalId(name);
  return v;
}

/** The state backend of one org. The local default uses a relative path, so output is reproducible. */
function configureBackend(stack: TerraformStack, org: string, backend: BackendConfig): void {
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, { path: backend.path ?? `../../../terraform.${org}.tfstate` });
      return;
    case 's3': {
      const b = new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key ?? `torq-datadog/${org}.tfstate`,
        region: backend.region,
        encrypt: backend.encrypt,
        dynamodbTable: backend.dynamodbTable,
        profile: backend.profile,
        roleArn: backend.roleArn,
      });
      // S3-native locking (Terraform >= 1.10); cdktf 0.21 has no typed field for it.
      if (backend.useLockfile) b.addOverride('use_lockfile', true);
      return;
    }
    case 'gcs':
      new GcsBackend(stack, { bucket: backend.bucket, prefix: backend.prefix ?? `torq-datadog/${org}` });
      return;
    case 'azurerm':
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key ?? `torq-datadog/${org}.tfstate`,
      });
      return;
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(backend.workspace ?? `torq-datadog-${org}`),
      });
      return;
  }
}

/**
 * The role that keeps a dashboard with `is_read_only: true` read-only. datadog_dashboard_json
 * (provider 3.82.0, resource_datadog_dashboard_json.go, prepResource, applied to the config by the
 * dashboard's StateFunc and to what the API returns) drops is_read_only when restricted_roles is a
 * list, and takes a missing one as false; Datadog answers with restricted_roles ([] by default),
 * so is_read_only alone would not read back as written. is_read_only means "only the author and
 * admins can make changes" (Datadog's Dashboard model), which is what restricted_roles [the admin
 * role] says ("only the author and users associated with at least one of these roles can edit").
 */
export const READ_ONLY_ROLE = 'Datadog Admin Role';

/** True when a dashboard says is_read_only and nothing else says who may edit it. */
function readOnlyAsRoles(dashboard: Record<string, unknown>): boolean {
  return dashboard.is_read_only === true && !Array.isArray(dashboard.restricted_roles);
}

export interface TorqOrgStackProps {
  readonly org: OrgModel;
}

/**
 * Everything the Torq integration needs in one Datadog org: the webhook(s), the monitors that
 * notify Torq, the Torq dashboard, Torq's keys and the health monitors of its service checks.
 */
export class TorqOrgStack extends TerraformStack {
  constructor(scope: Construct, props: TorqOrgStackProps) {
    const { org } = props;
    super(scope, org.name);
    configureBackend(this, org.name, org.backend);

    const apiKey = secretVariable(this, org.credentials.apiKeyVariable, `Datadog API key of the "${org.name}" org (TF_VAR_${org.credentials.apiKeyVariable}).`);
    const appKey = secretVariable(
      this,
      org.credentials.appKeyVariable,
      `Datadog application key of the "${org.name}" org (TF_VAR_${org.credentials.appKeyVariable}).`,
    );
    // Not sensitive: the site's URL by default; TF_VAR_datadog_api_url_<org> points a deploy elsewhere
    // (a stand-in Datadog, see docs/e2e.md) without editing the stack.
    const apiUrl = new TerraformVariable(this, org.credentials.apiUrlVariable, {
      type: 'string',
      nullable: false,
      default: org.apiUrl,
      description: `Datadog API URL of the "${org.name}" org, by default its site's (TF_VAR_${org.credentials.apiUrlVariable}).`,
    });
    apiUrl.overrideLogicalId(org.credentials.apiUrlVariable);
    new DatadogProvider(this, 'datadog', { apiUrl: apiUrl.stringValue, apiKey: apiKey.stringValue, appKey: appKey.stringValue });

    const webhooks = new Map<string, TorqWebhook['webhook']>();
    for (const w of org.webhooks) {
      const url = secretVariable(
        this,
        w.urlVariable,
        `URL of the Torq trigger behind webhook "${w.name}" (it carries Torq's secret) (TF_VAR_${w.urlVariable}).`,
      );
      const header = w.authHeader
        ? secretVariable(this, w.authHeader.variable, `Value of the ${w.authHeader.name} header the Torq trigger checks (TF_VAR_${w.authHeader.variable}).`)
        : undefined;
      const headers = w.headers.map((h) => ({
        name: h.name,
        value: secretVariable(this, h.variable, `Value of the ${h.name} header of webhook "${w.name}" (TF_VAR_${h.variable}).`).stringValue,
      }));
      const hook = new TorqWebhook(this, webhookName(w.name), {
        name: w.name,
        url: url.stringValue,
        payload: w.payload,
        encodeAs: w.encodeAs,
        authHeader: w.authHeader && header ? { name: w.authHeader.name, customVariable: w.authHeader.customVariable, value: header.stringValue } : undefined,
        headers,
      });
      webhooks.set(w.name, hook.webhook);
    }

    // Roles named in restrictedRoles: one datadog_role data source per name, made on first use.
    const roles = new Map<string, DataDatadogRole>();
    const usedRoleIds = new Set<string>();
    const roleId = (name: string): string => {
      let role = roles.get(name);
      if (!role) {
        const slug = `role_${name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '_')
          .replace(/^_+|_+$/g, '')}`;
        let logicalId = slug;
        for (let n = 2; usedRoleIds.has(logicalId); n++) logicalId = `${slug}_${n}`;
        usedRoleIds.add(logicalId);
        role = exactRole(this, logicalId, logicalId, name);
        roles.set(name, role);
      }
      return role.id;
    };

    const monitors = new TorqMonitors(this, 'monitors', { monitors: org.monitors, idPrefix: 'monitor', webhooks, roleId });
    new TorqMonitors(this, 'health', { monitors: org.healthMonitors, idPrefix: 'health' });

    const dashboards = new Map(
      org.dashboards.map((d) => {
        const roleNames = readOnlyAsRoles(d.dashboard) ? [READ_ONLY_ROLE] : (d.restrictedRoleNames ?? []);
        const props = {
          resourceId: dashboardName(d.id),
          dashboard: d.dashboard,
          restrictedRoleIds: roleNames.map(roleId),
          sourceFile: d.file === catalogDashboardFile(d.id) ? undefined : d.file,
        };
        return [d.id, new TorqDashboard(this, dashboardName(d.id), props).resource];
      }),
    );
    // References between resources (${monitor.<id>}) and import blocks for what the org adopts.
    linkOrgResources(this, org, { webhooks, monitors: monitors.monitors, dashboards });

    if (org.access) new TorqAccess(this, 'access', org.access);
    // Terraform does nothing with an unused local; the review of an import reads it (src/review/adoption.ts).
    if (org.adoptChanges) new TerraformLocal(this, ADOPT_CHANGES_LOCAL, escapeTerraformDeep(org.adoptChanges)).overrideLogicalId(ADOPT_CHANGES_LOCAL);
  }
}
