/** Apply one org against a fresh stand-in and plan again: the step every e2e test starts with. */
import { Standin, startStandin } from '../standin/server';
import { Deployment, OrgStack, TfResult, synthInto, tail, workDir } from './harness';

export interface Applied {
  standin: Standin;
  deployment: Deployment;
  stack: OrgStack;
  init: TfResult;
  apply: TfResult;
  plan: TfResult;
}

/** Roles the stack's datadog_role data sources look up, made in the stand-in as the org's own. */
export function seedRoles(standin: Standin, stack: OrgStack): void {
  for (const role of Object.values<any>(stack.json().data?.datadog_role ?? {})) standin.state.ui.addRole(String(role.filter));
}

/** Synth (one org), init, apply, plan -detailed-exitcode, against a new stand-in. */
export async function applyOrg(root: string, org: string, before?: (standin: Standin) => void): Promise<Applied> {
  const standin = await startStandin();
  before?.(standin);
  const deployment = synthInto(root, workDir(org), standin, [org]);
  const stack = deployment.stack(org);
  seedRoles(standin, stack);
  const init = await stack.init();
  if (init.code !== 0) throw new Error(`${org}: terraform init failed:\n${tail(init)}`);
  const apply = await stack.apply();
  const plan = apply.code === 0 ? await stack.plan() : apply;
  return { standin, deployment, stack, init, apply, plan };
}

/** The changes a plan shows, for a failure message: its resource lines. */
export function planSummary(r: TfResult): string {
  const lines = r.stdout.split('\n');
  const picked = lines.filter((l) => /^\s*# |^\s*[~+-] |Plan:|Error|error/.test(l));
  return (picked.length ? picked : lines.slice(-40)).slice(0, 120).join('\n');
}

/** One line per org for the suite's summary (printed at the end of a file). */
export const timings: string[] = [];
export function timing(org: string, a: Applied): void {
  const requests = a.standin.state.requests.length;
  timings.push(
    `${org}: init ${a.init.ms} ms, apply ${a.apply.ms} ms, plan ${a.plan.ms} ms, ${requests} API requests, unknown routes: ${a.standin.state.unknown.length}`,
  );
}
