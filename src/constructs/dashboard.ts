import { Construct } from 'constructs';
import { DashboardJson } from '@cdktf/provider-datadog/lib/dashboard-json';
import { escapeTerraform } from './escape';

export interface TorqDashboardProps {
  /** The Terraform resource id (from the dashboard's file name, so reordering changes nothing). */
  readonly resourceId: string;
  /** Dashboard JSON without server-owned fields (see src/config/dashboard.ts). */
  readonly dashboard: Readonly<Record<string, unknown>>;
  /** Role ids (Terraform references of datadog_role data sources) added to the dashboard's restricted_roles. */
  readonly restrictedRoleIds?: readonly string[];
  /** The file it comes from, when not `dashboards/<id>.json` (an org's own): a JSON comment for the review. */
  readonly sourceFile?: string;
}

/** A dashboard deployed from its JSON with datadog_dashboard_json. */
export class TorqDashboard extends Construct {
  readonly resource: DashboardJson;
  constructor(scope: Construct, id: string, props: TorqDashboardProps) {
    super(scope, id);
    this.resource = new DashboardJson(this, 'dashboard', {
      // Serialized once with a stable layout; `${` and `%{` escaped so Terraform never interpolates.
      dashboard: withRoleReferences(props.dashboard, props.restrictedRoleIds ?? []),
    });
    this.resource.overrideLogicalId(props.resourceId);
    if (props.sourceFile !== undefined) this.resource.addOverride('//.source_file', props.sourceFile);
  }
}

/**
 * The dashboard JSON with `${` escaped; role references (Terraform expressions) are placed into
 * restricted_roles after escaping, so they alone are interpolated.
 */
function withRoleReferences(given: Readonly<Record<string, unknown>>, roleIds: readonly string[]): string {
  // With restricted_roles, is_read_only is what the provider drops (prepResource): not written.
  const dashboard = roleIds.length > 0 || Array.isArray(given.restricted_roles) ? withoutReadOnly(given) : given;
  if (roleIds.length === 0) return escapeTerraform(JSON.stringify(dashboard));
  const marks = roleIds.map((_, i) => `__torq_role_reference_${i}__`);
  const ids = Array.isArray(dashboard.restricted_roles) ? (dashboard.restricted_roles as unknown[]) : [];
  let text = escapeTerraform(JSON.stringify({ ...dashboard, restricted_roles: [...ids, ...marks] }));
  marks.forEach((m, i) => {
    text = text.replace(`"${m}"`, JSON.stringify(roleIds[i]));
  });
  return text;
}

function withoutReadOnly(dashboard: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { is_read_only: _dropped, ...rest } = dashboard;
  return rest;
}
