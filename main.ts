/**
 * The cdktf app: `npm run synth` and `npx cdktf synth|deploy` both run this file (cdktf.json).
 * All I/O is here and in the config loaders; constructs are pure.
 */
import { parseSynthArgs, runSynth } from './src/cli/synth';

const opts = parseSynthArgs(process.argv.slice(2), process.env, process.cwd());
if (typeof opts === 'string') {
  process.stderr.write(`synth: ${opts}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = runSynth(opts);
}
