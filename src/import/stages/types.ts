/**
 * The typed data that flows between the stages of org:import (see src/import/importOrg.ts):
 * read -> select -> assign -> build -> report -> plan -> write.
 */
import type { OrgFile } from '../../config/org';
import type { Catalog } from '../../config/project';
import type { Json } from '../datadog';
import type { NormalizedMonitor, Routing } from '../normalize';

export type { Json };

/** What org:import needs from the API (DatadogReader, or a fake). */
export interface OrgReader {
  listMonitors(): Promise<Json[]>;
  /** One monitor by id; undefined when Datadog answers 404. */
  getMonitor?(id: number): Promise<Json | undefined>;
  listDashboards(): Promise<Json[]>;
  getDashboard(id: string): Promise<Json>;
  getWebhook(name: string): Promise<Json | undefined>;
  /** Whether a webhook custom variable exists (GET .../custom-variables/<name>); never its value. */
  hasWebhookCustomVariable?(name: string): Promise<boolean>;
  /** The org the keys belong to (GET /api/v1/org): its public_id and name. */
  getOrg?(): Promise<{ publicId: string; name?: string } | undefined>;
  /** Role id -> role name (GET /api/v2/roles); undefined when the keys cannot list roles. */
  listRoles?(): Promise<Map<string, string> | undefined>;
}

/** How monitors are chosen: see docs/adopting.md. */
export type MonitorFilter =
  { kind: 'webhook' } | { kind: 'all' } | { kind: 'name'; text: string } | { kind: 'tag'; tag: string } | { kind: 'id'; ids: number[] };

export interface ImportOptions {
  org: string;
  root: string;
  /** Union of filters; the monitors that mention the org's webhooks when empty. */
  monitors: MonitorFilter[];
  dashboards: boolean;
  /** Dashboards whose title contains this; by default titles containing "torq" or equal to a catalog dashboard's. */
  dashboardTitle?: string;
  webhooks: boolean;
  /** Take the org's version over catalog files that differ from it. */
  overwrite: boolean;
  /** A live monitor that adopts a catalog file with other values: the catalog wins (default: the live values become the org's overrides). */
  catalogWins?: boolean;
  /** Remove adopt entries whose resource no longer exists (default: keep them, and name them). */
  prune?: boolean;
  /** Plan and report, write nothing. */
  dryRun: boolean;
  /** The API's base URL, for messages. */
  source: string;
}

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** A stage that cannot go on: the lines to print; nothing is written. */
export interface Stop {
  stop: string[];
}

export function isStop(v: unknown): v is Stop {
  return typeof v === 'object' && v !== null && Array.isArray((v as Stop).stop);
}

/** The project as it is on disk, read once: the org file, the catalog, the org's own files. */
export interface ProjectState {
  opts: ImportOptions;
  /** orgs/<org>.json, relative. */
  orgRel: string;
  org: OrgFile;
  /** The org file's JSON as read (never mutated). */
  orgJson: Json;
  webhookNames: string[];
  defaultWebhook: string | undefined;
  catalog: Catalog;
  /** Ids of the shared catalog's monitors (monitors/). */
  sharedIds: Set<string>;
  /** Shared catalog ids and the org's own monitor ids (orgs/<org>/monitors/). */
  catalogIds: Set<string>;
  /** Ids of the shared catalog's dashboards (dashboards/). */
  sharedDashIds: Set<string>;
  /** Shared dashboard ids and the org's own dashboard ids. */
  dashIds: Set<string>;
  /** An existing project file's JSON (undefined when absent or unreadable). */
  existing: (file: string) => unknown;
}

/** What the org has in Datadog, as read through the API. */
export interface LiveOrg {
  identity?: { publicId: string; name?: string };
  webhookInfo: Map<string, Json | undefined>;
  /** Custom variable name -> whether it exists, for the auth header variables the stack would create. */
  customVariables: Map<string, boolean>;
  allMonitors: Json[];
  dashboardSummaries: Json[];
  dashboards: { id: string; raw: Json }[];
  roleNames?: Map<string, string>;
  /** Undeclared webhooks the org's monitors mention: whether each exists in Datadog. */
  otherWebhooks: Map<string, boolean>;
  /** Lines for the report (an identity not read, say). */
  notes: string[];
}

/** The monitors to adopt: Datadog id -> why ("selected", or "referenced by ..."). */
export interface Selection {
  byId: Map<number, Json>;
  filters: MonitorFilter[];
  selected: Map<number, string>;
  notes: string[];
}

/** Catalog ids for the selected monitors and dashboards. */
export interface Assignment {
  /** Datadog monitor id -> catalog id. */
  monitors: Map<number, string>;
  /** A monitor's catalog id, whether assigned now or already adopted. */
  catalogIdOf: (did: number) => string | undefined;
  /** Dashboard id -> file id. */
  dashboards: Map<string, string>;
}

export interface PlannedItem {
  file: string;
  status: 'new' | 'unchanged' | 'updated' | 'differs';
  source: string;
  detail: string[];
  /** The live object the file comes from. */
  object?: { monitor: number } | { dashboard: string };
}

/** Per catalog id: what the live monitor has that the org file must carry (draft, roles, a twin's values). */
export interface LiveMonitor {
  did: number;
  raw: Json;
  norm: NormalizedMonitor;
  twin?: Json;
  /** The live message, kept byte for byte: its Torq mentions already say what the routing says, but synth would write them elsewhere. */
  keepMessage?: string;
}

/** The catalog files planned, and what the org file must say about them. */
export interface BuiltFiles {
  planned: Map<string, string>;
  items: PlannedItem[];
  routings: Map<string, Routing>;
  live: Map<string, LiveMonitor>;
  /** Dashboard file id -> the live dashboard. */
  liveDashboards: Map<string, { id: string; raw: Json }>;
  /** Dashboard file id -> its live restricted_roles. */
  dashRoles: Map<string, string[] | undefined>;
  /** Monitor ids left out while building (not imported). */
  dropped: Set<number>;
  notes: string[];
}

/** The org file as it will be written. */
export interface BuiltOrg {
  rawOrg: Json;
  adoptMonitors: Record<string, number>;
  adoptDashboards: Record<string, string>;
  adoptWebhooks: string[];
  webhookLines: string[];
  notes: string[];
}
