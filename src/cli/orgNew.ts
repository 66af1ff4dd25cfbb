/**
 * `npm run org:new -- <org> --site <site> [--backend s3|gcs|azurerm|cloud|local <fields>]
 *  [--from <existing-org>] [--service-account-email <addr>] [--notify <@handle>]...`
 *
 * Writes orgs/<org>.json: a fresh org, or (--from) the monitor selection, overrides, routing,
 * webhooks, health, tags and keys of an existing org, with its own site, its own state and
 * nothing adopted. The file is validated through the project's loaders before it is written;
 * an existing org file is never overwritten. Prints where the org's Terraform state lives, the
 * variables and secrets to set and the deploy command.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding, formatFinding, show, sortFindings } from '../config/findings';
import { readJsonFile } from '../config/json';
import { orgNameProblem } from '../config/org';
import { ROLE_ID, parseOrgFile, tfIdentifier } from '../config/project';
import type { BackendConfig } from '../config/org';
import { SITE_NAMES, resolveSite, unknownSiteMessage } from '../config/sites';
import { didYouMean, oneOf } from '../config/suggest';
import { jsonText, loadWithPlannedFiles, writePlannedFiles } from '../import/overlay';
import { deployInstructions } from '../import/variables';
import { isEntryPoint } from './entry';
import { ArgCursor, CommandSpec, OptionSpec, answerHelp, looksLikeOption, unknownOption, usageLine, EXIT } from './args';
import { ALLOW_LOCAL_STATE } from './ciGuard';
import { isObject } from '../config/json';

export interface OrgNewOptions {
  org: string;
  site: string;
  from?: string;
  serviceAccountEmail?: string;
  /** Who hears about Torq's health (health.notify); replaces the source's with --from. */
  notify?: string[];
  /** The org's state backend (--backend and its fields); replaces the source's with --from. */
  backend?: Record<string, unknown>;
  /** The project folder. */
  root: string;
}

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

type BackendType = BackendConfig['type'];
const BACKEND_TYPES: readonly BackendType[] = ['s3', 'gcs', 'azurerm', 'cloud', 'local'];

/** The flags of a backend's fields: flag -> [field, the backends it belongs to, required by them]. */
const BACKEND_FIELDS: Record<string, { field: string; backends: readonly BackendType[]; required: readonly BackendType[]; help: string }> = {
  '--bucket': { field: 'bucket', backends: ['s3', 'gcs'], required: ['s3', 'gcs'], help: 'The S3 or GCS bucket of the state.' },
  '--region': { field: 'region', backends: ['s3'], required: ['s3'], help: "The S3 bucket's AWS region." },
  '--dynamodb-table': { field: 'dynamodbTable', backends: ['s3'], required: [], help: 'A DynamoDB lock table (older; the S3 lock file is on by default).' },
  '--role-arn': { field: 'roleArn', backends: ['s3'], required: [], help: 'An IAM role to assume for the state (s3).' },
  '--profile': { field: 'profile', backends: ['s3'], required: [], help: 'An AWS profile for the state (s3).' },
  '--resource-group': { field: 'resourceGroupName', backends: ['azurerm'], required: ['azurerm'], help: 'The Azure resource group of the storage account.' },
  '--storage-account': { field: 'storageAccountName', backends: ['azurerm'], required: ['azurerm'], help: 'The Azure storage account.' },
  '--container': { field: 'containerName', backends: ['azurerm'], required: ['azurerm'], help: 'The blob container.' },
  '--organization': { field: 'organization', backends: ['cloud'], required: ['cloud'], help: 'The HCP Terraform organization.' },
  '--hostname': { field: 'hostname', backends: ['cloud'], required: [], help: 'The HCP Terraform / Terraform Enterprise host (default app.terraform.io).' },
};

