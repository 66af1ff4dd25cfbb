// Run: node test/validate/bench/dashboard-load.js  (needs ../shared/corpus beside the repository)
// Cold cost of the dashboard rules: bundle src/validate like scripts/run.js does, then time
// requiring it, the first dashboard (models loaded on demand) and a second one (cached).
const path = require('path');
const root = path.resolve(__dirname, '../../..');
require(path.join(root, 'node_modules/esbuild')).buildSync({
  entryPoints: [path.join(root, 'src/validate/index.ts')],
  outfile: path.join(root, '.build/validate-index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'error',
});
const dash = JSON.parse(require('fs').readFileSync(path.join(root, '../shared/corpus/integrations-extras/torq/assets/dashboards/torq_overview.json'), 'utf8'));
const t0 = performance.now();
const v = require(path.join(root, '.build/validate-index.js'));
const t1 = performance.now();
v.validateDashboard(dash, 'torq_overview.json');
const t2 = performance.now();
v.validateDashboard(dash, 'torq_overview.json');
const t3 = performance.now();
const t4 = performance.now();
require(path.join(root, 'node_modules/@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/ObjectSerializer'));
const t5 = performance.now();
console.log(
  `require src/validate: ${(t1 - t0).toFixed(1)} ms; first dashboard (torq_overview, models loaded on demand): ${(t2 - t1).toFixed(1)} ms; again: ${(t3 - t2).toFixed(1)} ms; for comparison, requiring the v1 ObjectSerializer: ${(t5 - t4).toFixed(1)} ms`,
);
