/**
 * Dashboards, checked against Datadog's own v1 API models (see apiModels.ts): required fields,
 * field types, enum values, widget types (also inside group widgets), plus the rules the models
 * cannot express (dashboardRules.ts): layouts, reflow, groups, axis scales, template variables,
 * formulas and widget queries; fields the server owns are reported (they are stripped on synth).
 *
 * Never stricter than Datadog: the client is older than the API, so a widget type or enum value
 * it does not know is a warning naming the model and the client version. Errors are for what
 * Datadog and the provider refuse: this package's own rules and the enums in OWN_ENUMS.
 */
import { Finding, show, subPath } from '../config/findings';
import { DASHBOARD_SERVER_FIELDS } from '../config/dashboard';
import { apiClientLabel, apiType, discriminatorValues, TypeSpec } from './apiModels';
import { didYouMean, nearMiss } from '../config/suggest';
import { checkDashboardRules } from './dashboardRules';
import { isObject } from '../config/json';

/**
 * Widget types that real exports carry but that the API models do not describe. They are
 * accepted with a warning rather than refused.
 */
export const UNMODELLED_WIDGET_TYPES: Readonly<Record<string, string>> = {
  custom: 'a Datadog Apps custom widget (UI extension)',
};

/** Findings of one walk, plus how many fields the models did not know (to rank oneOf forms). */
class Out {
  readonly findings: Finding[] = [];
  unknownKeys = 0;
  get errors(): number {
    return this.findings.filter((f) => f.severity === 'error').length;
  }
  absorb(o: Out): void {
    this.findings.push(...o.findings);
    this.unknownKeys += o.unknownKeys;
  }
}

interface Walk {
  readonly file: string;
}

function err(w: Walk, out: Out, path: string, message: string): void {
  out.findings.push({ file: w.file, path, severity: 'error', message });
}
function warn(w: Walk, out: Out, path: string, message: string): void {
  out.findings.push({ file: w.file, path, severity: 'warning', message });
}

const ARRAY = /^Array<(.*)>$/;
const MAP = /^\{ \[key: string\]: (.*); \}$/;
const TUPLE = /^\[(.*)\]$/;

/** Splits `A, Array<B, C>` on top-level commas. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '<' || ch === '[' || ch === '{') depth++;
    if (ch === '>' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') parts.push(cur.trim());
  return parts;
}

function typeLabel(type: string): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default: {
      if (ARRAY.test(type) || TUPLE.test(type)) return 'a list';
      const spec = apiType(type);
      if (spec.kind === 'enum') return `one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`;
      return 'an object';
    }
  }
}

/**
 * Enums that are this package's own rules: a value outside them is an error, because Datadog and
 * the provider refuse it, and they are too settled to grow without notice. Every other enum of the
 * client's models may lag the API (new palettes, data sources, widget types), so a value they do
 * not know is a warning.
 */
export const OWN_ENUMS: Readonly<Record<string, string>> = {
  // docs.datadoghq.com/dashboards/graphing_json/ ("layout_type": {"enum": ["ordered", "free"]});
  // provider v3.82.0 resource_datadog_dashboard.go: layout_type ValidateEnumValue(NewDashboardLayoutTypeFromValue).
  DashboardLayoutType: 'the dashboard layout (Datadog dashboard JSON schema; provider datadog_dashboard.layout_type)',
  // provider v3.82.0 resource_datadog_dashboard.go: reflow_type ValidateEnumValue(NewDashboardReflowTypeFromValue).
  DashboardReflowType: 'the reflow type (provider datadog_dashboard.reflow_type)',
  // provider v3.82.0 resource_datadog_dashboard.go getWidgetLiveSpanSchema: ValidateEnumValue(NewWidgetLiveSpanFromValue);
  // API spec v1 WidgetLiveSpan.
  WidgetLiveSpan: 'a widget live span (API spec WidgetLiveSpan; provider live_span)',
  // provider v3.82.0 resource_datadog_dashboard.go event_size: ValidateEnumValue(NewWidgetEventSizeFromValue).
  WidgetEventSize: 'an event size (API spec WidgetEventSize; provider event_size)',
  // provider v3.82.0 resource_datadog_dashboard.go formula limit.order and group-by sort order:
  // ValidateEnumValue(NewQuerySortOrderFromValue); API spec v1 QuerySortOrder.
  QuerySortOrder: 'a sort order (API spec QuerySortOrder; provider limit.order)',
};

