/** Service-check metadata in the integrations' format (assets/service_checks.json). */
import type { ServiceCheckModel } from './model';

const isString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * The well-formed entries of a service-check file, which become health monitors. What is wrong
 * with the others is reported by the integrations tooling's rules (src/validate/serviceChecks.ts),
 * which run on every synth. `{}` (shipped by two published integrations) holds no checks.
 */
export function serviceCheckModels(raw: unknown): ServiceCheckModel[] {
  if (!Array.isArray(raw)) return [];
  return (raw as unknown[]).filter((x): x is ServiceCheckModel => {
    if (typeof x !== 'object' || x === null) return false;
    const e = x as Record<string, unknown>;
    return (
      isString(e.agent_version) &&
      isString(e.integration) &&
      isString(e.check) &&
      isString(e.name) &&
      typeof e.description === 'string' &&
      isStrings(e.statuses) &&
      isStrings(e.groups)
    );
  });
}
