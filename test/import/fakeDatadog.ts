/**
 * A local stand-in for the Datadog API endpoints org:import reads, on 127.0.0.1 and a random
 * port: monitors (id_offset or page, with page_size; one by id), dashboards (count, start) and one dashboard, and a webhook of
 * the Webhooks integration. It checks the DD-API-KEY and DD-APPLICATION-KEY headers and can
 * answer 429 or 500 before succeeding. Fixtures: test/fixtures/orgs/api.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { FIXTURES } from './helpers';
import { parseOrgImportArgs, runOrgImport } from '../../src/cli/orgImport';

const API = path.join(FIXTURES, 'api');

export const API_KEY = 'fake-api-key-0f2b7c1d9e';
export const APP_KEY = 'fake-app-key-8a4e6d2c0b';

export function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(API, name), 'utf8'));
}

export interface Fault {
  /** A request path (without query) and, optionally, its query must contain this text. */
  path: string;
  query?: string;
  status: 403 | 429 | 500 | 502 | 503;
  /** Retry-After header value for 429s. */
  retryAfter?: string;
  /** How many times to fail before succeeding (Infinity: always). */
  times: number;
}

export interface FakeDatadog {
  url: string;
  requests: { method: string; path: string; query: string; apiKey?: string; appKey?: string; status: number }[];
  /** Replace the data served (monitors list, dashboards by id, webhooks by name). */
  data: {
    monitors: any[];
    dashboardList: any[];
    dashboards: Record<string, any>;
    webhooks: Record<string, any>;
    org?: { public_id: string; name: string };
    orgForbidden?: boolean;
    roles?: { id: string; name: string }[];
    customVariables?: Record<string, any>;
    unlisted?: number[];
  };
  faults: Fault[];
  /** Called after each answer to the monitor list (n: how many were answered so far), e.g. to delete a monitor between two requests. */
  afterMonitorList?: (n: number) => void;
  close(): Promise<void>;
}

export function defaultData(): FakeDatadog['data'] {
  return {
    monitors: fixture('monitors.json'),
    dashboardList: fixture('dashboards.json').dashboards,
    dashboards: {
      'abc-def-ghi': fixture('dashboard-abc-def-ghi.json'),
      'jkl-mno-pqr': fixture('dashboard-jkl-mno-pqr.json'),
      'stu-vwx-yz1': fixture('dashboard-stu-vwx-yz1.json'),
    },
    webhooks: { torq: fixture('webhook-torq.json') },
    org: { public_id: 'abc123acme', name: 'Acme EU' },
    roles: [],
  };
}

export async function startFakeDatadog(faults: Fault[] = []): Promise<FakeDatadog> {
  const fake = { requests: [], data: defaultData(), faults: faults.map((f) => ({ ...f })) } as unknown as FakeDatadog;
  let listed = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const apiKey = req.headers['dd-api-key'] as string | undefined;
    const appKey = req.headers['dd-application-key'] as string | undefined;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      fake.requests.push({ method: req.method ?? '', path: url.pathname, query: url.search, apiKey, appKey, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { errors: ['Method Not Allowed'] });
    if (apiKey !== API_KEY || appKey !== APP_KEY) return send(403, { errors: ['Forbidden'] });
    const fault = fake.faults.find((f) => f.path === url.pathname && (f.query === undefined || url.search.includes(f.query)) && f.times > 0);
    if (fault) {
      fault.times--;
      return send(
        fault.status,
        { errors: [fault.status === 429 ? 'Rate limit exceeded' : 'Internal Server Error'] },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    const q = url.searchParams;
    if (url.pathname === '/api/v1/monitor') {
      const page = Number(q.get('page') ?? 0);
      const size = Number(q.get('page_size') ?? 100);
      // id_offset: the monitors after that id, by id (Datadog's documented paging for large sets).
      const all = fake.data.monitors.filter((m) => !(fake.data.unlisted ?? []).includes(m.id));
      const list = q.has('id_offset') ? [...all].sort((a, b) => a.id - b.id).filter((m) => m.id > Number(q.get('id_offset'))) : all;
      const body = q.has('page') ? list.slice(page * size, page * size + size) : list;
      send(200, body);
      listed++;
      fake.afterMonitorList?.(listed);
      return;
    }
    const one = /^\/api\/v1\/monitor\/(\d+)$/.exec(url.pathname);
    if (one) {
      const m = fake.data.monitors.find((x) => x.id === Number(one[1]));
      return m ? send(200, m) : send(404, { errors: ['Monitor not found'] });
    }
    if (url.pathname === '/api/v1/dashboard') {
      const start = Number(q.get('start') ?? 0);
      const count = Number(q.get('count') ?? 100);
      return send(200, { dashboards: fake.data.dashboardList.slice(start, start + count) });
    }
    const dash = /^\/api\/v1\/dashboard\/([^/]+)$/.exec(url.pathname);
    if (dash) {
      const d = fake.data.dashboards[decodeURIComponent(dash[1])];
      return d ? send(200, d) : send(404, { errors: ['Dashboard not found'] });
    }
    if (url.pathname === '/api/v1/org') {
      // Keys scoped to monitors and dashboards only may not read the org.
      if (fake.data.orgForbidden) return send(403, { errors: ['Forbidden'] });
      return send(200, { orgs: fake.data.org ? [fake.data.org] : [] });
    }
    if (url.pathname === '/api/v2/roles') {
      const size = Number(q.get('page[size]') ?? 10);
      const page = Number(q.get('page[number]') ?? 0);
      const roles = (fake.data.roles ?? []).slice(page * size, page * size + size);
      return send(200, { data: roles.map((r) => ({ type: 'roles', id: r.id, attributes: { name: r.name } })) });
    }
    const variable = /^\/api\/v1\/integration\/webhooks\/configuration\/custom-variables\/([^/]+)$/.exec(url.pathname);
    if (variable) {
      const v = fake.data.customVariables?.[decodeURIComponent(variable[1])];
      return v ? send(200, v) : send(404, { errors: ['Custom variable not found'] });
    }
    const hook = /^\/api\/v1\/integration\/webhooks\/configuration\/webhooks\/([^/]+)$/.exec(url.pathname);
    if (hook) {
      const w = fake.data.webhooks[decodeURIComponent(hook[1])];
      return w ? send(200, w) : send(404, { errors: ['Webhook not found'] });
    }
    return send(404, { errors: ['Not found'] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

/** Every secret the fixtures hold: none may appear in a written file or in the output. */
export function fixtureSecrets(): string[] {
  const hook = fixture('webhook-torq.json');
  const headers = JSON.parse(hook.custom_headers) as Record<string, string>;
  return [API_KEY, APP_KEY, hook.url, new URL(hook.url).pathname.split('/').pop()!, ...Object.values(headers)];
}

/** org:import of `org` in `root` against the stand-in API, in process; what it printed, joined. */
export async function importAgainst(
  fake: FakeDatadog,
  org: string,
  root: string,
  argv: string[] = [],
  monitorPageSize?: number,
): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const args = parseOrgImportArgs([org, ...argv], root);
  if (typeof args === 'string') throw new Error(args);
  const code = await runOrgImport(
    args,
    { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) },
    { env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_HOST: fake.url }, sleep: () => Promise.resolve(), monitorPageSize },
  );
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}
