/**
 * Dashboard rules the API models cannot express, each from a Datadog doc, the API spec or the
 * provider's source (cited beside it): widget layouts, reflow, groups, axis scales, template
 * variables, formulas and widget queries. They walk the dashboard as the user wrote it and never
 * repeat what the model walk (dashboard.ts) reports.
 */
import { Finding, FindingSink as Sink, jsonPath, PathSegment, show, subPath } from '../config/findings';
import { didYouMean } from '../config/suggest';
import { isObject } from '../config/json';
import { formulaReferences, formulaSyntaxError } from './formula';

// ---------------------------------------------------------------------------------------------
// Axis scales
// ---------------------------------------------------------------------------------------------

/**
 * docs.datadoghq.com/dashboards/graphing_json/widget_json/ (Y-Axis schema) and the API spec's
 * WidgetAxis.scale: "Possible values are linear, log, sqrt, and pow## (for example pow2 or
 * pow0.5)"; the provider documents `linear`, `log`, `pow`, `sqrt` (resource_datadog_dashboard.go,
 * v3.82.0, getWidgetAxisSchema).
 */
export const AXIS_SCALE = /^(linear|log|sqrt|pow(\d+(\.\d+)?|\.\d+)?)$/;
const AXIS_KEYS = ['yaxis', 'right_yaxis', 'xaxis'];

// ---------------------------------------------------------------------------------------------
// Template variables
// ---------------------------------------------------------------------------------------------

/** `$name`, `$name.value`, `$name.key`: names may hold letters, digits, `_`, `-` and `.` (real exports: `$usr.id`). */
const TEMPLATE_USE = /\$([A-Za-z_][A-Za-z0-9_.-]*)/g;

