/**
 * `npm run org:import -- <org> [--monitors <filter>]... [--dashboards <title>] [--no-dashboards]
 *  [--no-webhooks] [--overwrite] [--catalog-wins] [--prune] [--dry-run]`
 *
 * Reads the org through the Datadog API (keys from DD_API_KEY and DD_APP_KEY, site from the org
 * file, base URL overridable with DD_HOST) and writes the catalog files and the org file's
 * `adopt` section. Read-only against Datadog. See src/import/importOrg.ts.
 */
import * as path from 'path';
import { readJsonFile } from '../config/json';
import { parseOrgFile } from '../config/project';
import type { Site } from '../config/sites';
import { show } from '../config/findings';
import { DatadogReader, baseUrlFromHost, siteBaseUrl } from '../import/datadog';
import { ImportOptions, Io, MonitorFilter, importOrg, parseMonitorFilter } from '../import/importOrg';
import { isEntryPoint } from './entry';
import { ArgCursor } from './args';

const USAGE =
  'usage: npm run org:import -- <org> [--monitors <webhook|all|tag:<tag>|id:<id,...>|name:<text>>]... [--dashboards <title text>] [--no-dashboards] [--no-webhooks] [--overwrite] [--catalog-wins] [--prune] [--dry-run]';

export type ImportArgs = Omit<ImportOptions, 'source'>;

export function parseOrgImportArgs(argv: readonly string[], root: string): ImportArgs | string {
  let org: string | undefined;
  const monitors: MonitorFilter[] = [];
  const opts = { dashboards: true, webhooks: true, overwrite: false, catalogWins: false, prune: false, dryRun: false } as Omit<ImportArgs, 'org' | 'root' | 'monitors'>;
  const args = new ArgCursor(argv);
  const value = () => args.value();
  for (let a = args.next(); a !== undefined; a = args.next()) {
    if (a === '--monitors') {
      const v = value();
      if (v === undefined) return `--monitors needs a filter; ${USAGE}`;
      const f = parseMonitorFilter(v);
      if (typeof f === 'string') return `--monitors ${show(v)}: ${f}`;
      monitors.push(f);
    } else if (a === '--dashboards') {
      const v = value();
      if (v === undefined) return `--dashboards needs a title text; ${USAGE}`;
      opts.dashboardTitle = v;
    } else if (a === '--root') {
      const v = value();
      if (v === undefined) return `--root needs a folder; ${USAGE}`;
      root = path.resolve(root, v);
    } else if (a === '--no-dashboards') opts.dashboards = false;
    else if (a === '--no-webhooks') opts.webhooks = false;
    else if (a === '--overwrite') opts.overwrite = true;
    else if (a === '--catalog-wins') opts.catalogWins = true;
    else if (a === '--prune') opts.prune = true;
    else if (a === '--dry-run') opts.dryRun = true;
    else if (a.startsWith('--')) return `unknown option ${show(a)}; ${USAGE}`;
    else if (org === undefined) org = a;
    else return `unexpected argument ${show(a)} (the org is ${show(org)}); ${USAGE}`;
  }
  if (org === undefined) return `missing the org name; ${USAGE}`;
  return { org, root, monitors, ...opts };
}

export interface RunImportOptions {
  env: NodeJS.ProcessEnv;
  /** Test hooks: fast retries, small pages. */
  sleep?: (ms: number) => Promise<void>;
  monitorPageSize?: number;
  dashboardPageSize?: number;
}

/** Resolves keys, site and base URL, then imports. Exit code: 0 done, 1 failed (nothing written), 2 usage. */
export async function runOrgImport(args: ImportArgs, io: Io, run: RunImportOptions): Promise<number> {
  const missing = ['DD_API_KEY', 'DD_APP_KEY'].filter((k) => !run.env[k]);
  if (missing.length > 0) {
    io.stderr(`org:import: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set; expected an API key and an application key of the org "${args.org}" in DD_API_KEY and DD_APP_KEY (values are never written or printed)`);
    return 2;
  }
  // The site comes from the org file; a broken or missing file is reported by importOrg.
  let site: Site | undefined;
  const orgFile = path.join(args.root, 'orgs', `${args.org}.json`);
  const read = readJsonFile(orgFile);
  if (read.ok) site = parseOrgFile(read.value, orgFile).org?.site as Site | undefined;
  let baseUrl = site ? siteBaseUrl(site) : 'https://api.datadoghq.com';
  if (run.env.DD_HOST) {
    const fromHost = baseUrlFromHost(run.env.DD_HOST);
    if (typeof fromHost !== 'string') {
      io.stderr(`org:import: ${fromHost.error}`);
      return 2;
    }
    baseUrl = fromHost;
  }
  const reader = new DatadogReader({
    apiKey: run.env.DD_API_KEY!,
    appKey: run.env.DD_APP_KEY!,
    baseUrl,
    site: site ?? 'unknown',
    sleep: run.sleep,
    monitorPageSize: run.monitorPageSize,
    dashboardPageSize: run.dashboardPageSize,
    log: (l) => io.stderr(l),
  });
  const source = run.env.DD_HOST ? `${new URL(baseUrl).host} (DD_HOST)` : new URL(baseUrl).host;
  return importOrg({ ...args, source }, reader, io);
}

if (isEntryPoint('orgImport')) {
  const io: Io = { stdout: (l) => process.stdout.write(`${l}\n`), stderr: (l) => process.stderr.write(`${l}\n`) };
  const args = parseOrgImportArgs(process.argv.slice(2), process.cwd());
  if (typeof args === 'string') {
    io.stderr(`org:import: ${args}`);
    process.exitCode = 2;
  } else {
    runOrgImport(args, io, { env: process.env }).then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        io.stderr(`org:import: unexpected failure: ${e instanceof Error ? e.message : String(e)}; nothing was written`);
        process.exitCode = 1;
      },
    );
  }
}
