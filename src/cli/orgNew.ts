/**
 * `npm run org:new -- <org> --site <site> [--from <existing-org>] [--service-account-email <addr>]
 *  [--notify <@handle>]...`
 *
 * Writes orgs/<org>.json: a fresh org, or (--from) the monitor selection, overrides, routing,
 * webhooks, health, tags and keys of an existing org, with its own site, its own state and
 * nothing adopted. The file is validated through the project's loaders before it is written;
 * an existing org file is never overwritten. Prints the variables and secrets to set and the
 * deploy command.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatFinding, show, sortFindings } from '../config/findings';
import { readJsonFile } from '../config/json';
import { ORG_NAME } from '../config/org';
import { ROLE_ID, parseOrgFile } from '../config/project';
import { SITE_NAMES } from '../config/sites';
import { didYouMean } from '../config/suggest';
import { jsonText, loadWithPlannedFiles, writePlannedFiles } from '../import/overlay';
import { deployInstructions } from '../import/variables';
import { isEntryPoint } from './entry';
import { ArgCursor } from './args';

export interface OrgNewOptions {
  org: string;
  site: string;
  from?: string;
  serviceAccountEmail?: string;
  /** Who hears about Torq's health (health.notify); replaces the source's with --from. */
  notify?: string[];
  /** The project folder. */
  root: string;
}

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const USAGE = 'usage: npm run org:new -- <org> --site <site> [--from <existing-org>] [--service-account-email <address>] [--notify <@handle>]...';

/** Parses the command line; a string is a usage error. */
export function parseOrgNewArgs(argv: readonly string[], root: string): OrgNewOptions | string {
  let org: string | undefined;
  let site: string | undefined;
  let from: string | undefined;
  let serviceAccountEmail: string | undefined;
  let notify: string[] | undefined;
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    if (a === '--site' || a === '--from' || a === '--service-account-email' || a === '--root' || a === '--notify') {
      const v = args.value();
      if (v === undefined) return `${a} needs a value; ${USAGE}`;
      if (a === '--site') site = v;
      else if (a === '--from') from = v;
      else if (a === '--root') root = path.resolve(root, v);
      else if (a === '--notify') notify = [...(notify ?? []), v];
      else serviceAccountEmail = v;
    } else if (a.startsWith('--')) {
      return `unknown option ${show(a)}; ${USAGE}`;
    } else if (org === undefined) {
      org = a;
    } else {
      return `unexpected argument ${show(a)} (the org is ${show(org)}); ${USAGE}`;
    }
  }
  if (org === undefined) return `missing the org name; ${USAGE}`;
  if (site === undefined) return `missing --site; expected one of: ${SITE_NAMES.join(', ')}; ${USAGE}`;
  return { org, site, from, serviceAccountEmail, notify, root };
}

/** Backend settings that name one org's state; a clone gets its own (the per-org defaults). */
const STATE_LOCATION: Record<string, string> = { local: 'path', s3: 'key', gcs: 'prefix', azurerm: 'key', cloud: 'workspace' };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The org file for a fresh org. */
function freshOrg(opts: OrgNewOptions): Json {
  return {
    description: `The ${opts.org} Datadog org (${opts.site}).`,
    site: opts.site,
    webhooks: [{ name: 'torq' }],
    monitors: { include: ['*'], notifyOn: 'all' },
    health: { notify: opts.notify ?? [], noDataTimeframe: 30 },
    tags: ['managed-by:torq-datadog-as-code'],
    keys: opts.serviceAccountEmail ? { create: true, serviceAccountEmail: opts.serviceAccountEmail } : { create: false },
  };
}

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
    else if (key === 'backend' && isObject(value)) {
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
  if (opts.serviceAccountEmail) {
    const keys = isObject(out.keys) ? out.keys : {};
    out.keys = { ...keys, create: true, serviceAccountEmail: opts.serviceAccountEmail };
  }
  if (opts.notify) {
    const health = isObject(out.health) ? out.health : {};
    out.health = { ...health, notify: opts.notify };
  }
  // description and site first, the rest in the source's order.
  const { description, site, ...rest } = out;
  return { description, site, ...rest };
}

export function runOrgNew(opts: OrgNewOptions, io: Io): number {
  const fail = (message: string) => {
    io.stderr(message);
    io.stderr('org:new stopped; nothing was written');
    return 1;
  };
  const rel = `orgs/${opts.org}.json`;
  if (!ORG_NAME.test(opts.org)) {
    return fail(`${rel}: $: error: org name ${show(opts.org)} is not valid; expected lower-case letters, digits, "-" or "_", starting with a letter (it names the stack, the state and the TF_VAR_ variables)`);
  }
  if (!(SITE_NAMES as string[]).includes(opts.site)) {
    return fail(`--site: error: unknown site ${show(opts.site)}${didYouMean(opts.site, SITE_NAMES)}; expected one of: ${SITE_NAMES.join(', ')}`);
  }
  const target = path.join(opts.root, 'orgs', `${opts.org}.json`);
  if (fs.existsSync(target)) {
    return fail(`${rel}: $: error: the org already exists; expected a new org name (org:new never overwrites: edit ${rel} instead)`);
  }

  const notes: string[] = [];
  let content: Json;
  if (opts.from !== undefined) {
    const fromRel = `orgs/${opts.from}.json`;
    const fromPath = path.join(opts.root, 'orgs', `${opts.from}.json`);
    if (!fs.existsSync(fromPath)) {
      const names = fs.existsSync(path.join(opts.root, 'orgs'))
        ? fs.readdirSync(path.join(opts.root, 'orgs')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
        : [];
      return fail(`--from: error: no org ${show(opts.from)}${didYouMean(opts.from, names)}; expected one of: ${names.join(', ') || '(none)'}`);
    }
    const read = readJsonFile(fromPath, fromRel);
    if (!read.ok) return fail(formatFinding(read.finding));
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
    for (const f of sortFindings(newErrors)) io.stderr(formatFinding(f));
    return fail(`${newErrors.length} error${newErrors.length === 1 ? '' : 's'} in the new org file`);
  }
  writePlannedFiles(opts.root, planned);
  const model = after.project?.orgs.find((o) => o.name === opts.org);
  io.stdout(`wrote ${rel} (site ${opts.site}${opts.from ? `, from orgs/${opts.from}.json` : ''})${model ? `: ${model.monitors.length} monitor(s), ${model.dashboards.length} dashboard(s), webhook(s) ${model.webhooks.map((w) => w.name).join(', ')}` : ''}`);
  for (const n of notes) io.stdout(`  ${n}`);
  if (model && !model.access) {
    io.stdout('  keys.create is false: no Torq API and application keys are created; to create them, set keys.create true and keys.serviceAccountEmail in the file (or use --service-account-email)');
  }
  for (const f of sortFindings(warnings)) io.stdout(formatFinding(f));
  if (model) {
    io.stdout('');
    for (const line of deployInstructions(model)) io.stdout(line);
  }
  return 0;
}

if (isEntryPoint('orgNew')) {
  const io: Io = { stdout: (l) => process.stdout.write(`${l}\n`), stderr: (l) => process.stderr.write(`${l}\n`) };
  const opts = parseOrgNewArgs(process.argv.slice(2), process.cwd());
  if (typeof opts === 'string') {
    io.stderr(`org:new: ${opts}`);
    process.exitCode = 2;
  } else {
    process.exitCode = runOrgNew(opts, io);
  }
}
