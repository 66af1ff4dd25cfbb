/**
 * Service-check metadata in the integrations' format (assets/service_checks.json), as Datadog's
 * integration checker checks it (`ddev validate service-checks`, DataDog/integrations-core
 * datadog_checks_dev/datadog_checks/dev/tooling/commands/validate/service_checks.py): an array of
 * entries with exactly seven attributes (REQUIRED_ATTRIBUTES), agent_version x.y.z
 * (parse_version_parts), non-empty check, name and description strings, check and name unique in
 * the file, statuses a non-empty list of ok/warning/critical/unknown, groups a list, and every
 * entry's integration equal to the integration's display name.
 */
import { Finding, show, subPath } from '../config/findings';
import { didYouMean } from '../config/suggest';
import { isObject } from '../config/json';

export const SERVICE_CHECK_ATTRIBUTES = ['agent_version', 'integration', 'check', 'statuses', 'groups', 'name', 'description'] as const;
export const SERVICE_CHECK_STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;

/**
 * A service check name: lower-case letters, digits, dots and underscores, dot-separated segments
 * none of which is empty, and no leading or trailing underscore (`torq.can_connect`), the rule of
 * Datadog's integration checker for service_checks.json (`ddev validate service-checks`).
 */
export function serviceCheckNameProblem(check: string): string | undefined {
  const bad = check.match(/[^a-z0-9._]/g);
  if (bad) {
    const chars = [...new Set(bad)].map((c) => JSON.stringify(c)).join(', ');
    return `has ${chars}: expected only lower-case letters, digits, "." and "_"${/[A-Z]/.test(check) ? ` (${JSON.stringify(check.toLowerCase())})` : ''}`;
  }
  if (check.split('.').some((seg) => seg === ''))
    return 'has an empty segment (a leading, trailing or doubled "."): expected segments such as "torq.can_connect"';
  if (check.startsWith('_') || check.endsWith('_')) return 'starts or ends with "_": expected a letter or digit there';
  return undefined;
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
  let integration: { name: string; at: number } | undefined;
  raw.forEach((e, i) => {
    const at = `$[${i}]`;
    if (!isObject(e)) {
      error(at, `expected a service check object {agent_version, integration, check, statuses, groups, name, description}, found ${show(e)}`);
      return;
    }
    for (const k of Object.keys(e)) {
      if (!(SERVICE_CHECK_ATTRIBUTES as readonly string[]).includes(k)) {
        error(
          subPath(at, k),
          `unexpected attribute ${show(k)}${didYouMean(k, SERVICE_CHECK_ATTRIBUTES)}; expected exactly ${SERVICE_CHECK_ATTRIBUTES.join(', ')}`,
        );
      }
    }
    for (const k of SERVICE_CHECK_ATTRIBUTES) {
      if (!(k in e)) error(subPath(at, k), `required attribute ${show(k)} is missing; expected exactly ${SERVICE_CHECK_ATTRIBUTES.join(', ')}`);
    }
    for (const k of ['integration', 'check', 'name', 'description'] as const) {
      if (k in e && (typeof e[k] !== 'string' || e[k].trim() === '')) {
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
            error(
              subPath(at, 'statuses', j),
              `unknown status ${show(v)}${typeof v === 'string' ? didYouMean(v, SERVICE_CHECK_STATUSES) : ''}; expected one of ${SERVICE_CHECK_STATUSES.join(', ')}`,
            );
          } else if (seen.has(v)) {
            // The checker accepts a repeated status; it means nothing more than one.
            out.push({ file, path: subPath(at, 'statuses', j), severity: 'warning', message: `status ${show(v)} is listed twice; expected each status once` });
          }
          seen.add(v);
        });
      }
    }
    if ('groups' in e && (!Array.isArray(e.groups) || e.groups.some((g) => typeof g !== 'string'))) {
      error(subPath(at, 'groups'), `groups ${show(e.groups)} is not a list of strings; expected e.g. ["host", "endpoint"]`);
    }
    if (typeof e.check === 'string' && e.check.trim() !== '') {
      const problem = serviceCheckNameProblem(e.check);
      if (problem !== undefined) error(subPath(at, 'check'), `check ${show(e.check)} ${problem}`);
    }
    // The checker compares each entry's integration with the integration's manifest display_name,
    // so one file names one integration (the first entry's, here: this package has no manifest).
    if (typeof e.integration === 'string' && e.integration.trim() !== '') {
      if (integration === undefined) integration = { name: e.integration, at: i };
      else if (e.integration !== integration.name) {
        error(
          subPath(at, 'integration'),
          `integration ${show(e.integration)} differs from ${show(integration.name)} of $[${integration.at}]; expected every entry of one file to name the same integration (its display name)`,
        );
      }
    }
    for (const [k, seen] of [
      ['check', checks],
      ['name', names],
    ] as const) {
      const v = e[k];
      if (typeof v !== 'string') continue;
      const first = seen.get(v);
      if (first !== undefined) error(subPath(at, k), `${k} ${show(v)} is already used by $[${first}]; expected each ${k} once in the file`);
      else seen.set(v, i);
    }
  });
  return out;
}
