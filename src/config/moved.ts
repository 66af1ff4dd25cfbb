/**
 * `moved.json`: catalog files that were renamed. A monitor's or dashboard's Terraform id comes from
 * its file name, so renaming the file would destroy the resource and create a new one (a new
 * Datadog id, its history and mutes lost, links broken). Recording the rename here makes every
 * org that deploys it emit a Terraform `moved` block instead (Terraform >= 1.1), so the next apply
 * keeps the resource and only changes its address in state.
 *
 *   { "monitors": { "service_error_logs": "error_logs" }, "dashboards": { "old": "new" },
 *     "serviceChecks": { "torq.heartbeat": "torq.workflow.heartbeat" } }
 *
 * `serviceChecks` keeps Torq's health monitor of a renamed check (service_checks.json `check`):
 * its Terraform id comes from the check name (`health_torq_heartbeat`).
 */
import { z } from 'zod';
import { Finding, jsonPath, show } from './findings';
import { didYouMean } from './suggest';
import { RESOURCE_ID } from './monitor';
import { zodFindings } from './zodFindings';

const renames = z.record(
  z.string().regex(RESOURCE_ID, 'expected a former file name without .json'),
  z.string().regex(RESOURCE_ID, 'expected a catalog file name without .json'),
);

export const movedFileSchema = z.strictObject({
  $schema: z.string().optional(),
  monitors: renames.default({}).describe('Former catalog id (old file name without .json) -> current catalog id.'),
  dashboards: renames.default({}).describe('Former dashboard file id -> current dashboard file id.'),
  serviceChecks: z
    .record(z.string().min(1, 'expected a former service check name'), z.string().min(1, 'expected a service check name of service_checks.json'))
    .default({})
    .describe('Former service check name (`check` in service_checks.json) -> its current name: keeps the health monitor of a renamed check.'),
});

export interface Renames {
  monitors: Record<string, string>;
  dashboards: Record<string, string>;
  serviceChecks?: Record<string, string>;
}

/**
 * Parses moved.json against the current catalog: each rename must lead to a file that exists now,
 * from a name that no file has any more (else both would be deployed and the move would clash).
 */
export function parseMoved(
  raw: unknown,
  file: string,
  current: { monitors: readonly string[]; dashboards: readonly string[]; serviceChecks?: readonly string[] },
): { renames: Renames; findings: Finding[] } {
  const r = movedFileSchema.safeParse(raw);
  if (!r.success) return { renames: { monitors: {}, dashboards: {} }, findings: zodFindings(movedFileSchema, raw, r.error, file) };
  const findings: Finding[] = [];
  for (const kind of ['monitors', 'dashboards'] as const) {
    const ids = current[kind];
    const folder = kind;
    for (const [from, to] of Object.entries(r.data[kind])) {
      const at = jsonPath([kind, from]);
      if (ids.includes(from)) {
        findings.push({
          file,
          path: at,
          severity: 'error',
          message: `${folder}/${from}.json still exists, so ${show(from)} cannot have moved to ${show(to)}; expected the former name of a file that is gone`,
        });
      }
      if (!ids.includes(to)) {
        findings.push({
          file,
          path: at,
          severity: 'error',
          message: `moves ${show(from)} to ${show(to)}, but there is no ${folder}/${to}.json${didYouMean(to, ids)}; expected the current name of a file in ${folder}/`,
        });
      }
    }
  }
  const checks = current.serviceChecks ?? [];
  for (const [from, to] of Object.entries(r.data.serviceChecks)) {
    const at = jsonPath(['serviceChecks', from]);
    if (checks.includes(from)) {
      findings.push({
        file,
        path: at,
        severity: 'error',
        message: `service_checks.json still has the check ${show(from)}, so it cannot have been renamed to ${show(to)}; expected the former name of a check that is gone`,
      });
    }
    if (!checks.includes(to)) {
      findings.push({
        file,
        path: at,
        severity: 'error',
        message: `renames ${show(from)} to ${show(to)}, but service_checks.json has no check ${show(to)}${didYouMean(to, checks)}; expected the current name of a check`,
      });
    }
  }
  return { renames: r.data, findings };
}
