/**
 * Service-check metadata in the integrations' format (assets/service_checks.json), as the
 * integrations tooling checks it: an array of entries with exactly seven attributes.
 */
import { Finding, show, subPath } from '../config/findings';
import { didYouMean } from '../config/suggest';

export const SERVICE_CHECK_ATTRIBUTES = ['agent_version', 'integration', 'check', 'statuses', 'groups', 'name', 'description'] as const;
export const SERVICE_CHECK_STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateServiceChecks(raw: unknown, file: string): Finding[] {
  const out: Finding[] = [];
  const error = (path: string, message: string) => out.push({ file, path, severity: 'error', message });
  if (isObject(raw) && Object.keys(raw).length === 0) {
    out.push({ file, path: '$', severity: 'warning', message: 'found {} where a JSON array is expected; read as no service checks (expected [])' });
    return out;
  }
  if (!Array.isArray(raw)) {
    error('$', `expected a JSON array of service checks, found ${show(raw)}`);
    return out;
  }
  const checks = new Map<string, number>();
  const names = new Map<string, number>();
  raw.forEach((e, i) => {
    const at = `$[${i}]`;
    if (!isObject(e)) {
      error(at, `expected a service check object {agent_version, integration, check, statuses, groups, name, description}, found ${show(e)}`);
      return;
    }
    for (const k of Object.keys(e)) {
      if (!(SERVICE_CHECK_ATTRIBUTES as readonly string[]).includes(k)) {
        error(subPath(at, k), `unexpected attribute ${show(k)}${didYouMean(k, SERVICE_CHECK_ATTRIBUTES)}; expected exactly ${SERVICE_CHECK_ATTRIBUTES.join(', ')}`);
      }
    }
    for (const k of SERVICE_CHECK_ATTRIBUTES) {
      if (!(k in e)) error(subPath(at, k), `required attribute ${show(k)} is missing; expected exactly ${SERVICE_CHECK_ATTRIBUTES.join(', ')}`);
    }
    for (const k of ['integration', 'check', 'name', 'description'] as const) {
      if (k in e && (typeof e[k] !== 'string' || (e[k] as string).trim() === '')) {
        error(subPath(at, k), `${k} ${show(e[k])} is not a non-empty string; expected e.g. ${k === 'check' ? '"torq.can_connect"' : 'a short text'}`);
      }
    }
    if ('agent_version' in e && (typeof e.agent_version !== 'string' || !/^\d+\.\d+\.\d+$/.test(e.agent_version))) {
      error(subPath(at, 'agent_version'), `agent_version ${show(e.agent_version)} is not a version x.y.z; expected e.g. "7.0.0"`);
    }
    if ('statuses' in e) {
      const s = e.statuses;
      if (!Array.isArray(s) || s.length === 0) {
        error(subPath(at, 'statuses'), `statuses ${show(s)} is not a non-empty list; expected some of ${SERVICE_CHECK_STATUSES.join(', ')}`);
      } else {
        const seen = new Set<unknown>();
        s.forEach((v, j) => {
          if (!(SERVICE_CHECK_STATUSES as readonly unknown[]).includes(v)) {
            error(subPath(at, 'statuses', j), `unknown status ${show(v)}${typeof v === 'string' ? didYouMean(v, SERVICE_CHECK_STATUSES) : ''}; expected one of ${SERVICE_CHECK_STATUSES.join(', ')}`);
          } else if (seen.has(v)) {
            error(subPath(at, 'statuses', j), `status ${show(v)} is listed twice; expected each status once`);
          }
          seen.add(v);
        });
      }
    }
    if ('groups' in e && (!Array.isArray(e.groups) || e.groups.some((g) => typeof g !== 'string'))) {
      error(subPath(at, 'groups'), `groups ${show(e.groups)} is not a list of strings; expected e.g. ["host", "endpoint"]`);
    }
    for (const [k, seen] of [['check', checks], ['name', names]] as const) {
      const v = e[k];
      if (typeof v !== 'string') continue;
      const first = seen.get(v);
      if (first !== undefined) error(subPath(at, k), `${k} ${show(v)} is already used by $[${first}]; expected each ${k} once in the file`);
      else seen.set(v, i);
    }
  });
  return out;
}
