/**
 * `npm run standin -- [--port N] [--quiet]`: the stand-in Datadog API on 127.0.0.1; prints its URL,
 * then one line per request (secrets redacted) on stderr. Point a stack at it with
 * TF_VAR_datadog_api_url_<org>=<the URL> (docs/e2e.md). Stops on Ctrl-C.
 */
import { startStandin } from './server';

function main(argv: string[]): void {
  let port = 0;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' && /^\d+$/.test(argv[i + 1] ?? '')) port = Number(argv[++i]);
    else if (a.startsWith('--port=') && /^\d+$/.test(a.slice(7))) port = Number(a.slice(7));
    else if (a === '--quiet') quiet = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run standin -- [--port N] [--quiet]\n');
      return;
    } else {
      process.stderr.write(`standin: ${JSON.stringify(a)}: unknown option; expected --port N (a number) or --quiet\n`);
      process.exitCode = 2;
      return;
    }
  }
  startStandin({ port, log: quiet ? undefined : (l) => process.stderr.write(`${l}\n`) }).then(
    (s) => {
      process.stdout.write(`${s.url}\n`);
      process.stderr.write(
        `stand-in Datadog API listening; TF_VAR_datadog_api_url_<org>=${s.url} points a stack here; admin: ${s.url}/_standin/state, /_standin/requests\n`,
      );
      process.on('SIGINT', () => void s.close().then(() => process.exit(0)));
    },
    (e: NodeJS.ErrnoException) => {
      process.stderr.write(`standin: cannot listen on 127.0.0.1:${port} (${e.code ?? e.message}); expected a free port\n`);
      process.exitCode = 1;
    },
  );
}

main(process.argv.slice(2));
