/**
 * Datadog's own API models (v1), read lazily from @datadog/datadog-api-client: each model class's
 * attributeTypeMap (field names, types, required flags), each enum's values and each oneOf's
 * members. Nothing here is hand-copied from the API: a newer client brings newer widgets.
 *
 * Speed: the package index loads every model of every API (seconds); even the v1 ObjectSerializer
 * loads all v1 models (~150-300 ms). We require only the model modules a document actually uses,
 * one file each, on first use, and cache them.
 */
import * as fs from 'fs';

const MODELS = '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models';

export interface AttributeSpec {
  readonly baseName: string;
  readonly type: string;
  readonly required?: boolean;
  readonly format?: string;
}

export type TypeSpec =
  | { readonly kind: 'model'; readonly name: string; readonly attributes: readonly AttributeSpec[]; readonly open: boolean }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly (string | number)[] }
  | { readonly kind: 'oneOf'; readonly name: string; readonly members: readonly string[] }
  | { readonly kind: 'unknown'; readonly name: string };

const cache = new Map<string, TypeSpec>();

let clientLabel: string | undefined;
/** `@datadog/datadog-api-client 1.64.0`: the models' source, named in findings about what they do not know. */
export function apiClientLabel(): string {
  if (clientLabel === undefined) {
    let version = 'unknown version';
    try {
      version = String(load('@datadog/datadog-api-client/package.json').version);
    } catch {
      // keep 'unknown version'
    }
    clientLabel = `@datadog/datadog-api-client ${version}`;
  }
  return clientLabel;
}

// A plain `require` with a computed path: bundlers leave it to node at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path loaded synchronously; import() would make every caller async
const load: (id: string) => Record<string, unknown> = (id) => require(id) as Record<string, unknown>;

function resolveModule(name: string): string | undefined {
  try {
    return require.resolve(`${MODELS}/${name}`);
  } catch {
    return undefined;
  }
}

/** oneOf types have no runtime export: their members are in the shipped typings (`A | B | UnparsedObject`). */
function oneOfMembers(jsFile: string, name: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(jsFile.replace(/\.js$/, '.d.ts'), 'utf8');
  } catch {
    return [];
  }
  const m = new RegExp(`export declare type ${name} = ([^;]+);`).exec(text);
  if (!m) return [];
  return m[1]
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'UnparsedObject' && !s.startsWith('typeof '));
}

/** The API's description of a named type; `unknown` when this client version does not have it. */
export function apiType(name: string): TypeSpec {
  const hit = cache.get(name);
  if (hit) return hit;
  let spec: TypeSpec = { kind: 'unknown', name };
  const file = /^[A-Za-z0-9]+$/.test(name) ? resolveModule(name) : undefined;
  if (file) {
    const mod = load(file);
    const cls = mod[name] as { getAttributeTypeMap?: () => Record<string, AttributeSpec> } | undefined;
    const getMap = cls !== undefined && cls !== null ? cls.getAttributeTypeMap : undefined;
    if (typeof getMap === 'function') {
      const map: Record<string, AttributeSpec> = getMap.call(cls);
      spec = {
        kind: 'model',
        name,
        attributes: Object.entries(map)
          .filter(([k]) => k !== 'additionalProperties')
          .map(([, v]) => v),
        open: 'additionalProperties' in map,
      };
    } else {
      const values = Object.values(mod).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
      if (values.length > 0) spec = { kind: 'enum', name, values };
      else {
        const members = oneOfMembers(file, name);
        if (members.length > 0) spec = { kind: 'oneOf', name, members };
      }
    }
  }
  cache.set(name, spec);
  return spec;
}

/** The `type` enum values a model accepts (widget definitions, query definitions), if it has one. */
export function discriminatorValues(spec: TypeSpec, field = 'type'): readonly (string | number)[] | undefined {
  if (spec.kind === 'oneOf') {
    const all = spec.members.map((m) => discriminatorValues(apiType(m), field));
    return all.every((v) => v !== undefined) ? [...new Set(all.flatMap((v) => v))] : undefined;
  }
  if (spec.kind !== 'model') return undefined;
  const attr = spec.attributes.find((a) => a.baseName === field);
  if (!attr) return undefined;
  const t = apiType(attr.type);
  return t.kind === 'enum' ? t.values : undefined;
}
