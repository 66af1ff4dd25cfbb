/**
 * What ties an org's resources to each other and to what already exists in the org:
 *  - references between catalog resources (`${monitor.<catalog id>}`, src/config/references.ts)
 *    become Terraform references to this org's own monitors;
 *  - resources the org file adopts get Terraform `import` blocks (Terraform >= 1.5), so the first
 *    apply takes over the existing webhook, monitors and dashboards instead of creating duplicates.
 *
 * The import blocks are written by a small TerraformElement, not with cdktf's `importFrom`, which
 * makes `app.synth()` run `terraform version`: synth must work where no terraform is installed.
 */
import { Construct } from 'constructs';
import { TerraformElement, TerraformResource } from 'cdktf';
import type { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import type { DashboardJson } from '@cdktf/provider-datadog/lib/dashboard-json';
import type { Webhook } from '@cdktf/provider-datadog/lib/webhook';
import type { OrgModel } from '../config/model';
import { findMonitorReferences, splitMonitorReferences } from '../config/references';
import { escapeTerraform } from './escape';

export type ImportBlock = {
  /** The resource address, such as `datadog_monitor.monitor_agent_down`. */
  readonly to: string;
  /** The id Datadog knows the existing resource by. */
  readonly id: string;
};

export type MovedBlock = {
  /** Resource addresses, such as `datadog_monitor.monitor_old` -> `datadog_monitor.monitor_new`. */
  readonly from: string;
  readonly to: string;
};

/** How each field of a block is written in HCL: a resource address, or a quoted string. */
type FieldKinds = Readonly<Record<string, 'reference' | 'string'>>;

/**
 * Top-level Terraform blocks of one kind (`import`, `moved`), in the order given: the meta-blocks
 * cdktf 0.21 can only emit through importFrom/moveTo, which make synth run `terraform version`.
 */
export class TerraformBlocks extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly kind: 'import' | 'moved',
    private readonly fields: FieldKinds,
    private readonly blocks: readonly Readonly<Record<string, string>>[],
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    if (this.blocks.length === 0) return {};
    return { [this.kind]: this.blocks.map((b) => Object.fromEntries(Object.keys(this.fields).map((f) => [f, b[f]]))) };
  }

  override toHclTerraform(): Record<string, unknown> {
    if (this.blocks.length === 0) return {};
    return {
      [this.kind]: this.blocks.map((b) =>
        Object.fromEntries(Object.entries(this.fields).map(([f, storageClassType]) => [f, { value: b[f], type: 'simple', storageClassType }])),
      ),
    };
  }
}

/** `import` blocks (Terraform >= 1.5): an existing resource is adopted, not created again. */
export const IMPORT_FIELDS: FieldKinds = { to: 'reference', id: 'string' };
/** `moved` blocks (Terraform >= 1.1): a renamed resource keeps its object. */
export const MOVED_FIELDS: FieldKinds = { from: 'reference', to: 'reference' };

/** The resource address of a provider resource. */
export function resourceAddress(r: TerraformResource): string {
  return `${r.terraformResourceType}.${r.friendlyUniqueId}`;
}

/**
 * A text with every `${monitor.<id>}` replaced by that monitor's id attribute (a cdktf token) and
 * every other `${`/`%{` escaped, so only the references interpolate.
 */
export function resolveMonitorReferences(text: string, monitors: ReadonlyMap<string, Monitor>, where: string): string {
  return splitMonitorReferences(text)
    .map((part) => {
      if ('text' in part) return escapeTerraform(part.text);
      const target = monitors.get(part.monitor);
      // The loader reports unresolvable references with their file and path; reaching this is a bug.
      if (!target) throw new Error(`${where}: reference to monitor "${part.monitor}", which this stack does not deploy`);
      return target.id;
    })
    .join('');
}

export interface OrgResources {
  readonly webhooks: ReadonlyMap<string, Webhook>;
  /** Catalog monitors by catalog id. */
  readonly monitors: ReadonlyMap<string, Monitor>;
  /** Dashboards by file id. */
  readonly dashboards: ReadonlyMap<string, DashboardJson>;
}

/** The import blocks of an org: adopted webhooks, then monitors, then dashboards, in model order. */
export function importBlocks(org: OrgModel, resources: OrgResources): ImportBlock[] {
  const blocks: ImportBlock[] = [];
  const add = (r: TerraformResource | undefined, id: string, what: string) => {
    if (!r) throw new Error(`${org.file}: adopts ${what}, which this stack does not deploy`);
    blocks.push({ to: resourceAddress(r), id });
  };
  for (const w of org.webhooks) if (w.adopt) add(resources.webhooks.get(w.name), w.name, `webhook "${w.name}"`);
  for (const m of org.monitors) if (m.adoptId !== undefined) add(resources.monitors.get(m.id), m.adoptId, `monitor "${m.id}"`);
  for (const d of org.dashboards) if (d.adoptId !== undefined) add(resources.dashboards.get(d.id), d.adoptId, `dashboard "${d.id}"`);
  return blocks;
}

/**
 * Resolves the references of the org's monitor queries and dashboards, and declares the import
 * blocks of what the org adopts. Call once per stack, after the resources exist.
 */
export function linkOrgResources(scope: Construct, org: OrgModel, resources: OrgResources): void {
  for (const m of org.monitors) {
    if (findMonitorReferences(m.definition.query).length === 0) continue;
    const resource = resources.monitors.get(m.id);
    if (resource) resource.query = resolveMonitorReferences(m.definition.query, resources.monitors, `${m.file}: query`);
  }
  for (const d of org.dashboards) {
    // The same serialization as TorqDashboard; only dashboards with references are rewritten.
    const text = JSON.stringify(d.dashboard);
    if (findMonitorReferences(text).length === 0) continue;
    const resource = resources.dashboards.get(d.id);
    if (resource) resource.dashboard = resolveMonitorReferences(text, resources.monitors, d.file);
  }
  const blocks = importBlocks(org, resources);
  if (blocks.length > 0) new TerraformBlocks(scope, 'imports', 'import', IMPORT_FIELDS, blocks);
  const moves: MovedBlock[] = org.moved.map((m) => ({ from: `${m.type}.${m.from}`, to: `${m.type}.${m.to}` }));
  if (moves.length > 0) new TerraformBlocks(scope, 'moves', 'moved', MOVED_FIELDS, moves);
}
