/**
 * What the review benchmarks (bench:review, bench:e2e) put in their throw-away git repositories:
 * the package's code, and git run there as a fixed author so that no user config is needed.
 */
import { execFileSync } from 'child_process';

/** The package's code, copied beside a workload so that the repository synthesizes on its own. */
export const PACKAGE_CODE = ['main.ts', 'src', 'scripts', 'package.json', 'tsconfig.json', 'cdktf.json'];

/** `git <args>` in `dir`, quiet, as the author "bench". */
export function benchGit(dir: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
  });
}
