import { Construct } from 'constructs';
import { DashboardJson } from '@cdktf/provider-datadog/lib/dashboard-json';
import { escapeTerraform } from './escape';

export interface TorqDashboardProps {
  /** The Terraform resource id (from the dashboard's file name, so reordering changes nothing). */
  readonly resourceId: string;
  /** Dashboard JSON without server-owned fields (see src/config/dashboard.ts). */
  readonly dashboard: Readonly<Record<string, unknown>>;
}

/** A dashboard deployed from its JSON with datadog_dashboard_json. */
export class TorqDashboard extends Construct {
  readonly resource: DashboardJson;
  constructor(scope: Construct, id: string, props: TorqDashboardProps) {
    super(scope, id);
    this.resource = new DashboardJson(this, 'dashboard', {
      // Serialized once with a stable layout; `${` and `%{` escaped so Terraform never interpolates.
      dashboard: escapeTerraform(JSON.stringify(props.dashboard)),
    });
    this.resource.overrideLogicalId(props.resourceId);
  }
}
