/**
 * `npm run standin -- [--port N] [--quiet]`: the stand-in Datadog API on 127.0.0.1; prints its URL,
 * then one line per request (secrets redacted) on stderr. Point a stack at it with
 * TF_VAR_datadog_api_url_<org>=<the URL> (docs/e2e.md). Stops on Ctrl-C.
 */
import { ArgCursor, CommandSpec, answerHelp, looksLikeOption, unknownOption, usageError, usageLine } from '../../src/cli/args';
import { startStandin } from './server';

const STANDIN: CommandSpec = {
  name: 'standin',
  synopsis: '[--port <n>] [--quiet]',
  summary:
    'Starts the stand-in Datadog API on 127.0.0.1 (a dev tool for the e2e suite): it keeps state and answers as Datadog does the endpoints provider 3.82.0 calls for what the package synthesizes. ' +
    'Prints its URL on stdout, then one line per request on stderr, secrets redacted. Admin routes: /_standin/state, /_standin/requests, /_standin/unknown. Stops on Ctrl-C.',
  options: [
    { flag: '--port', value: '<n>', help: 'The port (default: a free one).' },
    { flag: '--quiet', help: 'Print no line per request.' },
  ],
  examples: ['npm run standin -- --port 8126', 'TF_VAR_datadog_api_url_example=http://127.0.0.1:8126 terraform apply   # in cdktf.out/stacks/example'],
  notes: ['Exit codes: 0 stopped, 1 the port cannot be used or a usage mistake. See docs/e2e.md.'],
};

function parse(argv: readonly string[]): { port: number; quiet: boolean } | string {
  const opt = { port: 0, quiet: false };
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    if (a === '--quiet') opt.quiet = true;
    else if (a === '--port') {
      const v = args.value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 0 || n > 65535)
        return `--port expects a port number from 0 to 65535, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      opt.port = n;
    } else if (looksLikeOption(a)) return unknownOption(a, STANDIN);
    else return `unexpected argument ${JSON.stringify(a)}; ${usageLine(STANDIN)}`;
  }
  return opt;
}

function main(argv: readonly string[]): void {
  const help = answerHelp(STANDIN, argv);
  if (help !== undefined) {
    process.exitCode = help;
    return;
  }
  const opt = parse(argv);
  if (typeof opt === 'string') {
    process.exitCode = usageError(STANDIN, opt);
    return;
  }
  startStandin({ port: opt.port, log: opt.quiet ? undefined : (l) => process.stderr.write(`${l}\n`) }).then(
    (s) => {
      process.stdout.write(`${s.url}\n`);
      process.stderr.write(
        `stand-in Datadog API listening; TF_VAR_datadog_api_url_<org>=${s.url} points a stack here; admin: ${s.url}/_standin/state, /_standin/requests\n`,
      );
      process.on('SIGINT', () => void s.close().then(() => process.exit(0)));
    },
    (e: NodeJS.ErrnoException) => {
      process.stderr.write(`standin: cannot listen on 127.0.0.1:${opt.port} (${e.code ?? e.message}); expected a free port\n`);
      process.exitCode = 1;
    },
  );
}

main(process.argv.slice(2));
