/**
 * The whole project, checked as synth deploys it: the config loaders' findings, then every rule of
 * src/validate over each org's resolved model (monitors with their overrides and Torq routing,
 * webhooks, health monitors), over the shared dashboards and service-check files, and over each
 * org's own dashboards and monitors (orgs/<org>/dashboards, orgs/<org>/monitors).
 * Synth and `npm run validate` both run this, so they agree on every finding.
 */
import { checkServiceAccountEmail } from './access';
import { Finding, hasErrors, jsonPath, subPath } from '../config/findings';
import { Catalog, LoadOptions, loadProject } from '../config/project';
import type { OrgModel, ProjectModel } from '../config/model';
import type { LoadedMonitor } from '../config/monitor';
import { validateMonitor, watchesTorq } from './monitor';
import { validateWebhook } from './webhook';
import { validateDashboard } from './dashboard';
import { validateServiceChecks } from './serviceChecks';
import { isGluedMention, MonitorContext, validateMessage } from './message';
import { criticalMismatch, criticalMismatchMessage } from './thresholds';

export interface CheckResult {
  /** Set only when there is no error: ready for synth. */
  project?: ProjectModel;
  /** Every resolved org, even when some files have errors. */
  orgs: OrgModel[];
  catalog?: Catalog;
  findings: Finding[];
}

/** The monitor context an org gives: its Torq webhooks, and the checks of Torq's own heartbeat. */
export function orgContext(org: Pick<OrgModel, 'webhooks' | 'externalWebhooks'>, catalog: Pick<Catalog, 'serviceChecks'>): MonitorContext {
  return {
    webhooks: org.webhooks.map((w) => w.name),
    externalWebhooks: org.externalWebhooks ?? [],
    heartbeatChecks: catalog.serviceChecks.map((c) => c.check),
  };
}

/** Rules over one resolved org. Monitor findings point at the catalog file the monitor came from. */
export function validateOrg(org: OrgModel, catalog: Catalog, overridden: ReadonlySet<string> = new Set(), own: readonly LoadedMonitor[] = []): Finding[] {
  const out: Finding[] = [];
  const ctx = orgContext(org, catalog);
  org.webhooks.forEach((w, i) => {
    out.push(
      ...validateWebhook(
        {
          name: w.name,
          payload: w.payload,
          customHeaders: w.authHeader ? JSON.stringify({ [w.authHeader.name]: `$${w.authHeader.customVariable}` }) : undefined,
          encodeAs: w.encodeAs,
          customVariables: w.authHeader ? [w.authHeader.customVariable] : [],
        },
        org.file,
        `$.webhooks[${i}]`,
      ),
    );
  });
  // The file each deployed monitor came from: the shared catalog, or the org's own folder.
  const byId = new Map([...catalog.monitors, ...own].map((m) => [m.id, m]));
  for (const m of org.monitors) {
    const source = byId.get(m.id);
    const loaded: LoadedMonitor = {
      id: m.id,
      file: m.file,
      definitionPath: source?.definitionPath ?? '$',
      definition: m.definition,
      unreadable: source?.unreadable,
    };
    // A glued mention is judged on the catalog's text (catalogTextFindings), where the user wrote
    // it: routing removes the org's own mentions, glued or not, and moves the text around.
    let found = validateMonitor(loaded, ctx).filter((f) => !isGluedMention(f) && !undeclaredRouting(f, m.webhook, ctx, source));
    // Routing is the org file's: the fix for a loop is there, not in the monitor's message.
    if (m.webhook !== undefined && watchesTorq(m.definition.query, ctx.heartbeatChecks)) {
      found = found.map((f) =>
        f.path.endsWith('.message') && f.message.includes('Torq webhook')
          ? { ...f, message: `${f.message} (${org.file} routes it to Torq: set "monitors.overrides.${m.id}.webhook" to null there, or exclude it)` }
          : f,
      );
    }
    // A critical threshold the catalog file agrees with its query on, changed by the org's
    // `options` override: the fix is in the org file (`thresholds.critical` moves both together).
    const mismatch = criticalMismatch(m.definition);
    let fromOrg: Finding | undefined;
    if (mismatch && source && !criticalMismatch(source.definition)) {
      const message = criticalMismatchMessage(mismatch);
      const at = subPath(loaded.definitionPath, 'options', 'thresholds', 'critical');
      const overrides = (...seg: string[]) => jsonPath(['monitors', 'overrides', m.id, ...seg]);
      const c = mismatch.query.comparator;
      found = found.filter((f) => !(f.path === at && f.message === message));
      fromOrg = {
        file: org.file,
        path: overrides('options', 'thresholds', 'critical'),
        severity: 'error',
        message:
          `critical threshold ${mismatch.critical} does not match the threshold of the query in ${m.file} (\`${c} ${mismatch.query.threshold}\`); ` +
          `expected the same number in both: set ${overrides('thresholds', 'critical')} to ${mismatch.critical} instead (it sets the query's threshold to \`${c} ${mismatch.critical}\` as well), ` +
          `or critical here to ${mismatch.query.threshold}`,
      };
    }
    const note = overridden.has(m.id) ? ` (as deployed to ${org.file}, with its overrides for ${JSON.stringify(m.id)})` : '';
    out.push(...(note ? found.map((f) => ({ ...f, message: f.message + note })) : found));
    if (fromOrg) out.push(fromOrg);
  }
  for (const m of org.healthMonitors) {
    out.push(...validateMonitor({ id: m.id, file: m.file, definitionPath: '$', definition: m.definition }, ctx));
  }
  out.push(...checkServiceAccountEmail(org));
  return out;
}

