#!/usr/bin/env node
// `npm run provider:build`: makes terraform use provider 3.82.0 built from its Go module, without
// the registry. Builds github.com/terraform-providers/terraform-provider-datadog at tag v3.82.0
// (commit cc0b64ae7e48; its go.mod has no /v3 suffix, so the module proxy is asked for the commit)
// with `go install` into a cache outside the repository (TDAC_PROVIDER_CACHE, else
// ~/.cache/tdac-provider), once per machine; or takes the binary TDAC_PROVIDER_BIN names. Then
// writes a Terraform CLI configuration whose filesystem_mirror serves that binary as
// registry.terraform.io/datadog/datadog 3.82.0, and prints its path (for TF_CLI_CONFIG_FILE) as
// the one line on stdout. Progress goes to stderr; a failure names its step and exits 1.
// Nothing of the provider's code is in this repository. The e2e suite (test/e2e) uses the same
// functions.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const MODULE = 'github.com/terraform-providers/terraform-provider-datadog';
const COMMIT = 'cc0b64ae7e48';
const VERSION = '3.82.0';
const BINARY = `terraform-provider-datadog_v${VERSION}`;

class StepError extends Error {
  constructor(step, message) {
    super(`provider:build: ${step}: ${message}`);
    this.step = step;
  }
}

function cacheDir(env) {
  return env.TDAC_PROVIDER_CACHE || path.join(os.homedir(), '.cache', 'tdac-provider');
}

function platform() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] || process.arch;
  return `${process.platform}_${arch}`;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The provider binary to use without building: TDAC_PROVIDER_BIN, else the cached build; or undefined. */
function locateProvider(env = process.env) {
  if (env.TDAC_PROVIDER_BIN) {
    const bin = path.resolve(env.TDAC_PROVIDER_BIN);
    if (!isExecutable(bin))
      throw new StepError('TDAC_PROVIDER_BIN', `${bin} is not an executable file; expected the path of a terraform-provider-datadog ${VERSION} binary`);
    return bin;
  }
  const cached = path.join(cacheDir(env), BINARY);
  return isExecutable(cached) ? cached : undefined;
}

/** Builds the provider with go install into the cache; returns the binary's path. */
function buildProvider(env, progress) {
  const dir = cacheDir(env);
  const target = path.join(dir, BINARY);
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0)
    throw new StepError(
      'go',
      `the go command is not available (${go.error ? go.error.code : go.stderr.trim()}); expected Go on PATH (see README, "Running the real provider")`,
    );
  progress(`provider:build: ${go.stdout.trim()}`);
  const gobin = path.join(dir, 'gobin');
  fs.mkdirSync(gobin, { recursive: true });
  progress(`provider:build: go install ${MODULE}@${COMMIT} (v${VERSION}) into ${gobin}; the first build takes several minutes`);
  const res = spawnSync('go', ['install', `${MODULE}@${COMMIT}`], {
    env: { ...env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (res.stderr) process.stderr.write(res.stderr);
  if (res.error || res.status !== 0) {
    const last = (res.stderr || '').trim().split('\n').slice(-3).join(' / ');
    throw new StepError('go install', `${MODULE}@${COMMIT} failed (exit ${res.status}): ${last || (res.error && res.error.message)}`);
  }
  fs.renameSync(path.join(gobin, 'terraform-provider-datadog'), target);
  return target;
}

/** Writes the CLI configuration serving `bin` as registry.terraform.io/datadog/datadog VERSION; returns its path. */
function writeCliConfig(bin, env = process.env) {
  const dir = cacheDir(env);
  const mirror = path.join(dir, 'mirror');
  const slot = path.join(mirror, 'registry.terraform.io', 'datadog', 'datadog', VERSION, platform());
  fs.rmSync(slot, { recursive: true, force: true });
  fs.mkdirSync(slot, { recursive: true });
  fs.symlinkSync(bin, path.join(slot, BINARY));
  const config = path.join(dir, 'terraform.rc');
  fs.writeFileSync(
    config,
    [
      `# Written by npm run provider:build: terraform-provider-datadog ${VERSION} from ${bin}, not from the registry.`,
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/datadog/datadog"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/datadog/datadog"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return config;
}

const HELP = `usage: npm run provider:build

Builds terraform-provider-datadog ${VERSION} from its Go module (go install ${MODULE}@${COMMIT})
into a cache outside the repository, once per machine, or takes the binary TDAC_PROVIDER_BIN names;
writes a Terraform CLI configuration that makes terraform use it for DataDog/datadog without the
registry, and prints that file's path on stdout (progress on stderr).

Options:
  -h, --help  Print this help.

Examples:
  npm run provider:build
  export TF_CLI_CONFIG_FILE=$(npm run -s provider:build)
  TDAC_PROVIDER_BIN=/path/to/terraform-provider-datadog npm run provider:build

Environment: TDAC_PROVIDER_BIN (a binary to use), TDAC_PROVIDER_CACHE (default ~/.cache/tdac-provider).
Exit codes: 0 the path printed, 1 a step failed (named) or a usage mistake. See docs/e2e.md and docs/cli.md#exit-codes.
`;

function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (argv.length > 0) {
    process.stderr.write(`provider:build: unknown option ${JSON.stringify(argv[0])}; expected one of: --help, -h\nusage: npm run provider:build\n`);
    process.exitCode = 1;
    return;
  }
  const progress = (line) => process.stderr.write(`${line}\n`);
  try {
    let bin = locateProvider(process.env);
    if (bin) progress(`provider:build: using ${bin}${process.env.TDAC_PROVIDER_BIN ? ' (TDAC_PROVIDER_BIN)' : ' (cached; delete it to rebuild)'}`);
    else bin = buildProvider(process.env, progress);
    const config = writeCliConfig(bin, process.env);
    progress(`provider:build: terraform uses it with TF_CLI_CONFIG_FILE=${config}`);
    process.stdout.write(`${config}\n`);
  } catch (e) {
    if (!(e instanceof StepError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  }
}

module.exports = { locateProvider, writeCliConfig, StepError, VERSION, MODULE, COMMIT };
if (require.main === module) main(process.argv.slice(2));
