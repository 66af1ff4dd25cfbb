/**
 * The Webhooks integration: webhooks and custom variables, by name. From provider 3.82.0's cassettes
 * TestAccDatadogWebhook_Basic.yaml and TestAccDatadogWebhookCustomVariable_Basic.yaml:
 * - POST answers 201 with name, payload (Datadog's default payload when none is sent),
 *   custom_headers (as sent: a string, null when absent), encode_as ("json" by default), url and
 *   auth_method_id (null); PUT changes the fields it sends (a new name renames it) and answers 200;
 *   DELETE answers {}; an unknown name is 404 {"errors":["Webhook does not exist"]};
 * - a custom variable answers name, is_secret and, unless secret, value; an unknown name is 404
 *   {"errors": ["Custom variable does not exist"]}.
 */
import { ApiAnswer, ApiRequest, JsonObject, clone, error, isObject, text } from './types';

/** Datadog's payload for a webhook created without one (the cassette's create answer). */
export const DEFAULT_PAYLOAD =
  '{"body": "$EVENT_MSG", "last_updated": "$LAST_UPDATED", "event_type": "$EVENT_TYPE", "title": "$EVENT_TITLE", "date": "$DATE", "org": {"id": "$ORG_ID", "name": "$ORG_NAME"}, "id": "$ID"}';

const HOOKS = '/api/v1/integration/webhooks/configuration/webhooks';
const VARS = '/api/v1/integration/webhooks/configuration/custom-variables';

export class Webhooks {
  readonly hooks = new Map<string, JsonObject>();
  readonly variables = new Map<string, JsonObject>();

  route(req: ApiRequest): ApiAnswer | undefined {
    if (req.path === HOOKS || req.path.startsWith(`${HOOKS}/`)) return this.hook(req, decodeURIComponent(req.path.slice(HOOKS.length + 1)));
    if (req.path === VARS || req.path.startsWith(`${VARS}/`)) return this.variable(req, decodeURIComponent(req.path.slice(VARS.length + 1)));
    return undefined;
  }

  private hook(req: ApiRequest, name: string): ApiAnswer | undefined {
    const body = isObject(req.body) ? req.body : {};
    if (name === '') {
      if (req.method !== 'POST') return undefined;
      if (typeof body.name !== 'string' || typeof body.url !== 'string') return error(400, "Invalid webhook: 'name' and 'url' are required");
      if (this.hooks.has(body.name)) return error(409, `Webhook ${body.name} already exists`);
      const h: JsonObject = {
        name: body.name,
        payload: typeof body.payload === 'string' ? body.payload : DEFAULT_PAYLOAD,
        custom_headers: typeof body.custom_headers === 'string' ? body.custom_headers : null,
        encode_as: typeof body.encode_as === 'string' ? body.encode_as : 'json',
        url: body.url,
        auth_method_id: null,
      };
      this.hooks.set(body.name, h);
      return { status: 201, body: clone(h) };
    }
    const h = this.hooks.get(name);
    if (!h) return error(404, 'Webhook does not exist');
    if (req.method === 'GET') return { status: 200, body: clone(h) };
    if (req.method === 'DELETE') {
      this.hooks.delete(name);
      return { status: 200, body: {} };
    }
    if (req.method !== 'PUT') return undefined;
    for (const k of ['name', 'payload', 'custom_headers', 'encode_as', 'url']) if (body[k] !== undefined) h[k] = clone(body[k]);
    if (h.name !== name) {
      this.hooks.delete(name);
      this.hooks.set(text(h.name), h);
    }
    return { status: 200, body: clone(h) };
  }

  private shown(v: JsonObject): JsonObject {
    return v.is_secret === true ? { is_secret: true, name: v.name } : clone(v);
  }

  private variable(req: ApiRequest, name: string): ApiAnswer | undefined {
    const body = isObject(req.body) ? req.body : {};
    if (name === '') {
      if (req.method !== 'POST') return undefined;
      if (typeof body.name !== 'string' || typeof body.value !== 'string') return error(400, "Invalid custom variable: 'name' and 'value' are required");
      const v: JsonObject = { is_secret: body.is_secret === true, name: body.name, value: body.value };
      this.variables.set(body.name, v);
      return { status: 201, body: this.shown(v) };
    }
    const v = this.variables.get(name);
    if (!v) return error(404, 'Custom variable does not exist');
    if (req.method === 'GET') return { status: 200, body: this.shown(v) };
    if (req.method === 'DELETE') {
      this.variables.delete(name);
      return { status: 200, body: {} };
    }
    if (req.method !== 'PUT') return undefined;
    for (const k of ['name', 'value', 'is_secret']) if (body[k] !== undefined) v[k] = clone(body[k]);
    if (v.name !== name) {
      this.variables.delete(name);
      this.variables.set(text(v.name), v);
    }
    return { status: 200, body: this.shown(v) };
  }
}