export const ORG_NEW: CommandSpec = {
  name: 'org:new',
  synopsis: '<org> --site <site> [--backend s3|gcs|azurerm|cloud <fields>] [--from <existing-org>] [--service-account-email <address>] [--notify <@handle>]...',
  summary:
    "Writes orgs/<org>.json for a new Datadog org: the torq webhook, every catalog monitor, the dashboards, the health monitors and (with --service-account-email) Torq's keys; " +
    "or, with --from, the choices of an existing org with this org's own site and state and nothing adopted. " +
    'The file is validated before it is written and an existing org file is never overwritten. It then prints where the state lives, the variables and GitHub secrets to set, and the deploy commands. ' +
    'CI refuses local state: give a --backend for an org that CI deploys.',
  options: [
    { flag: '--site', value: '<site>', help: `The Datadog site: ${SITE_NAMES.join(', ')}, or Datadog's name for it (datadoghq.eu, us3.datadoghq.com...).` },
    {
      flag: '--backend',
      value: '<type>',
      help: "Where the org's Terraform state lives: s3 (--bucket, --region), gcs (--bucket), azurerm (--resource-group, --storage-account, --container), cloud (--organization), or local (the default; refused on CI).",
    },
    ...Object.entries(BACKEND_FIELDS).map(([flag, f]): OptionSpec => ({
      flag,
      value: '<value>',
      help: `${f.help} For --backend ${f.backends.join(' or ')}${f.required.length ? '' : ' (optional)'}.`,
    })),
    { flag: '--from', value: '<org>', help: 'Copy the monitor selection, overrides, routing, webhooks, health, tags and keys of orgs/<org>.json.' },
    { flag: '--service-account-email', value: '<address>', help: "Create Torq's API and application keys, on a service account with this email." },
    { flag: '--notify', value: '<@handle>', help: "Who hears about Torq's own health, such as @slack-secops (repeatable)." },
    { flag: '--root', value: '<dir>', help: 'The project folder (default: the current folder).' },
  ],
  examples: [
    'npm run org:new -- eu-prod --site datadoghq.eu --backend s3 --bucket acme-tf-state --region eu-west-1 \\',
    '    --service-account-email torq-automation@acme.example --notify @slack-secops',
    'npm run org:new -- staging --site us5 --backend cloud --organization acme',
    'npm run org:new -- apac --site ap1 --from eu-prod --backend gcs --bucket acme-tf-state',
  ],
  notes: ['Exit codes: 0 written, 1 refused (nothing written) or a usage mistake. See docs/orgs.md.'],
};
const USAGE = usageLine(ORG_NEW);

/** The backend the flags describe, or a usage message. */
function backendFromFlags(type: string | undefined, fields: Map<string, string>): Record<string, unknown> | string | undefined {
  if (type === undefined) {
    if (fields.size === 0) return undefined;
    const flags = [...fields.keys()];
    return `${flags.join(', ')} ${flags.length === 1 ? 'is a field' : 'are fields'} of a state backend; expected --backend ${oneOf(BACKEND_FIELDS[flags[0]].backends)} with ${flags.length === 1 ? 'it' : 'them'}`;
  }
  if (!(BACKEND_TYPES as readonly string[]).includes(type))
    return `unknown backend ${JSON.stringify(type)}${didYouMean(type, BACKEND_TYPES)}; expected one of: ${BACKEND_TYPES.join(', ')}`;
  const t = type as BackendType;
  const backend: Record<string, unknown> = { type: t };
  for (const [flag, value] of fields) {
    const f = BACKEND_FIELDS[flag];
    if (!f.backends.includes(t))
      return `${flag} is a field of --backend ${oneOf(f.backends)}, not of ${t}; the ${t} backend takes ${
        Object.entries(BACKEND_FIELDS)
          .filter(([, x]) => x.backends.includes(t))
          .map(([k]) => k)
          .join(', ') || 'no field'
      }`;
    backend[f.field] = value;
  }
  const missing = Object.entries(BACKEND_FIELDS)
    .filter(([flag, f]) => f.required.includes(t) && !fields.has(flag))
    .map(([flag]) => flag);
  if (missing.length > 0)
    return `--backend ${t} needs ${missing.map((m) => `${m} <value>`).join(' and ')}; expected for example: ${ORG_NEW.examples.find((e) => e.includes(`--backend ${t}`))?.replace(/ \\$/, '') ?? `--backend ${t} ${missing.map((m) => `${m} ...`).join(' ')}`}`;
  return backend;
}

