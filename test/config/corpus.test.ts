/**
 * Acceptance against reality: Datadog's community integrations' monitors, dashboards and
 * service-check files (../shared/corpus) load, and deploy through the real synth, with no error.
 * Skipped, with a message, where the corpus is absent (a user's clone does not have it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS, readJson, synth, tempDir, writeJson } from '../helpers/project';
import { serviceCheckModels } from '../../src/config/serviceChecks';

import { corpusDescribe } from '../helpers/corpus';

const present = fs.existsSync(CORPUS);

function corpusFiles(sub: string): string[] {
  if (!present) return [];
  const out: string[] = [];
  for (const integration of fs.readdirSync(CORPUS).sort()) {
    const dir = path.join(CORPUS, integration, 'assets', sub);
    if (sub.endsWith('.json')) {
      if (fs.existsSync(dir)) out.push(dir);
    } else if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.json')) out.push(path.join(dir, f));
    }
  }
  return out;
}

corpusDescribe('the integrations-extras corpus through synth', CORPUS, () => {
  const monitors = corpusFiles('monitors');
  const dashboards = corpusFiles('dashboards');
  const serviceChecks = corpusFiles('service_checks.json');

  // File counts and the validation rules on each file: test/validate/corpus.test.ts.
  test('the 85 service checks of the corpus become health-monitor models', () => {
    expect(serviceChecks.flatMap((f) => serviceCheckModels(readJson(f)))).toHaveLength(85);
  });

  test('all corpus monitors and dashboards deploy to one org through the real synth', () => {
    const root = tempDir('torq-corpus-');
    fs.mkdirSync(path.join(root, 'monitors'));
    fs.mkdirSync(path.join(root, 'dashboards'));
    const seen = new Set<string>();
    const id = (f: string) => {
      const integration = path.relative(CORPUS, f).split(path.sep)[0];
      let base = `${integration}__${path.basename(f, '.json')}`.replace(/[^A-Za-z0-9_-]/g, '_');
      if (/^[0-9-]/.test(base)) base = `_${base}`;
      while (seen.has(base)) base += '_';
      seen.add(base);
      return base;
    };
    for (const f of monitors) fs.copyFileSync(f, path.join(root, 'monitors', `${id(f)}.json`));
    for (const f of dashboards) fs.copyFileSync(f, path.join(root, 'dashboards', `${id(f)}.json`));
    writeJson(path.join(root, 'orgs', 'corpus.json'), { site: 'us1', keys: { create: false } });
    const r = synth(root);
    expect(r.stderr.filter((l) => l.includes(': error: '))).toEqual([]);
    expect(r.code).toBe(0);
    const s = r.stack('corpus');
    expect(Object.keys(s.resource.datadog_monitor)).toHaveLength(46);
    expect(Object.keys(s.resource.datadog_dashboard_json)).toHaveLength(213);
    for (const m of Object.values<any>(s.resource.datadog_monitor)) expect(m.message).toMatch(/ @webhook-torq$/);
    for (const dash of Object.values<any>(s.resource.datadog_dashboard_json)) {
      const json = JSON.parse(dash.dashboard);
      expect(json.id).toBeUndefined();
      expect(json.is_read_only).toBeUndefined();
    }
  });
});

/**
 * The false-error categories of issue 19 (test/fixtures/validate/exports, shapes Datadog returns),
 * as an org's own files: the real synth deploys them with no error. Needs no corpus.
 */
describe('exports Datadog holds deploy through the real synth', () => {
  test("a fixed-reflow dashboard with groups without layout and float-noise coordinates, and a custom_schedule monitor as GET returns it, as an org's own files", () => {
    const exportsDir = path.resolve(__dirname, '../fixtures/validate/exports');
    const root = tempDir('torq-exports-');
    writeJson(path.join(root, 'orgs', 'acme.json'), { site: 'us1', keys: { create: false } });
    fs.mkdirSync(path.join(root, 'orgs', 'acme', 'dashboards'), { recursive: true });
    fs.mkdirSync(path.join(root, 'orgs', 'acme', 'monitors'), { recursive: true });
    fs.copyFileSync(path.join(exportsDir, 'dashboard-fixed-reflow-groups.json'), path.join(root, 'orgs', 'acme', 'dashboards', 'torq_workflows.json'));
    fs.copyFileSync(path.join(exportsDir, 'monitor-custom-schedule-as-get.json'), path.join(root, 'orgs', 'acme', 'monitors', 'load_business_hours.json'));
    const r = synth(root);
    expect(r.stderr.filter((l) => l.includes(': error: '))).toEqual([]);
    expect(r.code).toBe(0);
    const s = r.stack('acme');
    expect(Object.keys(s.resource.datadog_dashboard_json)).toHaveLength(1);
    expect(Object.keys(s.resource.datadog_monitor)).toHaveLength(1);
  });
});
