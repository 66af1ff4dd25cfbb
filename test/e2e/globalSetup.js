// The e2e suite needs terraform and a terraform-provider-datadog 3.82.0 binary (npm run
// provider:build, or TDAC_PROVIDER_BIN). Without either it stops here, non-zero, saying why: it is
// never a silent skip. It writes the CLI configuration the suite's terraform runs use.
'use strict';
const { spawnSync } = require('child_process');
const { locateProvider, writeCliConfig, StepError, VERSION } = require('../../scripts/provider');

/** Stops the run here: the reason on stderr, exit 1, no stack trace (it is not a bug of the suite). */
function cannotRun(message) {
  process.stderr.write(`\ne2e cannot run: ${message}\n`);
  process.exit(1);
}

module.exports = async function globalSetup() {
  const tf = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  if (tf.error || tf.status !== 0) {
    cannotRun(`terraform is not on PATH (${tf.error ? tf.error.code : tf.stderr.trim()}); expected terraform >= 1.10 (CI has 1.11.4)`);
  }
  let bin;
  try {
    bin = locateProvider(process.env);
  } catch (e) {
    if (e instanceof StepError) cannotRun(e.message);
    throw e;
  }
  if (!bin) {
    cannotRun(
      `no terraform-provider-datadog ${VERSION} binary. Run \`npm run provider:build\` (it builds one from the Go module proxy into ~/.cache/tdac-provider), ` +
        'or set TDAC_PROVIDER_BIN=/path/to/terraform-provider-datadog. The suite runs the real provider against the stand-in Datadog and has nothing to run without it.',
    );
  }
  process.env.TF_CLI_CONFIG_FILE = writeCliConfig(bin, process.env);
  process.stderr.write(`\ne2e: provider ${bin}; ${tf.stdout.split('\n')[0]}\n`);
};
