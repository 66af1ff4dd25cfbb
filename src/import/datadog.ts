/**
 * Reading an org through the Datadog API, read-only, with the official @datadog/datadog-api-client:
 * its configuration (keys, server), its request factories (paths, query parameters, auth headers)
 * and its HTTP library. Responses are kept as the API's own JSON (snake_case, every field), not
 * the client's typed models: the catalog holds Datadog's monitor JSON, and a typed model throws
 * on any value its schema does not expect (`"renotify_interval": "0"` is a TypeError there).
 *
 * The v1 API modules are imported from their own files: the package index loads every v1 and v2
 * model (about a second); these three load in a tenth of that.
 *
 * Retries: 429 waits for Retry-After (or X-RateLimit-Reset), 5xx retries with a small backoff,
 * both bounded; delays go through an injectable `sleep`, so tests run without waiting.
 */
import {
  BaseServerConfiguration,
  Configuration,
  HttpLibrary,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  ResponseContext,
  createConfiguration,
} from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common';
import { MonitorsApiRequestFactory } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MonitorsApi';
import { DashboardsApiRequestFactory } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/DashboardsApi';
import { WebhooksIntegrationApiRequestFactory } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/WebhooksIntegrationApi';
import { OrganizationsApiRequestFactory } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/OrganizationsApi';
import { RolesApiRequestFactory } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/RolesApi';
import { logger } from '@datadog/datadog-api-client/dist/logger';
import { DatadogReadError } from './api';

export type Json = Record<string, unknown>;

export interface RetryPolicy {
  /** How many times a 429 is waited out before giving up. */
  rateLimitRetries: number;
  /** How many times a 5xx is retried before giving up. */
  serverErrorRetries: number;
  /** The first 5xx backoff; doubled on each retry. */
  backoffMs: number;
  /** The longest single wait (a Retry-After above it is cut to it). */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { rateLimitRetries: 5, serverErrorRetries: 3, backoffMs: 500, maxWaitMs: 60_000 };

export interface ReaderOptions {
  apiKey: string;
  appKey: string;
  /** The API's base URL, such as https://api.datadoghq.eu (from the site, or DD_HOST). */
  baseUrl: string;
  /** The org's site, for messages. */
  site: string;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  /** Monitors per request (the API's page_size; at most 1000, the default). */
  monitorPageSize?: number;
  /** Dashboards per page (the API's count). */
  dashboardPageSize?: number;
  /** Progress lines (waits and retries). */
  log?: (line: string) => void;
}

/** The API's largest monitor page (GET /api/v1/monitor page_size: "Maximum 1000"). */
export const MONITOR_PAGE_MAX = 1000;

/** A URL for messages: never user:password of a proxy URL. */
function shownUrl(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** Seconds from Retry-After (seconds or an HTTP date), else from X-RateLimit-Reset. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const h = (name: string) => headers[name] ?? headers[name.toLowerCase()];
  const retryAfter = h('retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(h('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset >= 0) return reset * 1000;
  return undefined;
}

function pathOf(request: RequestContext): string {
  try {
    const u = new URL(request.getUrl());
    return `${u.pathname}${u.search}`;
  } catch {
    return request.getUrl();
  }
}

/** The client's HTTP library with bounded retries on 429 and 5xx. */
export class RetryingHttpLibrary implements HttpLibrary {
  private readonly inner = new IsomorphicFetchHttpLibrary();
  constructor(
    private readonly policy: RetryPolicy,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly log: (line: string) => void,
  ) {}

  async send(request: RequestContext): Promise<ResponseContext> {
    let rateLimited = 0;
    let serverErrors = 0;
    for (;;) {
      const response = await this.inner.send(request);
      const status = response.httpStatusCode;
      let wait: number | undefined;
      if (status === 429 && rateLimited < this.policy.rateLimitRetries) {
        rateLimited++;
        const asked = retryAfterMs(response.headers);
        wait = Math.min(asked ?? this.policy.backoffMs * 2 ** (rateLimited - 1), this.policy.maxWaitMs);
        this.log(
          `Datadog rate limit (429) on GET ${pathOf(request)}: waiting ${(wait / 1000).toFixed(1)} s${asked !== undefined ? ' as it asked' : ''} (${rateLimited}/${this.policy.rateLimitRetries})`,
        );
      } else if (status >= 500 && status <= 599 && serverErrors < this.policy.serverErrorRetries) {
        serverErrors++;
        wait = Math.min(this.policy.backoffMs * 2 ** (serverErrors - 1), this.policy.maxWaitMs);
        this.log(
          `Datadog answered ${status} on GET ${pathOf(request)}: retrying in ${(wait / 1000).toFixed(1)} s (${serverErrors}/${this.policy.serverErrorRetries})`,
        );
      }
      if (wait === undefined) return response;
      await response.body.text().catch(() => undefined); // release the connection
      await this.sleep(wait);
    }
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The API errors of a response body ({"errors": [...]}), shortened. */
function apiErrors(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const joined = body.errors.map(String).join('; ');
      return joined.length > 200 ? `${joined.slice(0, 197)}...` : joined;
    }
  } catch {
    // not JSON
  }
  return text.length > 0 ? `${text.replace(/\s+/g, ' ').slice(0, 120)}` : 'no details';
}

/** Reads one org. Every method is a GET. */
export class DatadogReader {
  private readonly config: Configuration;
  private readonly monitors: MonitorsApiRequestFactory;
  private readonly dashboards: DashboardsApiRequestFactory;
  private readonly webhooks: WebhooksIntegrationApiRequestFactory;
  private readonly orgs: OrganizationsApiRequestFactory;
  private readonly roles: RolesApiRequestFactory;

