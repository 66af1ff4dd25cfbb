/**
 * What the first apply changes on a live dashboard: the live dashboard against the JSON synth
 * deploys, compared the way datadog_dashboard_json 3.82.0 does (resource_datadog_dashboard_json.go,
 * prepResource): server-owned fields and widget ids dropped, notify_list order-free, and
 * is_read_only dropped when restricted_roles is present, else compared as false when missing (synth
 * deploys a file's is_read_only true as restricted_roles [READ_ONLY_ROLE]).
 */
import type { FieldChange } from '../../config/fieldChange';
import { stripDashboardServerFields } from '../../config/dashboard';
import { MONITOR_REFERENCE } from '../../config/references';
import { READ_ONLY_ROLE } from '../../stack';
import type { Json } from '../datadog';
import { brief, leafDiffs, sameValue } from './canonical';
import { isObject } from '../../config/json';

/** Fields the provider compares in its own way (below), not key by key. */
const SPECIAL = ['is_read_only', 'restricted_roles'];

/** The dashboard as the provider compares it: notify_list sorted. */
function prepared(d: Json): Json {
  const out = stripDashboardServerFields(d);
  for (const k of SPECIAL) delete out[k];
  if (Array.isArray(out.notify_list)) out.notify_list = [...(out.notify_list as unknown[])].map(String).sort();
  return out;
}

/**
 * `deployed` is the dashboard JSON of the org model (monitor references `${monitor.<id>}`), `monitorIds`
 * the adopted monitors' Datadog ids by catalog id, `roles` the live role id -> name map.
 */
export function dashboardApplyChanges(
  raw: Json,
  deployed: Json,
  deployedRoleNames: readonly string[],
  monitorIds: Record<string, number>,
  roles: Map<string, string> | undefined,
): FieldChange[] {
  const text = JSON.stringify(deployed).replace(MONITOR_REFERENCE, (ref, id: string) => (monitorIds[id] === undefined ? ref : String(monitorIds[id])));
  const sent = prepared(JSON.parse(text) as Json);
  const live = prepared(raw);
  const out: FieldChange[] = [];
  for (const k of [...new Set([...Object.keys(live), ...Object.keys(sent)])].sort()) {
    if (!sameValue(live[k], sent[k])) out.push(...leafDiffs(live[k], sent[k], k));
  }
  const liveRoles = (Array.isArray(raw.restricted_roles) ? raw.restricted_roles.map(String) : []).map((id) => roles?.get(id) ?? id).sort();
  // is_read_only true with no restricted_roles is deployed as restricted_roles [the admin role] (src/stack.ts).
  const readOnlyAsRole = deployed.is_read_only === true && !Array.isArray(deployed.restricted_roles) ? [READ_ONLY_ROLE] : [];
  const sentRoles = [
    ...(Array.isArray(deployed.restricted_roles) ? deployed.restricted_roles.map(String) : []),
    ...deployedRoleNames,
    ...readOnlyAsRole,
  ].sort();
  if (!sameValue(liveRoles, sentRoles)) {
    const why =
      readOnlyAsRole.length > 0
        ? `: is_read_only true is deployed as an edit restriction to the ${READ_ONLY_ROLE} (the same people may edit: the author and admins)`
        : '';
    out.push({ field: 'restricted_roles', before: brief(liveRoles), after: brief(sentRoles), ...(why === '' ? {} : { note: why.slice(2) }) });
  }
  if (raw.is_read_only === true && sentRoles.length === 0) {
    out.push({
      field: 'is_read_only',
      before: 'true',
      after: 'false',
      note: 'datadog_dashboard_json compares a missing is_read_only as false, so the dashboard becomes editable by everyone; set dashboards.overrides.<id>.restrictedRoles to keep it restricted',
    });
  }
  return out;
}

export { isObject };