/** The variable a `$token` names, when one of `defined` is it or a dotted prefix of it (`$env.value`). */
function resolveVariable(token: string, defined: readonly string[]): string | undefined {
  const t = token.replace(/[.-]+$/, '');
  const lower = t.toLowerCase();
  for (const name of defined) {
    const n = name.toLowerCase();
    if (lower === n || lower.startsWith(`${n}.`)) return name;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Widget queries
// ---------------------------------------------------------------------------------------------

/** The first bracket that is not balanced in a query, outside quoted strings. */
export function unbalancedBracket(query: string, pairs: string): string | undefined {
  if (!/[{}()[\]]/.test(query)) return undefined;
  const stack: string[] = [];
  let quote = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') quote = !quote;
    if (quote || c === '"') continue;
    const at = pairs.indexOf(c);
    if (at < 0) continue;
    if (at % 2 === 0) stack.push(c);
    else if (stack.length === 0 || stack[stack.length - 1] !== pairs[at - 1]) return `"${c}" at character ${i + 1} closes nothing`;
    else stack.pop();
  }
  if (stack.length > 0) return `"${stack[stack.length - 1]}" is not closed`;
  return undefined;
}

/**
 * A metric query written in log or event search syntax (`service:torq status:error`,
 * `logs("...")`): a metric query names an aggregation and a metric with a scope in braces,
 * `avg:torq.runs{env:prod}` (docs.datadoghq.com/metrics/#querying-metrics and
 * /dashboards/querying/). Only clear cases: no braces at all and search-only syntax.
 */
export function looksLikeSearchQuery(query: string): boolean {
  const q = query.trim();
  if (/^(logs|events|rum|spans|audit|ci-pipelines|ci-tests)\s*\(/i.test(q)) return true;
  if (q.includes('{')) return false;
  // `@attribute:`, boolean operators, or two space-separated facet:value terms.
  return /(^|\s)@[\w.-]+:/.test(q) || /\s(AND|OR|NOT)\s/.test(q) || /(^|\s)-?[\w.@-]+:\S+\s+-?[\w.@-]+:\S+/.test(q);
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

interface Context {
  readonly sink: Sink;
  readonly layoutType: unknown;
  readonly reflowType: unknown;
  /** Template variable names in scope (the dashboard's, plus a powerpack's own). */
  readonly variables: readonly string[];
}

/** Template variables defined in the dashboard, with duplicates reported. */
function templateVariables(raw: Record<string, unknown>, sink: Sink): string[] {
  const vars = raw.template_variables;
  if (!Array.isArray(vars)) return [];
  const names: string[] = [];
  const first = new Map<string, number>();
  vars.forEach((v, i) => {
    if (!isObject(v) || typeof v.name !== 'string') return;
    const seen = first.get(v.name);
    // One `$name` in a query resolves to one variable: a second definition of the same name is
    // refused by the dashboard editor and leaves queries ambiguous
    // (docs.datadoghq.com/dashboards/template_variables/). No source says the API refuses it, so a warning.
    if (seen !== undefined) {
      sink.warning(
        subPath('$.template_variables', i, 'name'),
        `template variable ${show(v.name)} is already defined at $.template_variables[${seen}]; expected each name once`,
      );
    } else first.set(v.name, i);
    names.push(v.name);
  });
  return names;
}

/** `$var` uses in one query string. */
function checkVariables(ctx: Context, text: string, where: () => string): void {
  if (!text.includes('$')) return;
  for (const m of text.matchAll(TEMPLATE_USE)) {
    if (text[m.index + 1] === '{') continue; // `${...}` is Terraform's, escaped on synth
    const token = m[1];
    if (resolveVariable(token, ctx.variables) !== undefined) continue;
    const name = token.replace(/\.(value|key)$/, '').replace(/[.-]+$/, '');
    const hint = didYouMean(name, ctx.variables);
    const defined = ctx.variables.length > 0 ? `defined: ${ctx.variables.map((v) => `$${v}`).join(', ')}` : 'the dashboard defines no template_variables';
    const message = `template variable $${name} is used but not defined${hint} (${defined}); expected a name from $.template_variables`;
    // docs.datadoghq.com/dashboards/template_variables/: a query uses `$name` of a variable the
    // dashboard defines. Datadog stores an undefined one and queries its literal text (the widget
    // shows no data), and does not refuse the dashboard: real exports carry them (integrations-extras
    // ocient_overview.json: `$device` beside a defined `$Cluster`). So a warning, even when it is
    // a near miss of a defined name (the "did you mean" names the fix).
    ctx.sink.warning(where(), `${message} (Datadog accepts it and queries the literal text "$${name}")`);
  }
}

/** Walks the requests of one widget definition: queries, formulas, variables. */
function checkRequests(ctx: Context, node: unknown, segs: PathSegment[], inEvents: boolean): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      segs.push(i);
      checkRequests(ctx, node[i], segs, inEvents);
      segs.pop();
    }
    return;
  }
  if (!isObject(node)) return;
  const at = (): string => jsonPath(segs); // built only for a finding

  // Formulas and the queries they name (API spec v1 WidgetFormula.formula: "String expression
  // built from queries, formulas, and functions"; each query's `name` is what a formula uses).
  if (Array.isArray(node.formulas) && Array.isArray(node.queries)) {
    const names = node.queries
      .filter(isObject)
      .map((q) => q.name)
      .filter((n): n is string => typeof n === 'string');
    node.formulas.forEach((f, i) => {
      if (!isObject(f) || typeof f.formula !== 'string') return;
      const fat = (): string => subPath(at(), 'formulas', i, 'formula');
      const syntax = formulaSyntaxError(f.formula);
      if (syntax !== undefined) {
        ctx.sink.error(
          fat(),
          `formula ${show(f.formula)} has a syntax error: ${syntax}; expected an arithmetic expression over the request's query names, e.g. ${show(names.length > 1 ? `${names[0]} / ${names[1]} * 100` : `${names[0] ?? 'query1'} * 100`)}`,
        );
        return;
      }
      for (const ref of new Set(formulaReferences(f.formula))) {
        if (names.includes(ref)) continue;
        ctx.sink.error(
          fat(),
          `formula ${show(f.formula)} names query ${JSON.stringify(ref)}, which this request does not define${didYouMean(ref, names)}; expected one of ${names.length > 0 ? names.map((n) => JSON.stringify(n)).join(', ') : '(no named queries)'} from its "queries"`,
        );
      }
    });
  }

  for (const k in node) {
    const v = node[k];
    if (typeof v !== 'object' || v === null) {
      if (typeof v !== 'string' || (k !== 'q' && k !== 'query')) continue;
      const where = (): string => subPath(at(), k);
      checkVariables(ctx, v, where);
      // A metric query: `q` of a request (not of an event overlay), or `query` of a metrics data source.
      const metric = !inEvents && ((k === 'q' && node.data_source === undefined) || (k === 'query' && node.data_source === 'metrics'));
      if (!metric) continue;
      if (looksLikeSearchQuery(v)) {
        ctx.sink.error(
          where(),
          `metric query ${show(v)} is in log/event search syntax; expected a metric query such as "avg:torq.runs{env:prod} by {workflow}" (a log search goes in a "logs" query: {"data_source": "logs", "search": {"query": ...}})`,
        );
        continue;
      }
      // Metric query grammar: scopes in braces, functions in parentheses (docs.datadoghq.com/metrics/#querying-metrics).
      const bad = unbalancedBracket(v, '{}()');
      if (bad !== undefined)
        ctx.sink.error(
          where(),
          `metric query ${show(v)} has unbalanced brackets: ${bad}; expected every "{" and "(" closed, as in "avg:torq.runs{env:prod}.as_count()"`,
        );
      continue;
    }
    if (k === 'search' && isObject(v) && typeof v.query === 'string') {
      const where = (): string => subPath(at(), k, 'query');
      checkVariables(ctx, v.query, where);
      const bad = unbalancedBracket(v.query, '()');
      if (bad !== undefined) ctx.sink.error(where(), `search query ${show(v.query)} has unbalanced parentheses: ${bad}; expected every "(" closed`);
      continue;
    }
    segs.push(k);
    checkRequests(ctx, v, segs, inEvents || k === 'events');
    segs.pop();
  }
}

