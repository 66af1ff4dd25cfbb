/**
 * The stand-in Datadog API on 127.0.0.1: keeps state, answers as Datadog does for every endpoint
 * provider 3.82.0 calls for what the package synthesizes, and records every request. Between two
 * terraform runs it can be changed as a person in the Datadog UI would (`ui` in-process, or the
 * /_standin/ admin routes over HTTP). Started by `npm run standin` (cli.ts) and in-process by the
 * e2e suite and the benchmark.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { Access } from './access';
import { Dashboards } from './dashboards';
import { Monitors } from './monitors';
import { ApiAnswer, ApiRequest, Clock, Json, JsonObject, clone, error, isObject, text as jsonText } from './types';
import { Webhooks } from './webhooks';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: Json | undefined;
  status: number;
}

/** Secrets the provider sends: a webhook's url and headers, a custom variable's value, keys. */
const SECRET_FIELDS = new Set(['url', 'custom_headers', 'value', 'key']);

/** A copy with every secret replaced by "<redacted>", for anything printed or served. */
export function redact(v: Json | undefined): Json | undefined {
  if (Array.isArray(v)) return v.map((x) => redact(x) as Json);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET_FIELDS.has(k) && x !== null ? '<redacted>' : (redact(x) as Json);
  return out;
}

export class StandinState {
  readonly clock = new Clock();
  readonly monitors = new Monitors(this.clock);
  readonly dashboards = new Dashboards(this.clock);
  readonly webhooks = new Webhooks();
  readonly access = new Access(this.clock);
  readonly requests: RecordedRequest[] = [];
  /** Requests no route answered: an endpoint the provider calls that the stand-in lacks. */
  readonly unknown: RecordedRequest[] = [];

  handle(req: ApiRequest): ApiAnswer {
    if (req.path === '/api/v1/validate' && req.method === 'GET') {
      return req.hasApiKey ? { status: 200, body: { valid: true } } : error(403, 'Forbidden');
    }
    if (!req.hasApiKey) return error(403, 'Forbidden');
    for (const family of [this.monitors, this.dashboards, this.webhooks, this.access]) {
      const answer = family.route(req);
      if (answer) return answer;
    }
    return error(404, `stand-in: no route for ${req.method} ${req.path}`);
  }

  /** What a person does in the Datadog UI between two terraform runs. */
  readonly ui = {
    /** Edits a monitor as the UI saves it: top-level fields replaced, options merged. */
    editMonitor: (id: number, patch: JsonObject): void => {
      const m = this.monitors.byId.get(id);
      if (!m) throw new Error(`stand-in: no monitor ${id}`);
      for (const [k, v] of Object.entries(patch)) m[k] = k === 'options' && isObject(v) ? { ...(m.options as JsonObject), ...clone(v) } : clone(v);
    },
    deleteMonitor: (id: number): boolean => this.monitors.byId.delete(id),
    editWebhook: (name: string, patch: JsonObject): void => {
      const h = this.webhooks.hooks.get(name);
      if (!h) throw new Error(`stand-in: no webhook ${name}`);
      Object.assign(h, clone(patch));
    },
    addRole: (name: string): string => this.access.addRole(name),
  };

  /** Everything held, secrets redacted (GET /_standin/state). */
  snapshot(): Json {
    return redact({
      monitors: [...this.monitors.byId.values()],
      dashboards: [...this.dashboards.byId.values()],
      webhooks: [...this.webhooks.hooks.values()],
      custom_variables: [...this.webhooks.variables.values()],
      roles: [...this.access.roles.values()],
      users: [...this.access.users.values()],
      api_keys: [...this.access.apiKeys.values()],
      application_keys: [...this.access.appKeys.values()],
    }) as Json;
  }

  /** The /_standin/ admin routes: the same changes as `ui`, over HTTP. */
  admin(method: string, path: string, body: Json | undefined): ApiAnswer {
    if (method === 'GET' && path === '/_standin/state') return { status: 200, body: this.snapshot() };
    if (method === 'GET' && path === '/_standin/requests') return { status: 200, body: this.requests.map((r) => ({ ...r, body: redact(r.body) ?? null })) };
    if (method === 'GET' && path === '/_standin/unknown') return { status: 200, body: this.unknown.map((r) => ({ ...r, body: redact(r.body) ?? null })) };
    if (method === 'DELETE' && path === '/_standin/requests') {
      this.requests.length = 0;
      return { status: 200, body: {} };
    }
    const m = /^\/_standin\/monitors\/(\d+)$/.exec(path);
    try {
      if (m && method === 'PATCH' && isObject(body)) {
        this.ui.editMonitor(Number(m[1]), body);
        return { status: 200, body: {} };
      }
      if (m && method === 'DELETE') return this.ui.deleteMonitor(Number(m[1])) ? { status: 200, body: {} } : error(404, 'Monitor not found');
      if (method === 'POST' && path === '/_standin/roles' && isObject(body) && typeof body.name === 'string')
        return { status: 200, body: { id: this.ui.addRole(body.name) } };
    } catch (e) {
      return error(404, (e as Error).message);
    }
    return error(404, `stand-in: no admin route ${method} ${path}`);
  }
}

export interface Standin {
  url: string;
  state: StandinState;
  close(): Promise<void>;
}

function parseBody(text: string): Json | undefined {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** Starts the stand-in on 127.0.0.1 (port 0: a free one). `log` gets one line per request, secrets redacted. */
export function startStandin(opts: { port?: number; log?: (line: string) => void } = {}): Promise<Standin> {
  const state = new StandinState();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = parseBody(Buffer.concat(chunks).toString('utf8'));
      const method = req.method ?? 'GET';
      let answer: ApiAnswer;
      if (url.pathname.startsWith('/_standin/')) answer = state.admin(method, url.pathname, body);
      else {
        answer = state.handle({ method, path: url.pathname, query: url.searchParams, body, hasApiKey: typeof req.headers['dd-api-key'] === 'string' });
        const rec: RecordedRequest = { method, path: url.pathname, query: url.search, body, status: answer.status };
        state.requests.push(rec);
        if (
          answer.status === 404 &&
          isObject(answer.body) &&
          Array.isArray(answer.body.errors) &&
          jsonText(answer.body.errors[0]).startsWith('stand-in: no route')
        )
          state.unknown.push(rec);
        opts.log?.(`${method} ${url.pathname}${url.search} -> ${answer.status}${body === undefined ? '' : ` ${JSON.stringify(redact(body))}`}`);
      }
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, text ? { 'Content-Type': 'application/json' } : {});
      res.end(text);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        state,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
