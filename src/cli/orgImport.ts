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
import { baseUrlFromHost, siteBaseUrl } from '../import/api';
import { ImportOptions, Io, MonitorFilter, importOrg, parseMonitorFilter } from '../import/importOrg';
import { isEntryPoint } from './entry';
import { ArgCursor, CommandSpec, answerHelp, looksLikeOption, unknownOption, usageLine, EXIT } from './args';

export const ORG_IMPORT: CommandSpec = {
  name: 'org:import',
  synopsis: '<org> [--monitors <filter>]... [--dashboards <title text>] [--no-dashboards] [--no-webhooks] [--overwrite] [--catalog-wins] [--prune] [--dry-run]',
  summary:
    "Adopts what a Datadog org already has (its Torq webhook, the monitors that notify it, the Torq dashboard): reads the org through the Datadog API, read-only, and writes the org's own files (orgs/<org>/monitors/, orgs/<org>/dashboards/), its overrides, and the `adopt` section of orgs/<org>.json, " +
    'so that the first deploy imports those resources and changes nothing live (live values win; what it cannot carry is listed). Everything is validated before anything is written; a second run changes no file. ' +
    'The org file must exist (npm run org:new first); its site says which Datadog site is read.',
  options: [
    {
      flag: '--monitors',
      value: '<filter>',
      help: "Which monitors (repeatable): webhook (the default: those that mention one of the org's webhooks), all, tag:<tag>, id:<id>[,<id>], name:<text>.",
    },
    {
      flag: '--dashboards',
      value: '<title text>',
      help: 'Dashboards whose title contains the text (default: titles containing "torq" or equal to a catalog dashboard\'s).',
    },
    { flag: '--no-dashboards', help: 'Do not read dashboards.' },
    { flag: '--no-webhooks', help: 'Do not read webhooks.' },
    {
      flag: '--overwrite',
      help: "Take the org's version over catalog files that differ (every org that deploys the file gets it); no twin overrides are then needed.",
    },
    {
      flag: '--catalog-wins',
      help: "A live monitor that adopts a catalog file with other values takes the catalog's values on the first apply (default: live values win, kept as this org's overrides); the fields it will change are listed.",
    },
    { flag: '--prune', help: 'Remove adopt entries whose resource the org no longer has (default: keep them, and name them).' },
    { flag: '--dry-run', help: 'Read, plan and validate; write nothing.' },
    { flag: '--root', value: '<dir>', help: 'The project folder (default: the current folder).' },
  ],
  examples: ['DD_API_KEY=... DD_APP_KEY=... npm run org:import -- eu-prod', 'npm run org:import -- eu-prod --monitors tag:team:secops --dry-run'],
  notes: [
    'Environment: DD_API_KEY and DD_APP_KEY (keys of that org; never written or printed), DD_HOST (optional: another base URL, such as a proxy). ' +
      'Exit codes: 0 done, 1 failed (nothing written) or a usage mistake. See docs/adopting.md.',
  ],
};
const USAGE = usageLine(ORG_IMPORT);

export type ImportArgs = Omit<ImportOptions, 'source'>;

export function parseOrgImportArgs(argv: readonly string[], root: string): ImportArgs | string {
  let org: string | undefined;
  const monitors: MonitorFilter[] = [];
  const opts = { dashboards: true, webhooks: true, overwrite: false, catalogWins: false, prune: false, dryRun: false } as Omit<
    ImportArgs,
    'org' | 'root' | 'monitors'
  >;
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
    else if (looksLikeOption(a)) return unknownOption(a, ORG_IMPORT);
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

/** Resolves keys, site and base URL, then imports. Exit code: 0 done, 1 failed (nothing written) or a usage mistake. */
export async function runOrgImport(args: ImportArgs, io: Io, run: RunImportOptions): Promise<number> {
  const missing = ['DD_API_KEY', 'DD_APP_KEY'].filter((k) => !run.env[k]);
  if (missing.length > 0) {
    io.stderr(
      `org:import: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set; expected an API key and an application key of the org "${args.org}" in DD_API_KEY and DD_APP_KEY (values are never written or printed)`,
    );
    return EXIT.usage;
  }
  // The site comes from the org file; a broken or missing file is reported by importOrg.
  let site: Site | undefined;
  const orgFile = path.join(args.root, 'orgs', `${args.org}.json`);
  const read = readJsonFile(orgFile);
  if (read.ok) site = parseOrgFile(read.value, orgFile).org?.site;
  let baseUrl = site ? siteBaseUrl(site) : 'https://api.datadoghq.com';
  if (run.env.DD_HOST) {
    const fromHost = baseUrlFromHost(run.env.DD_HOST);
    if (typeof fromHost !== 'string') {
      io.stderr(`org:import: ${fromHost.error}`);
      return EXIT.usage;
    }
    baseUrl = fromHost;
  }
  // Loaded here, not at the top: the API client is some 7,000 modules, which --help and usage errors do without.
  const { DatadogReader } = await import('../import/datadog');
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

/** The command: argv in (relative paths from cwd), lines out, exit code returned; never rejects. */
export async function orgImportMain(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const help = answerHelp(ORG_IMPORT, argv);
  if (help !== undefined) return help;
  const args = parseOrgImportArgs(argv, cwd);
  if (typeof args === 'string') {
    io.stderr(`org:import: ${args}`);
    return EXIT.usage;
  }
  try {
    return await runOrgImport(args, io, { env });
  } catch (e) {
    io.stderr(`org:import: unexpected failure: ${e instanceof Error ? e.message : String(e)}; nothing was written`);
    return EXIT.failed;
  }
}

if (isEntryPoint('orgImport')) {
  const io: Io = { stdout: (l) => process.stdout.write(`${l}\n`), stderr: (l) => process.stderr.write(`${l}\n`) };
  void orgImportMain(process.argv.slice(2), process.cwd(), process.env, io).then((code) => {
    process.exitCode = code;
  });
}