/** How far from a whole number a layout coordinate may be and still be that number (float noise). */
export const WHOLE_TOLERANCE = 1e-6;

function checkLayout(ctx: Context, layout: unknown, at: string, top: boolean): void {
  if (!isObject(layout)) return;
  for (const k of ['x', 'y', 'width', 'height']) {
    const raw = layout[k];
    if (typeof raw !== 'number') continue; // not a number: the model walk reports it
    // Datadog's own exports carry floating-point noise (-3.552713678800501e-15, 2.03e-7) where the
    // editor computed a position; the API stores them. Within WHOLE_TOLERANCE of a whole number,
    // a coordinate is that whole number.
    const v = Math.abs(raw - Math.round(raw)) <= WHOLE_TOLERANCE ? Math.round(raw) : raw;
    if (v >= 0 && Number.isInteger(v)) continue;
    const kat = subPath(at, k);
    // API spec v1 WidgetLayout: x, y, width, height are `type: integer, minimum: 0`; the provider
    // documents x and y as "Must be greater than or equal to 0" (resource_datadog_dashboard.go
    // getWidgetLayoutSchema, v3.82.0). "integer" is only the schema's word: Datadog stores and
    // returns fractional positions (the float noise above), so a fraction is a warning.
    if (!Number.isInteger(v))
      ctx.sink.warning(
        kat,
        `layout ${k} ${show(raw)} is not a whole number; expected an integer >= 0 (grid units; the API spec says integer, but Datadog stores fractions, so it is accepted)`,
      );
    else if (v < 0) {
      // Datadog itself ships a free-layout dashboard with x = -1 (integrations-extras perimeterx):
      // free layouts keep such positions, so there it is a warning. Sizes and grid (ordered) layouts: error.
      if (ctx.layoutType === 'free' && top && (k === 'x' || k === 'y')) {
        ctx.sink.warning(
          kat,
          `layout ${k} ${v} is negative; expected an integer >= 0 (the API spec's minimum; Datadog keeps it on a free layout, off the left or top edge)`,
        );
      } else ctx.sink.error(kat, `layout ${k} ${v} is negative; expected an integer >= 0`);
    }
  }
}