/** Parses the command line; a string is a usage error. */
export function parseOrgNewArgs(argv: readonly string[], root: string): OrgNewOptions | string {
  let org: string | undefined;
  let site: string | undefined;
  let from: string | undefined;
  let serviceAccountEmail: string | undefined;
  let notify: string[] | undefined;
  let backendType: string | undefined;
  const backendFields = new Map<string, string>();
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    if (a === '--site' || a === '--from' || a === '--service-account-email' || a === '--root' || a === '--notify' || a === '--backend' || a in BACKEND_FIELDS) {
      const v = args.value();
      if (v === undefined) return `${a} needs a value; ${USAGE}`;
      if (a === '--site') site = v;
      else if (a === '--from') from = v;
      else if (a === '--root') root = path.resolve(root, v);
      else if (a === '--notify') notify = [...(notify ?? []), v];
      else if (a === '--backend') backendType = v;
      else if (a in BACKEND_FIELDS) backendFields.set(a, v);
      else serviceAccountEmail = v;
    } else if (looksLikeOption(a)) {
      return unknownOption(a, ORG_NEW);
    } else if (org === undefined) {
      org = a;
    } else {
      return `unexpected argument ${show(a)} (the org is ${show(org)}); ${USAGE}`;
    }
  }
  if (org === undefined) return `missing the org name; ${USAGE}`;
  if (site === undefined) return `missing --site; expected one of: ${SITE_NAMES.join(', ')}; ${USAGE}`;
  // A flag's value is a usage mistake like an unknown --backend: the same message form, the same exit.
  if (resolveSite(site) === undefined) return `--site: ${unknownSiteMessage(site)}`;
  const backend = backendFromFlags(backendType, backendFields);
  if (typeof backend === 'string') return backend;
  return { org, site, from, serviceAccountEmail, notify, backend, root };
}

/** Backend settings that name one org's state; a clone gets its own (the per-org defaults). */
const STATE_LOCATION: Record<string, string> = { local: 'path', s3: 'key', gcs: 'prefix', azurerm: 'key', cloud: 'workspace' };

type Json = Record<string, unknown>;

/** The org file for a fresh org. */
function freshOrg(opts: OrgNewOptions): Json {
  return {
    $schema: SCHEMA_REF,
    description: `The ${opts.org} Datadog org (${opts.site}).`,
    site: opts.site,
    webhooks: [{ name: 'torq' }],
    monitors: { include: ['*'], notifyOn: 'all' },
    health: { notify: opts.notify ?? [], noDataTimeframe: 30 },
    tags: ['managed-by:torq-datadog-as-code'],
    keys: opts.serviceAccountEmail ? { create: true, serviceAccountEmail: opts.serviceAccountEmail } : { create: false },
    backend: opts.backend ?? { type: 'local' },
  };
}

/** Where an org file's `$schema` points: schema/org.schema.json, from orgs/. */
const SCHEMA_REF = '../schema/org.schema.json';

