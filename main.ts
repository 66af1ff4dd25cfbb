/**
 * The cdktf app: `npm run synth` and `npx cdktf synth|deploy` both run this file (cdktf.json).
 * All I/O is here and in the config loaders; constructs are pure.
 */
import { answerHelp, usageError } from './src/cli/args';
import { SYNTH, parseSynthArgs, runSynth, underCdktfCli } from './src/cli/synth';

const argv = process.argv.slice(2);
const help = answerHelp(SYNTH, argv);
if (help !== undefined) process.exitCode = help;
else {
  const opts = parseSynthArgs(argv, process.env, process.cwd());
  if (typeof opts === 'string') process.exitCode = usageError(SYNTH, opts);
  else {
    // Under cdktf-cli, stderr is shown as [ERROR]: warnings go to stdout there (src/cli/synth.ts).
    if (underCdktfCli(process.env)) opts.warnings = (l) => process.stdout.write(`${l}\n`);
    process.exitCode = runSynth(opts);
  }
}
