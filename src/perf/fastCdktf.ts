/**
 * Two profile-driven shortcuts inside cdktf 0.21's synthesis, both output-neutral, installed only
 * around one synth (`withFastCdktf`) and removed after it. Measured with `node --cpu-prof` on
 * 10 orgs x 1,000 metric monitors (docs/performance.md):
 *
 * 1. Creation stack traces. Every token and every nested-block reference a provider class makes
 *    (a datadog_monitor makes about a dozen) records `new Error().stack` with an unlimited depth,
 *    formatted to strings at once: 3.3 s of 8.9 s and most of the 490 MB peak. cdktf only shows
 *    them in the message of an error about a token that cannot be resolved. Here they are empty.
 *
 * 2. Token resolution of plain data. A stack resolves every element's JSON three times (a
 *    "preparing" pass, the element's fragment, the merged document), and its resolver allocates a
 *    context and tests several regular expressions per value: 2.6 s. The replacement walks the
 *    same structure with the same rules (undefined dropped from objects and arrays, everything else
 *    copied) and hands every value that is or may hold a token, down to a single string, to
 *    cdktf's own resolver. The suspicion tests are supersets of the ones cdktf's resolver uses, so a
 *    value is only copied as plain data when cdktf would have copied it too.
 *
 * Both patch exported functions of cdktf modules that cdktf itself calls through the module
 * object; `assertPatchable` fails loudly (and the tests with it) if a cdktf upgrade moves them.
 */

type Resolve = (scope: unknown, obj: unknown, preparing?: boolean) => unknown;

interface TokensModule {
  resolve: Resolve;
}
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

function load<T>(id: string): Partial<T> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the patch must replace the exports of the very module object cdktf calls through
    return require(id) as T;
  } catch {
    return {};
  }
}
const tokensModule = load<TokensModule>('cdktf/lib/_tokens') as TokensModule;
const stackTraceModule = load<StackTraceModule>('cdktf/lib/tokens/private/stack-trace') as StackTraceModule;

/** cdktf's markers: `${TfToken[`, `#{TfToken[` and `&{TfToken[` all contain this. */
const TOKEN_MARKER = 'TfToken[';
/** Strings cdktf's resolver rejects or rewrites: map-token placeholders (Token.*_MAP_TOKEN_VALUE). */
const MAP_TOKEN_STRINGS = new Set(['String Map Token Value', 'Any Map Token Value']);
/** cdktf's own test for numbers embedded in strings (encoding.ts NUMBER_TOKEN_REGEX), unanchored. */
const NUMBER_TOKEN_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
/** Token.NUMBER_MAP_TOKEN_VALUE. */
const NUMBER_MAP_TOKEN = -123456789;

/** True when cdktf's resolver might do anything to this string but return it unchanged. */
function suspiciousString(s: string): boolean {
  return s.includes(TOKEN_MARKER) || MAP_TOKEN_STRINGS.has(s) || NUMBER_TOKEN_IN_STRING.test(s);
}

/**
 * True when this number might be a token. cdktf encodes number tokens as doubles whose high bits
 * are 0xfdff/0xfbff, magnitudes of 1e289 and more: no number below 1e250 in magnitude is one.
 */
function suspiciousNumber(n: number): boolean {
  return !(Math.abs(n) < 1e250) || n === NUMBER_MAP_TOKEN;
}

function suspiciousPrimitive(v: unknown): boolean {
  return (typeof v === 'string' && suspiciousString(v)) || (typeof v === 'number' && suspiciousNumber(v));
}

/**
 * Resolves `obj` as cdktf would, treating token-free plain data itself and handing the rest to
 * `original` (cdktf's resolver), subtree by subtree.
 */
export function resolveFast(original: Resolve, scope: unknown, obj: unknown, preparing = false): unknown {
  const walk = (v: unknown): unknown => {
    if (v === undefined || v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string') return suspiciousString(v) ? original(scope, v, preparing) : v;
    if (typeof v === 'number') return suspiciousNumber(v) ? original(scope, v, preparing) : v;
    if (typeof v !== 'object') return original(scope, v, preparing);
    if (Array.isArray(v)) {
      // List tokens live in array elements: let cdktf see the whole array then.
      if (v.some(suspiciousPrimitive)) return original(scope, v, preparing);
      const out: unknown[] = [];
      for (const x of v) {
        const r = walk(x);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return original(scope, v, preparing);
    const o = v as Record<string, unknown>;
    if (typeof o.resolve === 'function') return original(scope, v, preparing);
    const keys = Object.keys(o);
    // Map tokens live in keys.
    if (keys.some(suspiciousString)) return original(scope, v, preparing);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const r = walk(o[k]);
      if (r !== undefined) out[k] = r;
    }
    return out;
  };
  return walk(obj);
}

/** Throws when this cdktf no longer has the functions the fast path replaces. */
export function assertPatchable(): void {
  if (typeof tokensModule.resolve !== 'function' || typeof stackTraceModule.captureStackTrace !== 'function') {
    throw new Error('cdktf internals changed (lib/_tokens resolve, lib/tokens/private/stack-trace captureStackTrace): the fast synth path needs updating');
  }
}

let depth = 0;

/**
 * Runs `fn` (building and synthesizing an App) with the fast path installed, and removes it
 * afterwards, also when `fn` throws. Nested calls are fine.
 */
export function withFastCdktf<T>(fn: () => T): T {
  assertPatchable();
  const originalResolve = tokensModule.resolve;
  const originalCapture = stackTraceModule.captureStackTrace;
  if (depth === 0) {
    tokensModule.resolve = (scope, obj, preparing) => resolveFast(originalResolve, scope, obj, preparing);
    stackTraceModule.captureStackTrace = () => [];
  }
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    if (depth === 0) {
      tokensModule.resolve = originalResolve;
      stackTraceModule.captureStackTrace = originalCapture;
    }
  }
}