/** The org file cloned from another: its choices, with this org's site, state and no adoption. */
function clonedOrg(opts: OrgNewOptions, fromFile: string, source: Json, notes: string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'adopt') {
      notes.push(`not copied: adopt (Datadog ids of ${fromFile}'s own resources; run org:import for this org's)`);
      continue;
    }
    if (key === 'datadogOrg') {
      notes.push(`not copied: datadogOrg (the identity of ${fromFile}'s Datadog org; org:import records this org's)`);
      continue;
    }
    if ((key === 'monitors' || key === 'dashboards') && isObject(value) && isObject(value.overrides)) {
      // Role ids are the other org's: role names resolve per org, ids do not.
      const section = structuredClone(value);
      for (const [id, o] of Object.entries(section.overrides as Json)) {
        if (!isObject(o) || !Array.isArray(o.restrictedRoles)) continue;
        const ids = (o.restrictedRoles as string[]).filter((r) => ROLE_ID.test(r));
        if (ids.length === 0) continue;
        notes.push(`not copied: ${key}.overrides.${id}.restrictedRoles ${ids.join(', ')} (role ids of ${fromFile}'s org; use role names, or this org's ids)`);
        const names = (o.restrictedRoles as string[]).filter((r) => !ROLE_ID.test(r));
        if (names.length > 0) o.restrictedRoles = names;
        else delete o.restrictedRoles;
      }
      out[key] = section;
      continue;
    }
    if (key === 'description') out.description = `The ${opts.org} Datadog org (${opts.site}), created from ${fromFile}.`;
    else if (key === 'site') out.site = opts.site;
    else if (key === '$schema') out.$schema = SCHEMA_REF;
    else if (key === 'backend' && opts.backend) {
      notes.push(`not copied: backend ${show(value)} (${opts.org} uses --backend ${String(opts.backend.type)})`);
      out.backend = opts.backend;
    } else if (key === 'backend' && isObject(value)) {
      const backend = structuredClone(value);
      const field = STATE_LOCATION[String(backend.type)];
      if (field && backend[field] !== undefined) {
        notes.push(`not copied: backend.${field} ${show(backend[field])} (the state of ${fromFile}); ${opts.org} uses its own default`);
        delete backend[field];
      }
      out.backend = backend;
    } else out[key] = structuredClone(value);
  }
  if (out.description === undefined) out.description = `The ${opts.org} Datadog org (${opts.site}), created from ${fromFile}.`;
  if (out.site === undefined) out.site = opts.site;
  if (out.backend === undefined) out.backend = opts.backend ?? { type: 'local' };
  if (opts.serviceAccountEmail) {
    const keys = isObject(out.keys) ? out.keys : {};
    out.keys = { ...keys, create: true, serviceAccountEmail: opts.serviceAccountEmail };
  }
  if (opts.notify) {
    const health = isObject(out.health) ? out.health : {};
    out.health = { ...health, notify: opts.notify };
  }
  // $schema, description and site first, the rest in the source's order.
  const { description, site, $schema: _schema, ...rest } = out;
  return { $schema: SCHEMA_REF, description, site, ...rest };
}