/**
 * An enum value the models do not know. An enum of this package's own rules (OWN_ENUMS) makes it
 * an error. Any other enum of the client may be older than the API: a value within a typo's reach
 * of a known one (suggest.ts nearMiss: `lines` for `line`, `agv` for `avg`) is a typo, so an
 * error with "did you mean"; a value far from every known one (palette `purple_on_white`) is a
 * warning naming the model and the client version, since Datadog may have added it.
 */
function unknownEnum(w: Walk, out: Out, at: string, value: unknown, values: readonly string[], model: string, what = 'value'): void {
  const list = values.map((v) => JSON.stringify(v)).join(', ');
  const near = typeof value === 'string' ? nearMiss(value, values) : undefined;
  if (OWN_ENUMS[model] !== undefined || near !== undefined) {
    const hint = near !== undefined ? ` (did you mean ${JSON.stringify(near)}?)` : didYouMean(typeof value === 'string' ? value : show(value), values);
    const why = OWN_ENUMS[model] ?? `${model} of ${apiClientLabel()}; a near miss of a known value is a typo`;
    err(w, out, at, `unknown ${what} ${show(value)}${hint}: expected one of ${list} (${why})`);
  } else
    warn(
      w,
      out,
      at,
      `${what} ${show(value)} is not in ${model} of ${apiClientLabel()}, which knows ${list}; Datadog may have added it since, so it is accepted and not checked further`,
    );
}

/** Checks `value` against an API type; findings go to `out`. */
function check(w: Walk, value: unknown, type: string, at: string, out: Out): void {
  if (value === undefined || value === null) return; // absent; required-ness is checked by the parent
  if (type === 'any' || type === 'object') return;
  if (type === 'string' || type === 'number' || type === 'boolean') {
    if (typeof value !== type) err(w, out, at, `expected ${typeLabel(type)}, found ${show(value)}`);
    return;
  }
  if (type === 'Date') {
    if (typeof value !== 'string' && typeof value !== 'number') err(w, out, at, `expected a date string, found ${show(value)}`);
    return;
  }
  let m = ARRAY.exec(type);
  if (m) {
    if (!Array.isArray(value)) return err(w, out, at, `expected a list, found ${show(value)}`);
    const item = m[1];
    value.forEach((v, i) => check(w, v, item, subPath(at, i), out));
    return;
  }
  m = MAP.exec(type);
  if (m) {
    if (!isObject(value)) return err(w, out, at, `expected an object, found ${show(value)}`);
    for (const [k, v] of Object.entries(value)) check(w, v, m[1], subPath(at, k), out);
    return;
  }
  m = TUPLE.exec(type);
  if (m) {
    if (!Array.isArray(value)) return err(w, out, at, `expected a list, found ${show(value)}`);
    const members = splitTop(m[1]);
    value.forEach((v, i) => check(w, v, members.length === value.length ? members[i] : members[0], subPath(at, i), out));
    return;
  }
  checkNamed(w, value, apiType(type), at, out);
}

function checkNamed(w: Walk, value: unknown, spec: TypeSpec, at: string, out: Out): void {
  switch (spec.kind) {
    case 'unknown':
      return; // not described by this client version: accept
    case 'enum':
      if (!spec.values.includes(value as string | number)) unknownEnum(w, out, at, value, spec.values.map(String), spec.name);
      return;
    case 'model':
      return checkModel(w, value, spec, at, out);
    case 'oneOf':
      return checkOneOf(w, value, spec, at, out);
  }
}

/**
 * The dashboard, its widgets and widget definitions: new forms of these come as new widget types,
 * so a missing required field is always an error there, whatever else the object carries.
 */
const STRICT_MODELS = /^(Dashboard|Widget|\w+WidgetDefinition)$/;

/**
 * Models whose required fields are the client's modelling rather than Datadog's rules: Datadog's
 * own product ships objects without them, so a missing one is a warning, and an empty object is
 * read as nothing at all.
 */
export const CLIENT_REQUIRED_ONLY: Readonly<Record<string, string>> = {
  // Datadog's integration dashboards ship conditional formats `{}` and range formats
  // `{"type": "range", "palette": "transparent_to_green"}` without comparator or value
  // (integrations-extras redis_enterprise_shard.json); the API stores them as they are.
  WidgetConditionalFormat: 'Datadog ships conditional formats without comparator or value (empty ones, and newer range formats)',
};

