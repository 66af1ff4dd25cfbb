/**
 * Monitors: /api/v1/monitor, its validate endpoints and the ids. What Datadog answers is taken from
 * provider 3.82.0's cassettes (test/fixtures/standin/README.md names each one):
 * - create echoes the body and adds id, org_id, multi, created_at, created, modified, deleted,
 *   restricted_roles, restriction_policy, overall_state(_modified) and creator; options gain
 *   notify_audit (false) and silenced ({}); an empty `thresholds` is dropped
 *   (TestAccDatadogMonitor_UpdatedToRemoveTags.yaml, the create and read answers); draft_status is
 *   answered as sent (TestAccDatadogMonitor_Updated.yaml, recorded with Datadog's draft-status API
 *   on; the older cassettes, recorded without it, leave it out and the provider reads "published");
 * - GET has no restriction_policy; a PUT replaces `options` whole: an option the PUT leaves out is
 *   gone on the next read (the same cassette: new_group_delay 500 disappears after a PUT without it);
 * - DELETE answers {"deleted_monitor_id": id}; an unknown id is 404 {"errors":["Monitor not found"]}.
 */
import { ApiAnswer, ApiRequest, Clock, CREATOR, Json, JsonObject, ORG_ID, clone, error, isObject, text } from './types';
// Datadog's API accepts every MonitorType (the provider's older enum is checked at plan, not here).
import { MONITOR_TYPES } from '../../src/validate/query';

/** Top-level fields a client may write; the others are Datadog's. */
const WRITABLE = ['name', 'type', 'query', 'message', 'tags', 'options', 'priority', 'restricted_roles', 'draft_status'];

/** Datadog's `multi`: the monitor alerts per group (a `by {...}` or `.by("tag")` grouping). */
function isMulti(query: string): boolean {
  return /\bby\s*\{/.test(query) || /\.by\((?!\s*"\*"\s*\))/.test(query);
}

/** Why Datadog would refuse the body, or undefined (POST /api/v1/monitor and validate). */
export function monitorProblem(body: Json | undefined): string | undefined {
  if (!isObject(body)) return 'Invalid JSON body';
  if (typeof body.type !== 'string' || !(MONITOR_TYPES as readonly string[]).includes(body.type)) return `Invalid monitor type: ${JSON.stringify(body.type)}`;
  if (typeof body.query !== 'string' || body.query.trim() === '') return "The value provided for parameter 'query' is invalid";
  if (body.options !== undefined && body.options !== null && !isObject(body.options)) return "The value provided for parameter 'options' is invalid";
  if (body.tags !== undefined && body.tags !== null && !Array.isArray(body.tags)) return "The value provided for parameter 'tags' is invalid";
  return undefined;
}

function storedOptions(options: Json | undefined): JsonObject {
  const o: JsonObject = isObject(options) ? clone(options) : {};
  if (isObject(o.thresholds) && Object.keys(o.thresholds).length === 0) delete o.thresholds;
  if (o.notify_audit === undefined) o.notify_audit = false;
  o.silenced = isObject(o.silenced) ? o.silenced : {};
  return o;
}

export class Monitors {
  readonly byId = new Map<number, JsonObject>();
  /** Datadog's monitor-draft-status API: on (today's answers) unless a replay of an older cassette turns it off. */
  draftStatusApi = true;
  private nextId = 174341600;
  constructor(private readonly clock: Clock) {}

  create(body: JsonObject): JsonObject {
    const id = this.nextId++;
    const now = this.clock.now();
    const m: JsonObject = {
      id,
      org_id: ORG_ID,
      type: body.type ?? null,
      name: body.name ?? '',
      message: body.message ?? '',
      tags: Array.isArray(body.tags) ? clone(body.tags) : [],
      query: body.query ?? '',
      options: storedOptions(body.options),
      multi: isMulti(text(body.query)),
      created_at: now.getTime(),
      created: this.clock.iso(),
      modified: this.clock.iso(),
      deleted: null,
      priority: body.priority ?? null,
      restricted_roles: body.restricted_roles === undefined ? null : clone(body.restricted_roles),
      overall_state_modified: null,
      overall_state: 'No Data',
      creator: { ...CREATOR },
    };
    if (typeof body.draft_status === 'string' && this.draftStatusApi) m.draft_status = body.draft_status;
    this.byId.set(id, m);
    return m;
  }

  /** PUT: the fields sent replace the stored ones; `options` is replaced whole. */
  update(id: number, body: JsonObject): JsonObject | undefined {
    const m = this.byId.get(id);
    if (!m) return undefined;
    for (const k of WRITABLE) {
      if (body[k] === undefined || (k === 'draft_status' && !this.draftStatusApi)) continue;
      m[k] = k === 'options' ? storedOptions(body.options) : clone(body[k]);
    }
    if (body.query !== undefined) m.multi = isMulti(text(body.query));
    m.modified = this.clock.iso();
    return m;
  }

  route(req: ApiRequest): ApiAnswer | undefined {
    const p = req.path;
    if (p === '/api/v1/monitor/validate' && req.method === 'POST') return this.validate(req.body);
    let match = /^\/api\/v1\/monitor\/(\d+)\/validate$/.exec(p);
    if (match && req.method === 'POST') return this.byId.has(Number(match[1])) ? this.validate(req.body) : error(404, 'Monitor not found');
    if (p === '/api/v1/monitor') {
      if (req.method === 'GET') return { status: 200, body: [...this.byId.values()].map((m) => this.read(m)) };
      if (req.method !== 'POST') return undefined;
      const problem = monitorProblem(req.body);
      if (problem) return error(400, problem);
      const m = this.create(req.body as JsonObject);
      return { status: 200, body: { ...clone(m), restriction_policy: null } };
    }
    match = /^\/api\/v1\/monitor\/(\d+)$/.exec(p);
    if (!match) return undefined;
    const id = Number(match[1]);
    const m = this.byId.get(id);
    if (!m) return error(404, 'Monitor not found');
    if (req.method === 'GET') return { status: 200, body: this.read(m) };
    if (req.method === 'DELETE') {
      this.byId.delete(id);
      return { status: 200, body: { deleted_monitor_id: id } };
    }
    if (req.method === 'PUT') {
      if (!isObject(req.body)) return error(400, 'Invalid JSON body');
      const merged = { ...m, ...req.body };
      const problem = monitorProblem(merged);
      if (problem) return error(400, problem);
      const updated = clone(this.update(id, req.body) as JsonObject);
      // Datadog's PUT answer carries no creator (the cassette above).
      delete updated.creator;
      return { status: 200, body: { ...updated, restriction_policy: null } };
    }
    return undefined;
  }

  private validate(body: Json | undefined): ApiAnswer {
    const problem = monitorProblem(body);
    return problem ? error(400, problem) : { status: 200, body: {} };
  }

  private read(m: JsonObject): JsonObject {
    return clone(m);
  }
}
