/**
 * A synthetic project at scale, written through the package's own file formats: org files in
 * `orgs/`, a catalog of metric monitors in `monitors/`, plus the bundled dashboard and
 * service-check metadata. The benchmark and the output-equivalence test synthesize it.
 *
 * Two layouts of "O orgs x M monitors each, one stack per org":
 *  - `shared` (default): one catalog of M monitor files; every org deploys all of it (the
 *    package's model: one reviewed catalog, many orgs). O x M monitor resources in all.
 *  - `per-org`: O x M catalog files, `o<NN>_m<NNNN>.json`; each org selects its own M with
 *    `monitors.include: ["o<NN>_*"]`. Ten times the files to read and parse for the same output size.
 *
 * Everything is a pure function of the parameters: the same call writes the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';

export type WorkloadLayout = 'shared' | 'per-org';

export interface WorkloadOptions {
  orgs: number;
  /** Metric monitors per org. */
  monitors: number;
  layout?: WorkloadLayout;
  /** Where dashboards/ and service_checks.json are copied from (the package root); none if absent. */
  assetsFrom?: string;
}

const SITES = ['us1', 'eu1', 'us3', 'us5', 'ap1', 'ap2'];

/** Metrics a platform team alerts on, with a plausible threshold scale and direction. */
const METRICS: readonly { metric: string; by: string; scale: number; above: boolean; unit: string }[] = [
  { metric: 'system.cpu.user', by: 'host', scale: 90, above: true, unit: '%' },
  { metric: 'system.mem.pct_usable', by: 'host', scale: 0.1, above: false, unit: '' },
  { metric: 'system.disk.in_use', by: 'host,device', scale: 0.9, above: true, unit: '' },
  { metric: 'system.load.norm.5', by: 'host', scale: 2, above: true, unit: '' },
  { metric: 'trace.http.request.duration', by: 'service', scale: 1.5, above: true, unit: 's' },
  { metric: 'trace.http.request.errors', by: 'service', scale: 50, above: true, unit: '' },
  { metric: 'kubernetes.containers.restarts', by: 'kube_namespace,pod_name', scale: 5, above: true, unit: '' },
  { metric: 'aws.elb.httpcode_elb_5xx', by: 'name', scale: 100, above: true, unit: '' },
  { metric: 'postgresql.connections', by: 'db', scale: 450, above: true, unit: '' },
  { metric: 'redis.mem.fragmentation_ratio', by: 'host', scale: 1.8, above: true, unit: '' },
];
const AGGREGATORS = ['avg', 'max', 'min', 'sum'];
const WINDOWS = ['last_5m', 'last_10m', 'last_15m', 'last_30m', 'last_1h'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The catalog id of monitor `i` (of org `org` in the per-org layout). */
export function monitorId(i: number, org?: number): string {
  return org === undefined ? `m${pad(i, 5)}` : `o${pad(org, 2)}_m${pad(i, 5)}`;
}

export function orgName(i: number): string {
  return `org-${pad(i, 2)}`;
}

/** One metric monitor, as the Datadog UI exports it. */
export function metricMonitor(i: number): Record<string, unknown> {
  const m = METRICS[i % METRICS.length];
  const agg = AGGREGATORS[Math.floor(i / METRICS.length) % AGGREGATORS.length];
  const window = WINDOWS[i % WINDOWS.length];
  const team = `team-${pad(i % 17, 2)}`;
  const service = `svc-${pad(i, 5)}`;
  const factor = 1 + (i % 7) / 10;
  const critical = round(m.scale * (m.above ? factor : 1 / factor));
  const warning = round(m.above ? critical * 0.8 : critical * 1.25);
  const op = m.above ? '>' : '<';
  const groups = m.by
    .split(',')
    .map((g) => `{{${g}.name}}`)
    .join(' ');
  return {
    name: `[Torq] ${m.metric} ${m.above ? 'high' : 'low'} on ${service} ${groups}`,
    type: 'query alert',
    query: `${agg}(${window}):${agg}:${m.metric}{service:${service},env:prod} by {${m.by}} ${op} ${critical}`,
    message:
      `{{#is_alert}}${m.metric} on ${service} ${groups} is ${m.above ? 'above' : 'below'} {{threshold}}${m.unit} (now {{value}}${m.unit}).{{/is_alert}}\n` +
      `{{#is_warning}}${m.metric} on ${service} is near its threshold ({{warn_threshold}}${m.unit}).{{/is_warning}}\n` +
      `{{#is_recovery}}${m.metric} on ${service} is back to normal.{{/is_recovery}}\n\n` +
      `Torq runs the ${team} playbook for ${service}.`,
    tags: ['integration:torq', `team:${team}`, `service:${service}`],
    priority: (i % 5) + 1,
    options: {
      thresholds: { critical, warning },
      notify_no_data: i % 3 === 0,
      no_data_timeframe: i % 3 === 0 ? 20 : null,
      new_group_delay: 300,
      renotify_interval: [0, 60, 120][i % 3],
      include_tags: true,
      require_full_window: false,
      notify_audit: false,
      evaluation_delay: i % 4 === 0 ? 60 : 0,
    },
  };
}

/** One org file; orgs differ in site, tags, routing, overrides, keys and webhook auth. */
export function orgFile(o: number, monitorIds: readonly string[], layout: WorkloadLayout): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  // A few overrides per org, on ids the org deploys: the loader's and the constructs' other paths.
  for (let k = 0; k < Math.min(5, monitorIds.length); k++) {
    const id = monitorIds[(o * 7 + k * 13) % monitorIds.length];
    overrides[id] =
      k % 2 === 0
        ? { notifyOn: ['alert', 'recovery'], tags: [`owner:org-${pad(o, 2)}`] }
        : { priority: 1, thresholds: { warning: null }, options: { renotify_interval: 30 } };
  }
  return {
    description: `Benchmark org ${o}`,
    site: SITES[o % SITES.length],
    webhooks: o % 4 === 3 ? [{ name: 'torq', authHeader: 'X-Torq-Token' }] : [{ name: 'torq' }],
    monitors: {
      include: layout === 'per-org' ? [`o${pad(o, 2)}_*`] : ['*'],
      notifyOn: o % 2 === 0 ? 'all' : ['alert', 'warning', 'no_data'],
      overrides,
    },
    health: { notify: [`@slack-org-${pad(o, 2)}-ops`] },
    tags: ['managed-by:torq-datadog-as-code', `org:org-${pad(o, 2)}`],
    // Remote state, as a multi-org setup deployed from CI has (synth refuses local state when CI is set).
    backend: { type: 's3', bucket: 'torq-datadog-state', region: 'us-east-1' },
    keys: o % 5 === 4 ? { create: false } : { create: true, serviceAccountEmail: `torq-automation+${o}@example.com` },
  };
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes the project into `root` (created; must be empty or absent). Returns the org names. */
export function writeWorkload(root: string, opts: WorkloadOptions): string[] {
  const layout = opts.layout ?? 'shared';
  for (const dir of ['orgs', 'monitors']) fs.mkdirSync(path.join(root, dir), { recursive: true });
  const names: string[] = [];
  for (let o = 0; o < opts.orgs; o++) {
    const ids: string[] = [];
    for (let i = 0; i < opts.monitors; i++) ids.push(layout === 'per-org' ? monitorId(i, o) : monitorId(i));
    if (layout === 'per-org' || o === 0) {
      ids.forEach((id, i) => writeJson(path.join(root, 'monitors', `${id}.json`), metricMonitor(layout === 'per-org' ? o * opts.monitors + i : i)));
    }
    const name = orgName(o);
    writeJson(path.join(root, 'orgs', `${name}.json`), orgFile(o, ids, layout));
    names.push(name);
  }
  if (opts.assetsFrom) {
    const dash = path.join(opts.assetsFrom, 'dashboards');
    if (fs.existsSync(dash)) fs.cpSync(dash, path.join(root, 'dashboards'), { recursive: true });
    const sc = path.join(opts.assetsFrom, 'service_checks.json');
    if (fs.existsSync(sc)) fs.copyFileSync(sc, path.join(root, 'service_checks.json'));
  }
  return names;
}