  constructor(private readonly opts: ReaderOptions) {
    const policy = { ...DEFAULT_RETRY, ...opts.retry };
    // The client logs failed requests itself; this reader reports them with their meaning instead.
    (logger as { setLevel(level: string): void }).setLevel('silent'); // the client types its logger as any
    this.config = createConfiguration({
      baseServer: new BaseServerConfiguration(opts.baseUrl, {}),
      authMethods: { apiKeyAuth: opts.apiKey, appKeyAuth: opts.appKey },
      httpApi: new RetryingHttpLibrary(policy, opts.sleep ?? realSleep, opts.log ?? (() => undefined)),
    });
    this.monitors = new MonitorsApiRequestFactory(this.config);
    this.dashboards = new DashboardsApiRequestFactory(this.config);
    this.webhooks = new WebhooksIntegrationApiRequestFactory(this.config);
    this.orgs = new OrganizationsApiRequestFactory(this.config);
    this.roles = new RolesApiRequestFactory(this.config);
  }

  /** Sends a request; the parsed JSON body, or undefined for a 404 when `allowMissing`. */
  private async get(request: RequestContext, what: string, allowMissing = false): Promise<unknown> {
    let response: ResponseContext;
    try {
      response = await this.config.httpApi.send(request);
    } catch (e) {
      const err = e as { code?: string; message?: string };
      throw new DatadogReadError(
        `cannot reach ${shownUrl(this.opts.baseUrl)} to read ${what}: ${err.code ?? err.message ?? String(e)}; expected the Datadog API of site ${this.opts.site} (or DD_HOST)`,
      );
    }
    const status = response.httpStatusCode;
    const text = await response.body.text();
    if (status === 404 && allowMissing) return undefined;
    if (status === 401 || status === 403) {
      throw new DatadogReadError(
        `Datadog refused the keys (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${apiErrors(text)}) reading ${what} at ${shownUrl(this.opts.baseUrl)}; ` +
          `expected DD_API_KEY and DD_APP_KEY to be an API key and an application key of this org on site ${this.opts.site}, ` +
          'the application key allowed to read monitors, dashboards and the Webhooks integration',
        status,
      );
    }
    if (status === 429) throw new DatadogReadError(`Datadog kept rate-limiting (429) reading ${what}; nothing was written, try again later`, status);
    if (status >= 500)
      throw new DatadogReadError(`Datadog answered ${status} reading ${what} after retries (${apiErrors(text)}); nothing was written, try again later`, status);
    if (status < 200 || status > 299) throw new DatadogReadError(`Datadog answered ${status} reading ${what}: ${apiErrors(text)}`, status);
    try {
      return JSON.parse(text);
    } catch {
      throw new DatadogReadError(
        `Datadog answered ${what} with a body that is not JSON (${text.slice(0, 60)}); expected JSON from ${shownUrl(this.opts.baseUrl)}`,
      );
    }
  }

