/**
 * Runs the real terraform and provider 3.82.0 on synthesized stacks against the stand-in Datadog:
 * synth a project into a temp folder, then per org init, plan, apply. Terraform runs as a child
 * process (asynchronously: the stand-in answers it from this process). State is a local file in
 * the temp folder whatever the org's backend says (an override file), and every secret variable
 * gets a made-up value; the API URL comes from TF_VAR_datadog_api_url_<org> (src/stack.ts).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynth } from '../../src/cli/synth';
import type { Standin } from '../standin/server';

export interface TfResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** -parallelism=10: the provider's requests go to 127.0.0.1; the machine has 2 shared cores. */
export const PARALLELISM = '-parallelism=10';

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TfResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, '-no-color'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

export class OrgStack {
  readonly env: NodeJS.ProcessEnv;
  constructor(
    readonly org: string,
    readonly dir: string,
    readonly statePath: string,
    standin: Standin,
  ) {
    const stack = this.json();
    const vars: Record<string, string> = {};
    for (const [name, v] of Object.entries<any>(stack.variable ?? {})) {
      if (v.sensitive !== true) continue;
      vars[`TF_VAR_${name}`] = name.startsWith('torq_webhook_url_') ? `https://hooks.torq.io/v1/webhooks/e2e-${name}` : `e2e-${name}`;
    }
    const apiUrlVar = Object.keys(stack.variable ?? {}).find((v) => v.startsWith('datadog_api_url_'));
    if (!apiUrlVar) throw new Error(`${org}: the stack has no datadog_api_url_ variable`);
    vars[`TF_VAR_${apiUrlVar}`] = standin.url;
    this.env = { ...process.env, ...vars, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
    // Whatever the org's backend (s3, gcs...), state stays in the temp folder.
    fs.writeFileSync(path.join(dir, 'e2e_override.tf.json'), JSON.stringify({ terraform: { backend: { local: { path: statePath } } } }, null, 2));
  }

  json(): any {
    return JSON.parse(fs.readFileSync(path.join(this.dir, 'cdk.tf.json'), 'utf8'));
  }

  async run(...args: string[]): Promise<TfResult> {
    return terraform(args, this.dir, this.env);
  }

  async init(): Promise<TfResult> {
    return this.run('init', '-input=false', '-reconfigure');
  }

  async apply(): Promise<TfResult> {
    return this.run('apply', '-auto-approve', '-input=false', PARALLELISM);
  }

  /** `plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error. */
  async plan(): Promise<TfResult> {
    return this.run('plan', '-detailed-exitcode', '-input=false', PARALLELISM);
  }

  /** Terraform's state as JSON (`terraform show -json`): address -> the resource's values. */
  async state(): Promise<Map<string, any>> {
    const r = await this.run('show', '-json');
    if (r.code !== 0) throw new Error(`${this.org}: terraform show failed: ${r.stderr}`);
    const out = new Map<string, any>();
    const walk = (module: any) => {
      for (const res of module?.resources ?? []) out.set(res.address, res.values);
      for (const child of module?.child_modules ?? []) walk(child);
    };
    walk(JSON.parse(r.stdout).values?.root_module);
    return out;
  }
}

/** A project synthesized into a temp folder, one OrgStack per org. */
export class Deployment {
  readonly stacks = new Map<string, OrgStack>();
  constructor(
    readonly root: string,
    readonly work: string,
    readonly synthLines: string[],
  ) {}

  stack(org: string): OrgStack {
    const s = this.stacks.get(org);
    if (!s) throw new Error(`no stack ${org}`);
    return s;
  }
}

export function workDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tdac-e2e-${prefix}-`));
}

/** Synthesizes `root` into `work`/cdktf.out; keeps the state files of an earlier synth into the same `work`. */
export function synthInto(root: string, work: string, standin: Standin, orgs?: string[]): Deployment {
  fs.mkdirSync(work, { recursive: true });
  const outdir = path.join(work, 'cdktf.out');
  const lines: string[] = [];
  // Keep .terraform (providers, backend) of a previous synth: synth rewrites cdk.tf.json only.
  const code = runSynth({ root, outdir, orgs, stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) });
  if (code !== 0) throw new Error(`synth of ${root} failed:\n${lines.join('\n')}`);
  const d = new Deployment(root, work, lines);
  for (const org of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
    d.stacks.set(org, new OrgStack(org, path.join(outdir, 'stacks', org), path.join(work, `${org}.tfstate`), standin));
  }
  return d;
}

/** The last lines of a terraform run, for a failure message (the values are made-up; no secret is real). */
export function tail(r: TfResult, n = 40): string {
  return `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-n).join('\n');
}

/** Copies a project folder (orgs, monitors, dashboards, service checks) into a temp folder. */
export function copyProjectTo(src: string, dest: string): string {
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

export function editJsonFile(file: string, edit: (v: any) => void): void {
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(v);
  fs.writeFileSync(file, `${JSON.stringify(v, null, 2)}\n`);
}
