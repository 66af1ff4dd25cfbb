/** Service-check metadata in the integrations' format (assets/service_checks.json). */
import { Finding, show } from './findings';
import type { ServiceCheckModel } from './model';

/**
 * Reads the entries this package turns into health monitors. Structure is checked here just enough
 * to build them; the integrations tooling's full rules run in src/validate.
 */
export function parseServiceChecks(raw: unknown, file: string): { checks: ServiceCheckModel[]; findings: Finding[] } {
  const findings: Finding[] = [];
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0) {
    // Two published integrations ship `{}`; the integrations tooling reads it as no checks.
    findings.push({ file, path: '$', severity: 'warning', message: 'found {} where a list is expected; read as no service checks; expected []' });
    return { checks: [], findings };
  }
  if (!Array.isArray(raw)) {
    findings.push({ file, path: '$', severity: 'error', message: `expected a JSON array of service checks, found ${show(raw)}` });
    return { checks: [], findings };
  }
  const checks: ServiceCheckModel[] = [];
  raw.forEach((e, i) => {
    const at = `$[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      findings.push({ file, path: at, severity: 'error', message: `expected a service check object, found ${show(e)}` });
      return;
    }
    const o = e as Record<string, unknown>;
    const strings = ['agent_version', 'integration', 'check', 'name', 'description'] as const;
    let ok = true;
    for (const k of strings) {
      if (typeof o[k] !== 'string' || (o[k] as string).trim() === '') {
        findings.push({ file, path: `${at}.${k}`, severity: 'error', message: `expected a non-empty string, found ${show(o[k])}` });
        ok = false;
      }
    }
    for (const k of ['statuses', 'groups'] as const) {
      if (!Array.isArray(o[k]) || !(o[k] as unknown[]).every((x) => typeof x === 'string')) {
        findings.push({ file, path: `${at}.${k}`, severity: 'error', message: `expected a list of strings, found ${show(o[k])}` });
        ok = false;
      }
    }
    if (ok) checks.push(o as unknown as ServiceCheckModel);
  });
  return { checks, findings };
}
