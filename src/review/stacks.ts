/**
 * Synthesized output as the review reads it: `cdktf.out/stacks/<org>/cdk.tf.json`, one per org.
 * The review needs nothing else (no credentials, no state, no network).
 */
import * as fs from 'fs';
import * as path from 'path';

export type Json = Record<string, unknown>;

/** One org's cdk.tf.json. */
export interface StackJson {
  resource?: Record<string, Record<string, Json>>;
  data?: Record<string, Record<string, Json>>;
  variable?: Record<string, Json>;
  output?: Record<string, Json>;
  provider?: Record<string, Json[]>;
  terraform?: { backend?: Record<string, Json>; [k: string]: unknown };
  import?: Json[];
  moved?: Json[];
  [k: string]: unknown;
}

/** org name -> its synthesized stack. */
export type Stacks = Map<string, StackJson>;

/** A resource in a stack, without cdktf's `//` metadata. */
export interface Resource {
  type: string;
  id: string;
  body: Json;
  /** The file an org's own monitor or dashboard comes from (a `//` comment in the stack); else derived from the id. */
  file?: string;
}

/** Reads every `stacks/<org>/cdk.tf.json` under a synth output folder (none when it is absent). */
export function readStacks(outdir: string): Stacks {
  const stacks: Stacks = new Map();
  const dir = path.join(outdir, 'stacks');
  if (!fs.existsSync(dir)) return stacks;
  for (const org of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, org, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    stacks.set(org, JSON.parse(fs.readFileSync(file, 'utf8')) as StackJson);
  }
  return stacks;
}

function withoutMetadata(body: Json): Json {
  const { ['//']: _meta, ...rest } = body;
  return rest;
}

/** `type.id` -> resource, for resources (`kind` "resource") or data sources ("data"). */
export function resourcesOf(stack: StackJson | undefined, kind: 'resource' | 'data' = 'resource'): Map<string, Resource> {
  const out = new Map<string, Resource>();
  const block = stack?.[kind];
  if (!block) return out;
  for (const type of Object.keys(block).sort()) {
    for (const id of Object.keys(block[type]).sort()) {
      const comment = block[type][id]['//'] as Json | undefined;
      const file = comment && typeof comment.source_file === 'string' ? comment.source_file : undefined;
      out.set(`${type}.${id}`, { type, id, body: withoutMetadata(block[type][id]), ...(file ? { file } : {}) });
    }
  }
  return out;
}

/** The Datadog API URL of the org's provider. */
export function apiUrlOf(stack: StackJson | undefined): string | undefined {
  const p = stack?.provider?.datadog?.[0];
  if (typeof p?.api_url !== 'string') return undefined;
  // `${var.datadog_api_url_<org>}`: the variable's default is the site's URL (src/stack.ts).
  const ref = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(p.api_url);
  const fallback = ref ? stack?.variable?.[ref[1]]?.default : undefined;
  return ref ? (typeof fallback === 'string' ? fallback : undefined) : p.api_url;
}

/** The backend block: `{type, config}`. */
export function backendOf(stack: StackJson | undefined): { type: string; config: Json } | undefined {
  const b = stack?.terraform?.backend;
  if (!b) return undefined;
  const type = Object.keys(b)[0];
  return type === undefined ? undefined : { type, config: b[type] };
}

/** The file a resource comes from, from its stable id (src/datadog/naming.ts). */
export { sourceFileOf } from '../datadog/naming';