/** Where the org's Terraform state lives, and what CI makes of it. */
export function stateInstructions(org: string, backend: BackendConfig): string[] {
  switch (backend.type) {
    case 'local':
      return [
        `State: local, in ${backend.path ?? `terraform.${org}.tfstate`} at the project root (from cdktf.out/stacks/${org}/): fine on your machine, but lost on a CI runner when the job ends.`,
        `CI refuses local state: with CI set, synth stops on ${`orgs/${org}.json`} until it has a remote backend, so the deploy workflow cannot deploy it yet.`,
        `  Give it one: set "backend" in orgs/${org}.json, e.g. {"type": "s3", "bucket": "...", "region": "..."} (or gcs, azurerm, cloud; org:new --backend writes it).`,
        `  (On a self-hosted runner whose disk outlives the job, ${ALLOW_LOCAL_STATE}=1 allows local state.)`,
      ];
    case 's3':
      return [
        `State: s3://${backend.bucket}/${backend.key ?? `torq-datadog/${org}.tfstate`} (region ${backend.region}), encrypted, locked by ${backend.dynamodbTable ? `the DynamoDB table ${backend.dynamodbTable}` : 'an S3 lock file (Terraform >= 1.10 or OpenTofu >= 1.8)'}. Turn on the bucket's versioning.`,
        'CI deploys it (CI refuses only local state); the deploy job needs AWS credentials for the bucket (AWS_ROLE_ARN and AWS_REGION variables, OIDC).',
      ];
    case 'gcs':
      return [
        `State: gs://${backend.bucket}/${backend.prefix ?? `torq-datadog/${org}`}/, locked natively.`,
        'CI deploys it (CI refuses only local state); the deploy job needs GCP_WORKLOAD_IDENTITY_PROVIDER and GCP_SERVICE_ACCOUNT variables.',
      ];
    case 'azurerm':
      return [
        `State: Azure blob ${backend.key ?? `torq-datadog/${org}.tfstate`} in container ${backend.containerName} of storage account ${backend.storageAccountName} (resource group ${backend.resourceGroupName}), locked by a blob lease.`,
        'CI deploys it (CI refuses only local state); the deploy job needs ARM_CLIENT_ID, ARM_TENANT_ID and ARM_SUBSCRIPTION_ID variables (OIDC).',
      ];
    case 'cloud':
      return [
        `State: HCP Terraform, organization ${backend.organization}, workspace ${backend.workspace ?? `torq-datadog-${org}`}${backend.hostname ? ` on ${backend.hostname}` : ''}, locked by the workspace. Use local execution mode so the deploy job's TF_VAR_ secrets reach terraform.`,
        "CI deploys it (CI refuses only local state); the org's GitHub environment needs the secret TF_API_TOKEN.",
      ];
  }
}

/** The names of the project's org files, sorted. */
function existingOrgs(root: string): string[] {
  const dir = path.join(root, 'orgs');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .sort()
    : [];
}

/** The flag behind a field of a fresh org file (the file is not written yet, so its paths mean nothing to the user). */
function flagOf(jsonPath: string): string | undefined {
  if (jsonPath === '$.site') return '--site';
  if (jsonPath.startsWith('$.health.notify')) return '--notify';
  if (jsonPath.startsWith('$.keys.serviceAccountEmail')) return '--service-account-email';
  const field = /^\$\.backend\.(\w+)/.exec(jsonPath)?.[1];
  return field === undefined ? undefined : Object.entries(BACKEND_FIELDS).find(([, f]) => f.field === field)?.[0];
}

/** A finding of the new org file, told as the flag that made the field (`--notify: error: ...`) when one did. */
function asFlagFinding(f: Finding, rel: string): string {
  const flag = f.file === rel ? flagOf(f.path) : undefined;
  return flag === undefined ? formatFinding(f) : `${flag}: ${f.severity}: ${f.message}`;
}

