/**
 * The cdktf app: `npm run synth` and `npx cdktf synth|deploy` both run this file (cdktf.json).
 * All I/O is here and in the config loaders; constructs are pure.
 */
import { synthMain } from './src/cli/synth';

process.exitCode = synthMain(process.argv.slice(2), process.env, process.cwd());