/**
 * A mention of an undeclared webhook that the org's routing wrote (`monitors.webhook` or an
 * override's `webhook`, which the org loader reports once, at the org file), and the monitor's own
 * file does not: blaming every routed monitor, at a line of a message its file does not hold, hides
 * the one cause.
 */
function undeclaredRouting(f: Finding, webhook: string | undefined, ctx: MonitorContext, source: LoadedMonitor | undefined): boolean {
  if (webhook === undefined || (ctx.webhooks ?? []).includes(webhook)) return false;
  const mention = `@webhook-${webhook}`;
  if ((source?.definition.message ?? '').includes(mention)) return false;
  return f.message.startsWith(`${mention} at `) && f.message.includes('names no declared webhook');
}

/**
 * Rules over a catalog monitor's text as written, whichever org deploys it: a mention glued to the
 * word before it (`ticket@webhook-torq`) never notifies, and routing would otherwise hide it.
 */
export function catalogTextFindings(m: LoadedMonitor): Finding[] {
  const texts: [string, string | undefined][] = [
    ['message', m.definition.message],
    ['escalation_message', m.definition.options.escalation_message],
  ];
  return texts.flatMap(([key, text]) =>
    text
      ? validateMessage(
          text,
          key === 'message' ? subPath(m.definitionPath, 'message') : subPath(m.definitionPath, 'options', 'escalation_message'),
          m.file,
        ).filter(isGluedMention)
      : [],
  );
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\u0000${f.path}\u0000${f.severity}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Loads and validates a project folder. */
export function checkProject(root: string, options: LoadOptions = {}): CheckResult {
  const loaded = loadProject(root, options);
  const findings = [...loaded.findings];
  const { catalog } = loaded;
  if (catalog) {
    for (const d of catalog.dashboards) findings.push(...validateDashboard(d.raw, d.file));
    for (const f of catalog.serviceCheckFiles) findings.push(...validateServiceChecks(f.raw, f.file));
    for (const m of catalog.monitors) findings.push(...catalogTextFindings(m));
    const deployed = new Set<string>();
    for (const org of loaded.orgs) {
      const own = loaded.ownFiles?.get(org.name);
      findings.push(...validateOrg(org, catalog, loaded.overridden?.get(org.name), own?.monitors));
      for (const m of org.monitors) deployed.add(m.id);
      // An org's own dashboards (orgs/<org>/dashboards/*.json): the same rules as when the file's
      // path is given to `npm run validate`, so both ways give the same findings.
      for (const d of own?.dashboards ?? []) findings.push(...validateDashboard(d.raw, d.file));
      for (const m of own?.monitors ?? []) findings.push(...catalogTextFindings(m));
      // An org's own monitor that its monitors.exclude leaves out is still checked, on its own.
      for (const m of own?.monitors ?? []) if (!org.monitors.some((x) => x.id === m.id)) findings.push(...validateMonitor(m));
    }
    // A catalog monitor no org deploys is still checked, on its own.
    for (const m of catalog.monitors) if (!deployed.has(m.id)) findings.push(...validateMonitor(m));
  }
  const all = dedupe(findings);
  const ok = !hasErrors(all) && loaded.project !== undefined;
  return { project: ok ? loaded.project : undefined, orgs: loaded.orgs, catalog, findings: all };
}