export function runOrgNew(opts: OrgNewOptions, io: Io): number {
  const fail = (message: string) => {
    io.stderr(message);
    io.stderr('org:new stopped; nothing was written');
    return 1;
  };
  const rel = `orgs/${opts.org}.json`;
  const nameProblem = orgNameProblem(opts.org);
  if (nameProblem)
    return fail(`<org>: error: org name ${show(opts.org)} is not valid: ${nameProblem} (it names the stack, the state and the TF_VAR_ variables)`);
  // A mistyped --root would otherwise create a new project there, holding one org and no catalog.
  if (!['orgs', 'monitors'].some((d) => fs.existsSync(path.join(opts.root, d)))) {
    return fail(
      `--root: error: ${show(opts.root)} is not a project folder (it has no orgs/ and no monitors/); expected the folder that holds orgs/ and monitors/`,
    );
  }
  const site = resolveSite(opts.site);
  if (site === undefined) return fail(`--site: error: ${unknownSiteMessage(opts.site)}`);
  opts = { ...opts, site };
  const target = path.join(opts.root, 'orgs', `${opts.org}.json`);
  if (fs.existsSync(target)) {
    return fail(`${rel}: $: error: the org already exists; expected a new org name (org:new never overwrites: edit ${rel} instead)`);
  }
  const twin = existingOrgs(opts.root).find((o) => tfIdentifier(o) === tfIdentifier(opts.org));
  if (twin !== undefined) {
    return fail(
      `<org>: error: org name ${show(opts.org)} gives the same Terraform names as the existing orgs/${twin}.json (TF_VAR_datadog_api_key_${tfIdentifier(twin)}...: "-" and "_" spell the same); expected a name that differs from ${show(twin)} by more than "-" and "_"`,
    );
  }

  const notes: string[] = [];
  let content: Json;
  if (opts.from !== undefined) {
    const fromRel = `orgs/${opts.from}.json`;
    const fromPath = path.join(opts.root, 'orgs', `${opts.from}.json`);
    if (!fs.existsSync(fromPath)) {
      const names = existingOrgs(opts.root);
      return fail(`--from: error: no org ${show(opts.from)}${didYouMean(opts.from, names)}; expected one of: ${names.join(', ') || '(none)'}`);
    }
    const read = readJsonFile(fromPath, fromRel);
    if (!read.ok) return fail(read.findings.map(formatFinding).join('\n'));
    const parsed = parseOrgFile(read.value, fromRel);
    if (!parsed.org || !isObject(read.value)) {
      for (const f of sortFindings(parsed.findings)) io.stderr(formatFinding(f));
      return fail(`--from: error: ${fromRel} is not a valid org file (above); expected an org to copy`);
    }
    content = clonedOrg(opts, fromRel, read.value, notes);
  } else {
    content = freshOrg(opts);
  }

  const planned = new Map([[rel, jsonText(content)]]);
  const { after, newErrors, warnings } = loadWithPlannedFiles(opts.root, planned);
  if (newErrors.length > 0) {
    for (const f of sortFindings(newErrors)) io.stderr(opts.from === undefined ? asFlagFinding(f, rel) : formatFinding(f));
    return fail(`${newErrors.length} error${newErrors.length === 1 ? '' : 's'} in the new org file`);
  }
  writePlannedFiles(opts.root, planned);
  const model = after.project?.orgs.find((o) => o.name === opts.org);
  io.stdout(
    `wrote ${rel} (site ${opts.site}${opts.from ? `, from orgs/${opts.from}.json` : ''})${model ? `: ${model.monitors.length} monitor(s), ${model.dashboards.length} dashboard(s), webhook(s) ${model.webhooks.map((w) => w.name).join(', ')}` : ''}`,
  );
  for (const n of notes) io.stdout(`  ${n}`);
  if (model && !model.access) {
    io.stdout(
      '  keys.create is false: no Torq API and application keys are created; to create them, set keys.create true and keys.serviceAccountEmail in the file (or use --service-account-email)',
    );
  }
  for (const f of sortFindings(warnings)) io.stdout(formatFinding(f));
  if (model) {
    io.stdout('');
    for (const line of stateInstructions(model.name, model.backend)) io.stdout(line);
    io.stdout('');
    for (const line of deployInstructions(model)) io.stdout(line);
  }
  return 0;
}

/** The command: argv in (relative paths from cwd), lines out, exit code returned. */
export function orgNewMain(argv: readonly string[], cwd: string, io: Io): number {
  const help = answerHelp(ORG_NEW, argv);
  if (help !== undefined) return help;
  const opts = parseOrgNewArgs(argv, cwd);
  if (typeof opts === 'string') {
    io.stderr(`org:new: ${opts}`);
    return EXIT.usage;
  }
  return runOrgNew(opts, io);
}

if (isEntryPoint('orgNew')) {
  const io: Io = { stdout: (l) => process.stdout.write(`${l}\n`), stderr: (l) => process.stderr.write(`${l}\n`) };
  process.exitCode = orgNewMain(process.argv.slice(2), process.cwd(), io);
}
