/**
 * Roles, service accounts (users), API keys and service-account application keys (API v2).
 * Roles and service accounts follow provider 3.82.0's cassettes (TestAccDatadogRoleDatasource*,
 * TestServiceAccountCreate.yaml, TestServiceAccountUpdate.yaml): `?filter=` is a substring search
 * of role names answered with meta.page counts; a service account is a user with
 * service_account true, answered with its roles under relationships and `included`; DELETE
 * /api/v2/users/{id} answers 204 and only disables it (a later GET shows disabled: true, status
 * "Disabled"); roles are granted and taken with POST/DELETE /api/v2/roles/{id}/users; a role made
 * with POST /api/v2/roles is answered without user_count, read with it. The key
 * endpoints have no cassette at v3.82.0 (their tests are not recorded): their shapes follow the
 * API client's models (FullAPIKey, FullApplicationKey, PartialApplicationKey): the secret `key` is
 * answered on create (and, for API keys, on read), never for application keys after create.
 */
import { ApiAnswer, ApiRequest, Clock, JsonObject, clone, error, isObject, text, uuid } from './types';

export const DEFAULT_ROLES = ['Datadog Admin Role', 'Datadog Standard Role', 'Datadog Read Only Role'];

function hex(seed: string, length: number): string {
  let h = 2166136261;
  let out = '';
  while (out.length < length) {
    for (const c of `${seed}${out.length}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

export class Access {
  readonly roles = new Map<string, JsonObject>();
  readonly users = new Map<string, JsonObject>();
  readonly apiKeys = new Map<string, JsonObject>();
  readonly appKeys = new Map<string, JsonObject>();
  constructor(private readonly clock: Clock) {
    for (const name of DEFAULT_ROLES) this.addRole(name);
  }

  /** A role made in the UI (the e2e harness adds the roles a fixture names). */
  addRole(name: string): string {
    for (const [id, r] of this.roles) if ((r.attributes as JsonObject).name === name) return id;
    const id = uuid();
    const at = this.clock.iso();
    this.roles.set(id, {
      type: 'roles',
      id,
      attributes: { name, created_at: at, modified_at: at, user_count: 0 },
      relationships: { permissions: { data: [] } },
    });
    return id;
  }

  private roleIdsOf(user: JsonObject): string[] {
    const rel = (user.relationships as JsonObject).roles as JsonObject;
    return (rel.data as JsonObject[]).map((r) => text(r.id));
  }

  private userAnswer(user: JsonObject): JsonObject {
    const included = this.roleIdsOf(user).flatMap((id) => (this.roles.has(id) ? [clone(this.roles.get(id) as JsonObject)] : []));
    return { data: clone(user), included };
  }

  route(req: ApiRequest): ApiAnswer | undefined {
    const p = req.path;
    if (p === '/api/v2/roles' && req.method === 'GET') {
      const filter = (req.query.get('filter') ?? '').toLowerCase();
      // Datadog's default sort is by name (TestAccDatadogRoleDatasourceExactMatch.yaml: "main" before "main cloned").
      const name = (r: JsonObject) => text((r.attributes as JsonObject).name);
      const data = [...this.roles.values()]
        .filter((r) => name(r).toLowerCase().includes(filter))
        .sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
      return { status: 200, body: { meta: { page: { total_filtered_count: data.length, total_count: this.roles.size } }, data: clone(data) } };
    }
    if (p === '/api/v2/roles' && req.method === 'POST') {
      const attrs = isObject(req.body) && isObject(req.body.data) && isObject(req.body.data.attributes) ? req.body.data.attributes : undefined;
      if (!attrs || typeof attrs.name !== 'string') return error(400, "Invalid role: 'name' is required");
      const role = this.roles.get(this.addRole(attrs.name)) as JsonObject;
      const { user_count: _count, ...attributes } = role.attributes as JsonObject;
      return { status: 200, body: { data: { ...clone(role), attributes } } };
    }
    let m = /^\/api\/v2\/roles\/([^/]+)(\/users)?$/.exec(p);
    if (m) return this.role(req, m[1], m[2] !== undefined);
    if (p === '/api/v2/service_accounts' && req.method === 'POST') return this.createServiceAccount(req);
    m = /^\/api\/v2\/users\/([^/]+)$/.exec(p);
    if (m) return this.user(req, m[1]);
    if (p === '/api/v2/api_keys' && req.method === 'POST') return this.createApiKey(req);
    m = /^\/api\/v2\/api_keys\/([^/]+)$/.exec(p);
    if (m) return this.apiKey(req, m[1]);
    m = /^\/api\/v2\/service_accounts\/([^/]+)\/application_keys(?:\/([^/]+))?$/.exec(p);
    if (m) return this.appKey(req, m[1], m[2]);
    return undefined;
  }

  private role(req: ApiRequest, id: string, users: boolean): ApiAnswer | undefined {
    const role = this.roles.get(id);
    if (!role) return error(404, `${id} not found`);
    if (!users && req.method === 'DELETE') {
      this.roles.delete(id);
      return { status: 204 };
    }
    if (!users) return req.method === 'GET' ? { status: 200, body: { data: clone(role) } } : undefined;
    const userId = isObject(req.body) && isObject(req.body.data) ? text(req.body.data.id) : '';
    const user = this.users.get(userId);
    if (!user) return error(404, 'user not found');
    const rel = (user.relationships as JsonObject).roles as JsonObject;
    const ids = this.roleIdsOf(user).filter((r) => r !== id);
    if (req.method === 'POST') ids.push(id);
    else if (req.method !== 'DELETE') return undefined;
    rel.data = ids.map((r) => ({ type: 'roles', id: r }));
    const members = [...this.users.values()].filter((u) => this.roleIdsOf(u).includes(id));
    return { status: 200, body: { meta: { page: { total_count: members.length } }, data: clone(members) } };
  }

  private createServiceAccount(req: ApiRequest): ApiAnswer {
    const data = isObject(req.body) && isObject(req.body.data) ? req.body.data : undefined;
    const attrs = data && isObject(data.attributes) ? data.attributes : undefined;
    if (!attrs || typeof attrs.email !== 'string') return error(400, "Invalid service account: 'email' is required");
    const rel = isObject(data?.relationships) && isObject(data?.relationships.roles) ? data?.relationships.roles : undefined;
    const roleIds = Array.isArray(rel?.data) ? rel.data.map((r) => (isObject(r) ? text(r.id) : '')) : [];
    const missing = roleIds.find((r) => !this.roles.has(r));
    if (missing !== undefined) return error(404, `Role ${missing} not found`);
    const id = uuid();
    const at = this.clock.iso();
    const user: JsonObject = {
      type: 'users',
      id,
      attributes: {
        name: attrs.name ?? null,
        handle: id,
        created_at: at,
        modified_at: at,
        email: attrs.email,
        icon: 'https://secure.gravatar.com/avatar/0?s=48&d=retro',
        title: attrs.title ?? null,
        verified: true,
        service_account: true,
        disabled: false,
        allowed_login_methods: [],
        status: 'Active',
      },
      relationships: {
        roles: { data: roleIds.map((r) => ({ type: 'roles', id: r })) },
        org: { data: { type: 'orgs', id: '5ca1ab1e-0000-11ee-8000-0000000000aa' } },
      },
    };
    this.users.set(id, user);
    return { status: 201, body: this.userAnswer(user) };
  }

  private user(req: ApiRequest, id: string): ApiAnswer | undefined {
    const user = this.users.get(id);
    if (!user) return error(404, 'user not found');
    const attrs = user.attributes as JsonObject;
    if (req.method === 'GET') return { status: 200, body: this.userAnswer(user) };
    if (req.method === 'DELETE') {
      attrs.disabled = true;
      attrs.status = 'Disabled';
      return { status: 204 };
    }
    if (req.method !== 'PATCH') return undefined;
    const patch = isObject(req.body) && isObject(req.body.data) && isObject(req.body.data.attributes) ? req.body.data.attributes : {};
    for (const k of ['name', 'email', 'disabled', 'title']) if (patch[k] !== undefined) attrs[k] = clone(patch[k]);
    attrs.status = attrs.disabled === true ? 'Disabled' : 'Active';
    attrs.modified_at = this.clock.iso();
    // The PATCH answer has no `included` (TestServiceAccountUpdate.yaml).
    return { status: 200, body: { data: clone(user) } };
  }

  private createApiKey(req: ApiRequest): ApiAnswer {
    const attrs = isObject(req.body) && isObject(req.body.data) && isObject(req.body.data.attributes) ? req.body.data.attributes : undefined;
    if (!attrs || typeof attrs.name !== 'string') return error(400, "Invalid API key: 'name' is required");
    const id = uuid();
    const key = hex(`api${id}`, 32);
    const at = this.clock.iso();
    const k: JsonObject = {
      type: 'api_keys',
      id,
      attributes: {
        category: 'default',
        created_at: at,
        key,
        last4: key.slice(-4),
        modified_at: at,
        name: attrs.name,
        remote_config_read_enabled: attrs.remote_config_read_enabled === true,
      },
      relationships: { created_by: { data: { type: 'users', id: String(uuid()) } } },
    };
    this.apiKeys.set(id, k);
    return { status: 201, body: { data: clone(k) } };
  }

  private apiKey(req: ApiRequest, id: string): ApiAnswer | undefined {
    const k = this.apiKeys.get(id);
    if (!k) return error(404, 'API key not found');
    if (req.method === 'GET') return { status: 200, body: { data: clone(k) } };
    if (req.method === 'DELETE') {
      this.apiKeys.delete(id);
      return { status: 204 };
    }
    if (req.method !== 'PATCH') return undefined;
    const attrs = isObject(req.body) && isObject(req.body.data) && isObject(req.body.data.attributes) ? req.body.data.attributes : {};
    const stored = k.attributes as JsonObject;
    for (const f of ['name', 'remote_config_read_enabled']) if (attrs[f] !== undefined) stored[f] = clone(attrs[f]);
    stored.modified_at = this.clock.iso();
    return { status: 200, body: { data: clone(k) } };
  }

  private appKey(req: ApiRequest, owner: string, id: string | undefined): ApiAnswer | undefined {
    if (!this.users.has(owner)) return error(404, 'user not found');
    const partial = (k: JsonObject): JsonObject => {
      const c = clone(k);
      delete (c.attributes as JsonObject).key;
      return c;
    };
    if (id === undefined) {
      if (req.method !== 'POST') return undefined;
      const attrs = isObject(req.body) && isObject(req.body.data) && isObject(req.body.data.attributes) ? req.body.data.attributes : undefined;
      if (!attrs || typeof attrs.name !== 'string') return error(400, "Invalid application key: 'name' is required");
      const newId = uuid();
      const key = hex(`app${newId}`, 40);
      const k: JsonObject = {
        type: 'application_keys',
        id: newId,
        attributes: { created_at: this.clock.iso(), key, last4: key.slice(-4), name: attrs.name, scopes: clone(attrs.scopes ?? null) },
        relationships: { owned_by: { data: { type: 'users', id: owner } } },
      };
      this.appKeys.set(newId, k);
      return { status: 201, body: { data: clone(k) } };
    }
    const k = this.appKeys.get(id);
    if (!k) return error(404, 'Application key not found');
    if (req.method === 'GET') return { status: 200, body: { data: partial(k) } };
    if (req.method === 'DELETE') {
      this.appKeys.delete(id);
      return { status: 204 };
    }
    if (req.method !== 'PATCH') return undefined;
    const attrs = isObject(req.body) && isObject(req.body.data) && isObject(req.body.data.attributes) ? req.body.data.attributes : {};
    for (const f of ['name', 'scopes']) if (attrs[f] !== undefined) (k.attributes as JsonObject)[f] = clone(attrs[f]);
    return { status: 200, body: { data: partial(k) } };
  }
}
