/**
 * The benchmark's baseline: this package's own code in a project laid out as `cdktf init
 * --template=typescript` lays one out, and run the way that template runs it (`"app": "npx ts-node
 * main.ts"`, the template's tsconfig.json): the same loading and validation as synth
 * (`checkProject`), then stock cdktf: `buildApp(...).synth()` with none of the fast path
 * (src/perf/fastCdktf.ts). Same loaders, rules, constructs, provider classes and resources; only
 * the toolchain and cdktf's own synthesis differ.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The template's tsconfig.json, from the installed cdktf-cli (what `cdktf init` copies). */
export function templateTsconfig(repo: string): string {
  const file = path.join(repo, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript', 'tsconfig.json');
  if (!fs.existsSync(file)) throw new Error(`cannot find cdktf's TypeScript template (${file}); expected cdktf-cli installed (npm ci)`);
  return fs.readFileSync(file, 'utf8');
}

/** The stock app: load and check the project, build the stacks, `app.synth()`. Args: <project root> <outdir>. */
export const BASELINE_MAIN = `import { checkProject } from './src/validate/project';
import { formatFinding } from './src/config/findings';
import { buildApp } from './src/app';

const [root, outdir] = process.argv.slice(2);
const { project, findings } = checkProject(root);
for (const f of findings) console.error(formatFinding(f));
if (!project) throw new Error('the project has errors');
buildApp(project, outdir).synth();
`;

export function baselineCdktfJson(): string {
  return `${JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts', projectId: 'torq-bench-baseline', sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} }, null, 2)}\n`;
}

/** Writes the baseline project into `dir`: main.ts, a copy of src/, the template's config, node_modules linked. */
export function writeBaselineProject(dir: string, repo: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(repo, 'src'), path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.ts'), BASELINE_MAIN);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), templateTsconfig(repo));
  fs.writeFileSync(path.join(dir, 'cdktf.json'), baselineCdktfJson());
  fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
}

/** How the baseline is run: real ts-node when the project has it, else scripts/bench-ts-node.js. */
export function baselineCommand(repo: string): { argv: string[]; label: string } {
  let hasTsNode = true;
  try {
    require.resolve('ts-node/package.json', { paths: [repo] });
  } catch {
    hasTsNode = false;
  }
  if (hasTsNode) return { argv: ['npx', 'ts-node', 'main.ts'], label: 'npx ts-node main.ts (cdktf init --template=typescript)' };
  return {
    argv: [process.execPath, path.join(repo, 'scripts', 'bench-ts-node.js'), 'main.ts'],
    label:
      'ts-node is not installed: scripts/bench-ts-node.js, a ts-node equivalent that type-checks and compiles the same way but skips npx and source-mapped stack traces (errs fast)',
  };
}
