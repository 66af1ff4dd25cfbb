/**
 * Dashboards: /api/v1/dashboard. From provider 3.82.0's cassettes (TestAccDatadogDashboardJSON*):
 * create and read answer the body with id, author_handle, author_name (null), url
 * (`/dashboard/<id>/<title slug>`), created_at and modified_at; a widget without an id gets one;
 * with `restricted_roles` in the body `is_read_only` is not answered (RbacDiff), without it
 * `is_read_only` is (false when absent) and there is no `restricted_roles` (BasicScreenboard);
 * PUT replaces the dashboard; DELETE answers {"deleted_dashboard_id": id}; an unknown id is 404
 * {"errors":["Dashboard with ID <id> not found"]}.
 */
import { ApiAnswer, ApiRequest, Clock, CREATOR, Json, JsonObject, clone, error, isObject, text } from './types';

const WRITABLE_DROP = ['id', 'author_handle', 'author_name', 'url', 'created_at', 'modified_at'];

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export class Dashboards {
  readonly byId = new Map<string, JsonObject>();
  private counter = 0;
  private widgetId = 1000000000000000;
  constructor(private readonly clock: Clock) {}

  private newId(): string {
    this.counter += 1;
    const s = this.counter.toString(36).padStart(9, '0');
    return `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6, 9)}`;
  }

  private withWidgetIds(widgets: Json | undefined): Json {
    if (!Array.isArray(widgets)) return [];
    return widgets.map((w) => {
      if (!isObject(w)) return w;
      const out: JsonObject = { ...w };
      if (typeof out.id !== 'number') out.id = this.widgetId++;
      if (isObject(out.definition) && Array.isArray(out.definition.widgets)) {
        out.definition = { ...out.definition, widgets: this.withWidgetIds(out.definition.widgets) };
      }
      return out;
    });
  }

  private problem(body: Json | undefined): string | undefined {
    if (!isObject(body)) return 'Invalid JSON body';
    if (typeof body.title !== 'string' || body.title === '') return "Invalid dashboard: 'title' is required";
    if (body.layout_type !== 'ordered' && body.layout_type !== 'free') return "Invalid dashboard: 'layout_type' must be one of ordered, free";
    if (!Array.isArray(body.widgets)) return "Invalid dashboard: 'widgets' is required";
    return undefined;
  }

  private store(id: string, body: JsonObject, created: string): JsonObject {
    const d: JsonObject = { id, ...clone(body) };
    for (const k of WRITABLE_DROP) if (k !== 'id') delete d[k];
    d.id = id;
    d.author_handle = CREATOR.handle;
    d.author_name = null;
    d.url = `/dashboard/${id}/${slug(text(body.title))}`;
    d.widgets = this.withWidgetIds(body.widgets);
    if (Array.isArray(body.restricted_roles)) delete d.is_read_only;
    else d.is_read_only = body.is_read_only === true;
    d.created_at = created;
    d.modified_at = this.clock.iso();
    this.byId.set(id, d);
    return d;
  }

  route(req: ApiRequest): ApiAnswer | undefined {
    if (req.path === '/api/v1/dashboard') {
      if (req.method !== 'POST') return undefined;
      const problem = this.problem(req.body);
      if (problem) return error(400, problem);
      return { status: 200, body: clone(this.store(this.newId(), req.body as JsonObject, this.clock.iso())) };
    }
    const match = /^\/api\/v1\/dashboard\/([a-z0-9-]+)$/.exec(req.path);
    if (!match) return undefined;
    const id = match[1];
    const d = this.byId.get(id);
    if (!d) return error(404, `Dashboard with ID ${id} not found`);
    if (req.method === 'GET') return { status: 200, body: clone(d) };
    if (req.method === 'DELETE') {
      this.byId.delete(id);
      return { status: 200, body: { deleted_dashboard_id: id } };
    }
    if (req.method === 'PUT') {
      const problem = this.problem(req.body);
      if (problem) return error(400, problem);
      return { status: 200, body: clone(this.store(id, req.body as JsonObject, text(d.created_at))) };
    }
    return undefined;
  }
}