function walkWidgets(ctx: Context, widgets: unknown, segs: readonly PathSegment[], top: boolean): void {
  if (!Array.isArray(widgets)) return;
  widgets.forEach((wd, i) => {
    if (!isObject(wd)) return;
    const wsegs = [...segs, i];
    const wat = jsonPath(wsegs);
    const def = wd.definition;
    const type = isObject(def) ? def.type : undefined;
    const hasLayout = wd.layout !== undefined && wd.layout !== null;
    if (hasLayout) checkLayout(ctx, wd.layout, subPath(wat, 'layout'), top);
    if (ctx.layoutType === 'ordered') {
      // API spec v1 Widget: "If reflow_type is fixed, layout is required. If reflow_type is auto,
      // layout should not be set." (also the provider's reflow_type description, v3.82.0). The API
      // refuses a fixed-reflow widget, also one inside a group, whose layout lacks x or y: "Invalid
      // widget at position N ... MSL widget out of grid. 'x' is a required property"
      // (terraform-provider-datadog issue #3750).
      // A group widget is the exception: Datadog's exports of fixed-reflow dashboards have groups
      // without a layout (the API stores them and places the group itself), so it passes.
      if (ctx.reflowType === 'fixed' && !hasLayout && type !== 'group') {
        ctx.sink.error(
          subPath(wat, 'layout'),
          `widget has no layout (found ${show(wd.layout)}); expected {x, y, width, height}: the dashboard's reflow_type "fixed" places every widget by its layout`,
        );
      } else if (ctx.reflowType === 'auto' && hasLayout) {
        ctx.sink.warning(
          subPath(wat, 'layout'),
          `widget has a layout ${show(wd.layout)} on a dashboard with reflow_type "auto", which places widgets itself; expected no layout (or reflow_type "fixed")`,
        );
      }
    }
    if (type === 'group' && ctx.layoutType === 'free' && top) {
      // A warning, not an error: the API spec's GroupWidgetDefinition.layout_type ("ordered") is
      // the group's own inner layout, not the dashboard's, and no source says the API refuses a
      // group on a free dashboard; live orgs hold such dashboards (org:import reads them), so a
      // live object is the evidence. The UI's screenboards place widgets by x/y, which a group
      // then overrides for its children (docs.datadoghq.com/dashboards/widgets/group/).
      ctx.sink.warning(
        subPath(wat, 'definition', 'type'),
        `a group widget on a dashboard with layout_type "free"; Datadog stores it, but groups are made for "ordered" dashboards (expected groups on an ordered dashboard, or the group's widgets placed on their own)`,
      );
    }
    if (!isObject(def)) return;
    for (const k of AXIS_KEYS) {
      const axis = def[k];
      if (!isObject(axis) || axis.scale === undefined || axis.scale === null) continue;
      if (typeof axis.scale !== 'string' || !AXIS_SCALE.test(axis.scale)) {
        const hint = typeof axis.scale === 'string' ? didYouMean(axis.scale, ['linear', 'log', 'sqrt', 'pow']) : '';
        ctx.sink.error(
          subPath(wat, 'definition', k, 'scale'),
          `unknown axis scale ${show(axis.scale)}${hint}; expected "linear", "log", "sqrt" or "pow" with an optional exponent ("pow2", "pow0.5")`,
        );
      }
    }
    let inner = ctx;
    if (type === 'powerpack' && isObject(def.template_variables)) {
      const own: string[] = [];
      for (const list of Object.values(def.template_variables)) {
        if (Array.isArray(list)) for (const v of list) if (isObject(v) && typeof v.name === 'string') own.push(v.name);
      }
      inner = { ...ctx, variables: [...ctx.variables, ...own] };
    }
    if (def.requests !== undefined) checkRequests(inner, def.requests, [...wsegs, 'definition', 'requests'], false);
    // Event stream, event timeline, log stream and similar widgets: a definition-level search query.
    if (typeof def.query === 'string') checkVariables(inner, def.query, () => subPath(wat, 'definition', 'query'));
    if (type === 'group' || type === 'powerpack') walkWidgets(inner, def.widgets, [...wsegs, 'definition', 'widgets'], false);
  });
}

/** The rules above over one dashboard object. */
export function checkDashboardRules(raw: Record<string, unknown>, file: string): Finding[] {
  const sink = new Sink(file);
  // API spec v1 Dashboard.reflow_type: "Set this only when layout type is 'ordered'" (also the
  // provider's reflow_type description, resource_datadog_dashboard.go v3.82.0).
  if (raw.reflow_type !== undefined && raw.reflow_type !== null && raw.layout_type === 'free') {
    sink.error(
      '$.reflow_type',
      `reflow_type ${show(raw.reflow_type)} on a dashboard with layout_type "free"; expected no reflow_type (it applies only to "ordered" dashboards)`,
    );
  }
  const variables = templateVariables(raw, sink);
  walkWidgets({ sink, layoutType: raw.layout_type, reflowType: raw.reflow_type, variables }, raw.widgets, ['widgets'], true);
  return sink.findings;
}
