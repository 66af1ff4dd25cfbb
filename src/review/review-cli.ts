/** Entry point of `npm run review` (scripts/run.js bundles it to .build/review-cli.js). */
import { main } from '../cli/review';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`review: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
