/**
 * The typed, validated model that constructs consume: one OrgModel per org file, with the
 * catalog already selected, overridden and routed. Nothing here reads files.
 */
import type { RecordedChange } from './fieldChange';
import type { BackendConfig } from './org';
import type { MonitorDefinition } from './monitor';
import type { Site } from './sites';

/** The Terraform local that carries adopt.changes into cdk.tf.json: Terraform ignores it, the review reads it. */
export const ADOPT_CHANGES_LOCAL = 'torq_adopt_first_apply_changes';

export interface WebhookModel {
  name: string;
  encodeAs: 'json' | 'form';
  /** The webhook's payload as a JSON string. */
  payload: string;
  /** The Terraform variable that holds the webhook URL (it carries Torq's secret). */
  urlVariable: string;
  /** A header the Torq trigger checks, with the Terraform variable holding its value. */
  authHeader?: { name: string; variable: string; customVariable: string };
  /** More custom headers (org file webhooks[].headers), each with the sensitive Terraform variable holding its value. */
  headers: { name: string; variable: string }[];
  /** True when the org file says this webhook already exists and is to be imported. */
  adopt: boolean;
}

export interface MonitorModel {
  /** Catalog id (file name without .json): the stable source of the Terraform resource id. */
  id: string;
  file: string;
  definition: MonitorDefinition;
  /** The Torq webhook this monitor notifies, if any. */
  webhook?: string;
  /** The id of an existing monitor to import instead of creating one. */
  adoptId?: string;
  /** Role names (org file restrictedRoles) resolved with datadog_role data sources; ids are in definition.restricted_roles. */
  restrictedRoleNames?: string[];
}

export interface DashboardModel {
  /** File name without .json. */
  id: string;
  file: string;
  /** The dashboard JSON without server-owned fields. */
  dashboard: Record<string, unknown>;
  adoptId?: string;
  /** Role names for the dashboard's restricted_roles, resolved with datadog_role data sources. */
  restrictedRoleNames?: string[];
}

export interface ServiceCheckModel {
  agent_version: string;
  integration: string;
  check: string;
  statuses: string[];
  groups: string[];
  name: string;
  description: string;
}

export interface AccessModel {
  name: string;
  serviceAccountEmail: string;
  roles: string[];
  scopes: string[];
}

export interface OrgModel {
  /** The org file's name without .json: the stack name. */
  name: string;
  file: string;
  site: Site;
  apiUrl: string;
  /** Terraform variables for this org's Datadog credentials. */
  credentials: { apiKeyVariable: string; appKeyVariable: string; apiUrlVariable: string };
  webhooks: WebhookModel[];
  /** Webhooks of the org's Datadog that the project does not manage (org file externalWebhooks). */
  externalWebhooks?: string[];
  monitors: MonitorModel[];
  /** Service-check monitors: Torq's health, notifying humans only. */
  healthMonitors: MonitorModel[];
  dashboards: DashboardModel[];
  serviceChecks: ServiceCheckModel[];
  tags: string[];
  backend: BackendConfig;
  access?: AccessModel;
  /** Renamed catalog files this org deploys (moved.json): Terraform `moved` blocks. */
  moved: MovedModel[];
  /** adopt.changes of the org file: per adopted monitor (catalog id), what org:import found the first apply will change. */
  adoptChanges?: Record<string, RecordedChange[]>;
}

export interface MovedModel {
  type: 'datadog_monitor' | 'datadog_dashboard_json';
  /** Resource ids (logical ids) before and after the rename. */
  from: string;
  to: string;
}

export interface ProjectModel {
  orgs: OrgModel[];
}
