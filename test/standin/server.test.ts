/** The stand-in over HTTP on 127.0.0.1: key check, recording, unknown routes, secrets redacted in what it serves and prints. */
import { startStandin } from './server';
import { text } from './types';

test('records every request, refuses a request without an API key, lists unknown routes, and never serves or prints a secret', async () => {
  const lines: string[] = [];
  const s = await startStandin({ log: (l) => lines.push(l) });
  try {
    const call = (method: string, p: string, body?: unknown, key = true) =>
      fetch(`${s.url}${p}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(key ? { 'DD-API-KEY': 'k' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await call('GET', '/api/v1/validate', undefined, false)).status).toBe(403);
    expect(await (await call('GET', '/api/v1/validate')).json()).toEqual({ valid: true });
    const created = await call('POST', '/api/v1/integration/webhooks/configuration/webhooks', {
      name: 'torq',
      url: 'https://hooks.torq.io/v1/webhooks/SECRET-ID',
      custom_headers: '{"X-Token":"SECRET-HEADER"}',
    });
    expect(created.status).toBe(201);
    expect((await call('GET', '/api/v1/unheard/of')).status).toBe(404);
    const requests = (await (await fetch(`${s.url}/_standin/requests`)).json()) as { method: string; path: string }[];
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/validate',
      'GET /api/v1/validate',
      'POST /api/v1/integration/webhooks/configuration/webhooks',
      'GET /api/v1/unheard/of',
    ]);
    expect(await (await fetch(`${s.url}/_standin/unknown`)).json()).toMatchObject([{ method: 'GET', path: '/api/v1/unheard/of' }]);
    const served = JSON.stringify(requests) + JSON.stringify(await (await fetch(`${s.url}/_standin/state`)).json()) + lines.join('\n');
    expect(served).not.toMatch(/SECRET/);
    // In-process, the state keeps what was sent (the e2e suite reads it).
    expect(s.state.webhooks.hooks.get('torq')?.url).toBe('https://hooks.torq.io/v1/webhooks/SECRET-ID');
  } finally {
    await s.close();
  }
});

test('the admin routes change a monitor as the Datadog UI would', async () => {
  const s = await startStandin();
  try {
    const m = s.state.monitors.create({
      name: 'm',
      type: 'query alert',
      query: 'avg(last_5m):avg:x{*} > 1',
      options: { thresholds: { critical: 1 }, renotify_interval: 30 },
    });
    const r = await fetch(`${s.url}/_standin/monitors/${text(m.id)}`, { method: 'PATCH', body: JSON.stringify({ options: { renotify_interval: 5 } }) });
    expect(r.status).toBe(200);
    expect(s.state.monitors.byId.get(m.id as number)?.options).toMatchObject({ renotify_interval: 5, thresholds: { critical: 1 } });
    expect((await fetch(`${s.url}/_standin/monitors/${text(m.id)}`, { method: 'DELETE' })).status).toBe(200);
    expect(s.state.monitors.byId.size).toBe(0);
  } finally {
    await s.close();
  }
});