function checkModel(w: Walk, value: unknown, spec: Extract<TypeSpec, { kind: 'model' }>, at: string, out: Out): void {
  if (!isObject(value)) return err(w, out, at, `expected an object (${spec.name}), found ${show(value)}`);
  const loose = CLIENT_REQUIRED_ONLY[spec.name];
  if (loose !== undefined && Object.keys(value).length === 0) return; // an empty one, as Datadog ships it: no effect
  const names = spec.attributes.map((a) => a.baseName);
  const absent = names.filter((n) => value[n] === undefined || value[n] === null);
  // Fields the models do not know: the API often knows more than a client release (real exports
  // carry should_exclude_missing, color_order, ...), so they pass, unless they look like a typo of
  // a field that is absent. An object with unknown fields may be a newer form of the model: what
  // it lacks is then a warning, not an error.
  let newer = false;
  for (const k of Object.keys(value)) {
    if (names.includes(k)) continue;
    out.unknownKeys++;
    const near = didYouMean(k, absent);
    if (near !== '')
      warn(w, out, subPath(at, k), `unknown field ${JSON.stringify(k)}${near}: ${spec.name} has no such field, so Datadog ignores or refuses it`);
    else newer = true;
  }
  for (const a of spec.attributes) {
    const v = value[a.baseName];
    if (a.required && (v === undefined || v === null)) {
      const message = `required field ${JSON.stringify(a.baseName)} is missing (found ${show(v)}); expected ${typeLabel(a.type)} (${spec.name})`;
      if (loose !== undefined) warn(w, out, subPath(at, a.baseName), `${message}; required by ${apiClientLabel()}, not by Datadog: ${loose}`);
      else if (newer && !STRICT_MODELS.test(spec.name))
        warn(w, out, subPath(at, a.baseName), `${message}; the object has fields the API models do not know, so it may be a newer form`);
      else err(w, out, subPath(at, a.baseName), message);
      continue;
    }
    check(w, v, a.type, subPath(at, a.baseName), out);
  }
}

/** The field that tells the forms of a oneOf apart (`type` for widgets, `data_source` for queries). */
function discriminator(members: readonly string[]): { field: string; values: Map<string, readonly string[]> } | undefined {
  for (const field of ['type', 'data_source']) {
    const values = new Map<string, readonly string[]>();
    for (const m of members) {
      const v = discriminatorValues(apiType(m), field);
      if (!v) break;
      values.set(m, v.map(String));
    }
    if (values.size === members.length) return { field, values };
  }
  return undefined;
}

function checkOneOf(w: Walk, value: unknown, spec: Extract<TypeSpec, { kind: 'oneOf' }>, at: string, out: Out): void {
  let candidates = spec.members;
  const d = isObject(value) ? discriminator(spec.members) : undefined;
  if (d && isObject(value)) {
    const known = [...new Set([...d.values.values()].flat())].sort();
    const t = value[d.field];
    const tat = subPath(at, d.field);
    const widget = spec.name === 'WidgetDefinition';
    if (widget && typeof t === 'string' && UNMODELLED_WIDGET_TYPES[t] !== undefined) {
      warn(
        w,
        out,
        tat,
        `widget type ${show(t)} is ${UNMODELLED_WIDGET_TYPES[t]}, which the Datadog API models do not describe; it is not checked (expected one of ${known.length} API widget types)`,
      );
      return;
    }
    candidates = spec.members.filter((m) => d.values.get(m)!.includes(t as string));
    if (candidates.length === 0) {
      if (t === undefined || t === null) err(w, out, tat, `required field ${JSON.stringify(d.field)} is missing; expected one of ${known.join(', ')}`);
      else if (typeof t !== 'string') err(w, out, tat, `expected a string ${d.field}, found ${show(t)}; expected one of ${known.join(', ')}`);
      // A near miss of a known widget type (`querry_value`) is a typo (the rule of the house,
      // src/validate/README.md): Datadog has no such widget, and a deploy fails or draws nothing.
      else if (widget && nearMiss(t, known) !== undefined)
        err(
          w,
          out,
          tat,
          `unknown widget type ${show(t)} (did you mean ${JSON.stringify(nearMiss(t, known))}?); expected one of the ${known.length} widget types of ${spec.name} (${apiClientLabel()})`,
        );
      // A widget type far from every known one (flame_graph, ...) may be newer than the client.
      else if (widget)
        warn(
          w,
          out,
          tat,
          `widget type ${show(t)} is not in ${spec.name} of ${apiClientLabel()} (${known.length} widget types); Datadog may have added it since, so the widget is accepted and not checked further`,
        );
      else unknownEnum(w, out, tat, t, known, spec.name, d.field);
      return;
    }
  }
  let best: { out: Out; fits: boolean } | undefined;
  for (const c of candidates) {
    const trial = { out: new Out(), fits: shapeFits(value, c) };
    check(w, value, c, at, trial.out);
    if (!best || better(trial, best)) best = trial;
    if (best.out.errors === 0 && best.out.unknownKeys === 0) break;
  }
  if (best) out.absorb(best.out);
}

