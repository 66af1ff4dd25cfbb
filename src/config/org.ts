/**
 * Org files: `orgs/<org>.json`, one per Datadog organization. The org's name is the file's name;
 * it names the Terraform stack and every per-org Terraform variable.
 */
import { recordedChangeSchema } from './fieldChange';
import { z } from 'zod';
import { resolveSite, Site, SITE_SPELLINGS } from './sites';
import { WEBHOOK_NAME } from './webhook';

/** A monitor transition that can route to Torq, and the template block it maps to. */
export const TRANSITIONS = {
  alert: 'is_alert',
  warning: 'is_warning',
  no_data: 'is_no_data',
  recovery: 'is_recovery',
} as const;
export type Transition = keyof typeof TRANSITIONS;
const TRANSITION_NAMES = Object.keys(TRANSITIONS) as [Transition, ...Transition[]];

/** Org names: lower-case letters, digits, `-` and `_`, starting with a letter (a stack and a folder name). */
export const ORG_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
export const ORG_NAME_MAX = 63;

/** Why a name is not an org name (the rule, and the limit when it is too long), or undefined. */
export function orgNameProblem(name: string): string | undefined {
  if (ORG_NAME.test(name)) return undefined;
  const rule = 'expected lower-case letters, digits, "-" or "_", starting with a letter';
  if (name.length > ORG_NAME_MAX && ORG_NAME.test(name.slice(0, ORG_NAME_MAX))) return `it is ${name.length} characters long; expected at most ${ORG_NAME_MAX}`;
  return `${rule}, at most ${ORG_NAME_MAX} characters`;
}

const handle = z
  .string()
  .regex(/^@[^\s@]+(@[^\s@]+)?$/, 'expected an @-handle without spaces, such as "@slack-secops", "@pagerduty-torq" or "@ops@example.com"');

const tag = z.string().regex(/^[^\s,]+$/, 'expected a tag without spaces or commas, such as "team:secops"');

const notifyOn = z.union([
  z.literal('all'),
  z.array(z.enum(TRANSITION_NAMES)).min(1, 'expected at least one transition (alert, warning, no_data, recovery), or "all"'),
]);

const thresholdsOverride = z.strictObject({
  critical: z.number().optional(),
  warning: z.number().nullable().optional(),
  critical_recovery: z.number().nullable().optional(),
  warning_recovery: z.number().nullable().optional(),
});

const monitorOverride = z.strictObject({
  name: z.string().min(1).optional(),
  thresholds: thresholdsOverride.optional(),
  query: z
    .string()
    .min(1)
    .optional()
    .describe(
      "This org's query, replacing the monitor file's (org:import writes the live one when it differs); thresholds.critical still rewrites its threshold.",
    ),
  message: z
    .string()
    .optional()
    .describe(
      'This org\'s message, replacing the monitor file\'s; the Torq routing is still added unless routing is "message" (then it is deployed exactly as written).',
    ),
  tags: z.array(tag).optional().describe("Tags added to the monitor's own."),
  removeTags: z.array(tag).optional().describe('Tags of the monitor file this org does not deploy (org:import writes them when the live monitor lacks them).'),
  priority: z.number().int().min(1).max(5).nullable().optional(),
  webhook: z.string().nullable().optional().describe('The Torq webhook this monitor notifies, or null for none.'),
  notifyOn: notifyOn.optional(),
  options: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Extra options, as Datadog names them (renotify_interval, notify_no_data...); null takes an option of the monitor file away.'),
  restrictedRoles: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'Roles allowed to edit this monitor in this org: Datadog role names (resolved with a datadog_role data source) or role ids (UUIDs). [] for no restriction.',
    ),
  draftStatus: z.enum(['draft', 'published']).optional().describe('"draft" keeps the monitor a draft in this org (it notifies no one); published by default.'),
  routing: z
    .literal('message')
    .optional()
    .describe(
      '"message": the monitor\'s message routes to Torq as written (a mention the org file cannot express, such as inside {{#is_match}}); synth adds and removes no mention.',
    ),
});

const dashboardOverride = z.strictObject({
  restrictedRoles: z
    .array(z.string().min(1))
    .optional()
    .describe('Roles allowed to edit this dashboard in this org: role names (datadog_role data source) or role ids (UUIDs).'),
});

const selection = {
  include: z.array(z.string().min(1)).default(['*']).describe('Catalog ids (file names without .json) or globs such as "torq_*"; all by default.'),
  exclude: z.array(z.string().min(1)).default([]),
};

/** An HTTP header name (RFC 9110 token, the letters, digits and `-` Datadog's UI accepts). */
const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name such as "X-Torq-Token"');

const webhookSchema = z.strictObject({
  name: z.string().regex(WEBHOOK_NAME, 'expected letters, digits, "-" or "_" (no spaces, no parentheses)'),
  encodeAs: z.enum(['json', 'form']).default('json'),
  authHeader: headerName
    .optional()
    .describe('The header a Torq trigger checks (its value is a secret Terraform variable, stored in Datadog as a secret custom variable), if any.'),
  headers: z
    .array(z.strictObject({ name: headerName }))
    .optional()
    .describe(
      'More custom headers, by name only: each value is a sensitive Terraform variable of its own (torq_webhook_header_<org>_<webhook>_<header>), written into custom_headers at apply. A header named twice (here or as authHeader, in any case) is an error.',
    ),
  payload: z.record(z.string(), z.unknown()).optional().describe("A payload other than the integration's full metadata payload (rarely needed)."),
});
export type WebhookConfig = z.infer<typeof webhookSchema>;

const backendSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('local'), path: z.string().min(1).optional() }),
  z.strictObject({
    type: z.literal('s3'),
    bucket: z.string().min(1),
    key: z.string().min(1).optional(),
    region: z.string().min(1),
    encrypt: z.boolean().default(true),
    useLockfile: z.boolean().default(true),
    dynamodbTable: z.string().min(1).optional(),
    profile: z.string().min(1).optional(),
    roleArn: z.string().min(1).optional(),
  }),
  z.strictObject({ type: z.literal('gcs'), bucket: z.string().min(1), prefix: z.string().min(1).optional() }),
  z.strictObject({
    type: z.literal('azurerm'),
    resourceGroupName: z.string().min(1),
    storageAccountName: z.string().min(1),
    containerName: z.string().min(1),
    key: z.string().min(1).optional(),
  }),
  z.strictObject({
    type: z.literal('cloud'),
    organization: z.string().min(1),
    workspace: z.string().min(1).optional(),
    hostname: z.string().min(1).optional(),
  }),
]);
export type BackendConfig = z.infer<typeof backendSchema>;

/** The least set of application-key scopes Torq's Datadog steps need (docs/keys-and-health.md). */
export const DEFAULT_APP_KEY_SCOPES = ['events_read', 'monitors_read', 'monitors_downtime', 'metrics_read', 'timeseries_query'] as const;

const keysSchema = z.strictObject({
  create: z.boolean().default(true),
  name: z.string().min(1).default('Torq').describe('The name of the API key, service account and application key.'),
  serviceAccountEmail: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'expected an email address')
    .optional()
    .describe("The service account's email (Datadog requires one; it receives no mail from this package)."),
  roles: z
    .array(z.string().min(1))
    .default(['Datadog Standard Role'])
    .describe('Names of Datadog roles for the service account, such as "Datadog Standard Role".'),
  scopes: z
    .array(z.string().regex(/^[a-z0-9_]+$/, 'expected a scope name such as "monitors_read"'))
    .min(1)
    .default([...DEFAULT_APP_KEY_SCOPES]),
});

const healthSchema = z.strictObject({
  notify: z.array(handle).default([]).describe("Who hears about Torq's own health (the service-check monitors). Never a Torq webhook."),
  noDataTimeframe: z.number().int().min(2).max(1440).default(30).describe('Minutes without a heartbeat before the health monitors alert.'),
});

const adoptSchema = z.strictObject({
  monitors: z
    .record(z.string(), z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]))
    .default({})
    .describe('Catalog id -> the id of the monitor that already exists in this org.'),
  dashboards: z.record(z.string(), z.string().min(1)).default({}).describe('Dashboard file id -> the id of the dashboard that already exists in this org.'),
  webhooks: z.array(z.string()).default([]).describe('Names of webhooks that already exist in this org.'),
  changes: z
    .record(z.string(), z.array(recordedChangeSchema))
    .optional()
    .describe(
      "Written by org:import: per adopted resource (a monitor's catalog id, dashboard:<id>, webhook:<name>), what the first apply will change on it, one {field, before, after, note} per field (a sentence in files written before 0.1: still read). The review of the import shows it under Needs attention.",
    ),
});

export const orgFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  datadogOrg: z
    .strictObject({ publicId: z.string().min(1), name: z.string().optional() })
    .optional()
    .describe('The Datadog org this file adopts, as GET /api/v1/org reports it at the first org:import; a later import with keys of another org stops.'),
  site: z
    .enum(SITE_SPELLINGS as [string, ...string[]])
    .transform((s) => resolveSite(s) as Site)
    .describe("The Datadog site: us1, us3, us5, eu1, ap1, ap2 or us1-fed, or Datadog's name for it (datadoghq.eu, us3.datadoghq.com...)."),
  webhooks: z
    .array(webhookSchema)
    .min(1, 'expected at least one Torq webhook')
    .default([{ name: 'torq', encodeAs: 'json' }]),
  externalWebhooks: z
    .array(z.string().regex(WEBHOOK_NAME, 'expected a webhook name: letters, digits, - and _'))
    .default([])
    .describe(
      "Webhooks that exist in this org's Datadog and that this project does not manage (org:import records those its monitors mention): a mention of one is not flagged as naming no webhook.",
    ),
  monitors: z
    .strictObject({
      ...selection,
      webhook: z.string().optional().describe("The webhook monitors notify unless a monitor's override says otherwise; the first by default."),
      notifyOn: notifyOn.default('all'),
      overrides: z.record(z.string(), monitorOverride).default({}),
    })
    .default({ include: ['*'], exclude: [], notifyOn: 'all', overrides: {} }),
  dashboards: z
    .strictObject({ ...selection, overrides: z.record(z.string(), dashboardOverride).default({}) })
    .default({ include: ['*'], exclude: [], overrides: {} }),
  health: healthSchema.default({ notify: [], noDataTimeframe: 30 }),
  tags: z.array(tag).default([]),
  backend: backendSchema.default({ type: 'local' }),
  keys: keysSchema.default({ create: true, name: 'Torq', roles: ['Datadog Standard Role'], scopes: [...DEFAULT_APP_KEY_SCOPES] }),
  adopt: adoptSchema.default({ monitors: {}, dashboards: {}, webhooks: [] }),
});

export type OrgFile = z.infer<typeof orgFileSchema>;