  /**
   * Every monitor of the org, by id_offset: each request asks for the monitors after the last id
   * seen, with the API's largest page (page_size 1000). Datadog documents id_offset for large
   * monitor sets ("set the value to the last ID of result set, and then repeat until the response
   * is empty"); page numbers would skip a monitor when one on an earlier page is deleted while the
   * list is read, and a prune would then call it deleted.
   */
  async listMonitors(): Promise<Json[]> {
    const pageSize = this.opts.monitorPageSize ?? MONITOR_PAGE_MAX;
    const out: Json[] = [];
    const seen = new Set<unknown>();
    let offset = 0;
    for (;;) {
      const request = await this.monitors.listMonitors(undefined, undefined, undefined, undefined, undefined, offset, 0, pageSize);
      const body = await this.get(request, `monitors (id_offset ${offset})`);
      if (!Array.isArray(body)) throw new DatadogReadError(`Datadog answered the monitor list with ${typeof body}; expected a JSON array of monitors`);
      const fresh = body.filter((m) => !seen.has((m as Json)?.id));
      for (const m of fresh) seen.add((m as Json).id);
      out.push(...(fresh as Json[]));
      const last = Number((body[body.length - 1] as Json | undefined)?.id);
      // An empty answer ends the list; one of nothing new, or without a larger id, means the server ignores id_offset.
      if (fresh.length === 0 || !Number.isFinite(last) || last <= offset) break;
      offset = last;
    }
    return out;
  }

  /** One monitor by id (GET /api/v1/monitor/{id}), or undefined when Datadog answers 404 (it is deleted). */
  async getMonitor(id: number): Promise<Json | undefined> {
    const body = await this.get(await this.monitors.getMonitor(id), `monitor ${id}`, true);
    if (body === undefined) return undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new DatadogReadError(`Datadog answered monitor ${id} with no object; expected a monitor`);
    return body as Json;
  }

  /** Every dashboard summary of the org, page by page (start, count). */
  async listDashboards(): Promise<Json[]> {
    const count = this.opts.dashboardPageSize ?? 100;
    const out: Json[] = [];
    const seen = new Set<unknown>();
    for (let start = 0; ; start += count) {
      const request = await this.dashboards.listDashboards(undefined, undefined, count, start);
      const body = (await this.get(request, 'the dashboard list')) as { dashboards?: unknown };
      const list = Array.isArray(body?.dashboards) ? (body.dashboards as Json[]) : undefined;
      if (!list) throw new DatadogReadError('Datadog answered the dashboard list without "dashboards"; expected {"dashboards": [...]}');
      const fresh = list.filter((d) => !seen.has(d?.id));
      for (const d of fresh) seen.add(d.id);
      out.push(...fresh);
      if (list.length < count || fresh.length === 0 || list.length > count) break;
    }
    return out;
  }

  async getDashboard(id: string): Promise<Json> {
    const body = await this.get(await this.dashboards.getDashboard(id), `dashboard ${id}`);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new DatadogReadError(`Datadog answered dashboard ${id} with no object; expected a dashboard`);
    return body as Json;
  }

  /** The webhook's configuration, or undefined when the org has no webhook of that name. */
  async getWebhook(name: string): Promise<Json | undefined> {
    const body = await this.get(await this.webhooks.getWebhooksIntegration(name), `webhook "${name}"`, true);
    if (body === undefined) return undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new DatadogReadError(`Datadog answered webhook "${name}" with no object; expected a webhook`);
    return body as Json;
  }

  /**
   * Whether a webhook custom variable of that name exists (its value is never read: a secret one has
   * none in the answer, and the body is dropped here).
   */
  async hasWebhookCustomVariable(name: string): Promise<boolean> {
    const body = await this.get(await this.webhooks.getWebhooksIntegrationCustomVariable(name), `webhook custom variable "${name}"`, true);
    return body !== undefined;
  }

  /** The org the keys belong to (GET /api/v1/org lists the current org first). */
  async getOrg(): Promise<{ publicId: string; name?: string } | undefined> {
    const body = (await this.get(await this.orgs.listOrgs(), 'the org (GET /api/v1/org)')) as { orgs?: unknown };
    const first = Array.isArray(body?.orgs) ? (body.orgs[0] as Json | undefined) : undefined;
    if (!first || typeof first.public_id !== 'string' || first.public_id === '') return undefined;
    return { publicId: first.public_id, name: typeof first.name === 'string' ? first.name : undefined };
  }

  /** Role id -> name, page by page; undefined when the application key may not read roles (names then stay ids). */
  async listRoles(): Promise<Map<string, string> | undefined> {
    const out = new Map<string, string>();
    const size = 100;
    for (let page = 0; page < 100; page++) {
      let body: { data?: unknown };
      try {
        body = (await this.get(await this.roles.listRoles(size, page), `roles (page ${page})`)) as { data?: unknown };
      } catch (e) {
        if (e instanceof DatadogReadError && (e.status === 403 || e.status === 404)) return undefined;
        throw e;
      }
      const data = Array.isArray(body?.data) ? (body.data as Json[]) : [];
      for (const r of data) {
        const name = isRecord(r.attributes) ? r.attributes.name : undefined;
        if (typeof r.id === 'string' && typeof name === 'string') out.set(r.id, name);
      }
      if (data.length < size) break;
    }
    return out;
  }
}

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