/** Whether a value has the outer shape of a type (a list for Array<...>, an object for a model). */
function shapeFits(value: unknown, type: string): boolean {
  if (ARRAY.test(type) || TUPLE.test(type)) return Array.isArray(value);
  if (type === 'string' || type === 'number' || type === 'boolean') return typeof value === type;
  const spec = apiType(type);
  if (spec.kind === 'model') return isObject(value);
  return true;
}

/**
 * Which form of a oneOf the user meant: one of the right outer shape; then the one that knows
 * every field (`{"live_span": "2w"}` is a legacy live span with a bad value, not a new-style span
 * missing its fields); then the fewest errors.
 */
function better(a: { out: Out; fits: boolean }, b: { out: Out; fits: boolean }): boolean {
  if (a.fits !== b.fits) return a.fits;
  if (a.out.unknownKeys !== b.out.unknownKeys) return a.out.unknownKeys < b.out.unknownKeys;
  return a.out.errors < b.out.errors;
}

/** Validates one dashboard document as the user wrote it. */
export function validateDashboard(raw: unknown, file: string): Finding[] {
  const w: Walk = { file };
  const out = new Out();
  if (!isObject(raw)) {
    err(w, out, '$', `expected a dashboard object ({title, layout_type, widgets}), found ${show(raw)}`);
    return out.findings;
  }
  for (const k of DASHBOARD_SERVER_FIELDS) {
    if (raw[k] === undefined) continue;
    // is_read_only true is kept: synth deploys it as restricted_roles (src/stack.ts, READ_ONLY_ROLE).
    if (k === 'is_read_only' && raw[k] === true) continue;
    const why = k === 'is_read_only' ? 'is what a missing is_read_only means to datadog_dashboard_json (its default)' : 'is owned by Datadog';
    warn(w, out, subPath('$', k), `${k} ${show(raw[k])} ${why}; it is stripped on synth (expected no ${k} in a dashboard under code)`);
  }
  checkNamed(w, raw, apiType('Dashboard'), '$', out);

  out.findings.push(...checkDashboardRules(raw, file));
  // Rules the models cannot express: layouts of free dashboards, widget ids.
  const ids: string[] = [];
  const walkWidgets = (widgets: unknown, at: string, top: boolean): void => {
    if (!Array.isArray(widgets)) return;
    widgets.forEach((wd, i) => {
      const wat = subPath(at, i);
      if (!isObject(wd)) return;
      if (wd.id !== undefined && wd.id !== null) ids.push(subPath(wat, 'id') + ' = ' + show(wd.id));
      if (top && raw.layout_type === 'free' && (wd.layout === undefined || wd.layout === null)) {
        err(
          w,
          out,
          subPath(wat, 'layout'),
          `widget ${i} has no layout (found ${show(wd.layout)}); expected {x, y, width, height}: every widget of a free layout dashboard needs one`,
        );
      }
      const def = wd.definition;
      if (isObject(def) && def.type === 'group') walkWidgets(def.widgets, subPath(wat, 'definition', 'widgets'), false);
    });
  };
  walkWidgets(raw.widgets, '$.widgets', true);
  if (ids.length > 0) {
    const first = ids[0].split(' = ');
    warn(w, out, first[0], `widget id ${first[1]} is assigned by Datadog; widget ids are stripped on synth (${ids.length} in this file; expected none)`);
  }
  return out.findings;
}
