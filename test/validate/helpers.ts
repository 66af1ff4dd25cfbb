import * as fs from 'fs';
import * as path from 'path';
import { Finding } from '../../src/config/findings';
import { parseMonitor } from '../../src/config/monitor';
import { MonitorContext, validateMonitor } from '../../src/validate';

export const fixtures = path.resolve(__dirname, '../fixtures/validate');

export function readFixture(rel: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(fixtures, rel), 'utf8'));
}

export function fixtureNames(dir: string): string[] {
  return fs
    .readdirSync(path.join(fixtures, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/** The org context the monitor fixtures are written against. */
export const ORG: MonitorContext = { webhooks: ['torq', 'torq-prod'], heartbeatChecks: ['torq.heartbeat'] };

/** Loads a monitor fixture (which must load cleanly) and validates it. */
export function monitorFindings(rel: string, ctx: MonitorContext = ORG): Finding[] {
  const { monitor, findings } = parseMonitor(readFixture(rel), rel);
  // Loading may warn (server-owned fields of an export), never fail, on these fixtures.
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  return [...findings, ...validateMonitor(monitor!, ctx)];
}

/** Loads and validates a monitor fixture, with the loader's findings too (for inputs the loader refuses). */
export function loadAndValidate(rel: string, ctx: MonitorContext = ORG): Finding[] {
  const { monitor, findings } = parseMonitor(readFixture(rel), rel);
  return [...findings, ...(monitor ? validateMonitor(monitor, ctx) : [])];
}

export const errorsOf = (fs: readonly Finding[]) => fs.filter((f) => f.severity === 'error');

/** `path: message` lines, for readable failures. */
export const lines = (fs: readonly Finding[]) => fs.map((f) => `${f.path}: ${f.severity}: ${f.message}`);

/** Asserts one finding of `severity` at exactly `at` whose message matches every pattern. */
export function expectFinding(found: readonly Finding[], at: string, patterns: RegExp[], severity: 'error' | 'warning' = 'error'): void {
  const hit = found.find((f) => f.path === at && f.severity === severity && patterns.every((p) => p.test(f.message)));
  if (!hit) throw new Error(`expected a ${severity} at ${at} matching ${patterns.join(' and ')}; found:\n${lines(found).join('\n') || '(nothing)'}`);
}
