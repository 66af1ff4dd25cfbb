/**
 * Deploy safety: on CI, a local state backend loses the state when the job ends, and the next
 * deploy creates everything again (a second webhook, second monitors, a second dashboard). So
 * synth refuses local backends when CI is set. This reads the environment, so it lives in the
 * CLI layer; constructs stay pure.
 */
import type { Finding } from '../config/findings';
import type { ProjectModel } from '../config/model';

/** True when the CI variable says we run on CI (GitHub Actions, GitLab, CircleCI... set CI=true). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** For a runner whose disk outlives the job (a persistent self-hosted runner) only. */
export const ALLOW_LOCAL_STATE = 'TORQ_ALLOW_LOCAL_STATE';

/** Whether synth must refuse local backends in this environment. */
export function refuseLocalState(env: NodeJS.ProcessEnv): boolean {
  return isCi(env) && env[ALLOW_LOCAL_STATE] !== '1';
}

/** One error per org whose state would be lost on a CI runner. */
export function localStateFindings(project: ProjectModel, env: NodeJS.ProcessEnv): Finding[] {
  return project.orgs
    .filter((o) => o.backend.type === 'local')
    .map((o) => ({
      file: o.file,
      path: '$.backend',
      severity: 'error' as const,
      message:
        `the backend is ${JSON.stringify(o.backend)} and CI is set (CI=${JSON.stringify(env.CI)}): a CI runner's local state file is lost when the job ends, ` +
        `so the next deploy would create a second "${o.webhooks[0]?.name ?? 'torq'}" webhook, second monitors and a second dashboard in the ${o.name} org; ` +
        'expected a remote backend with locking: {"type": "s3", "bucket": "...", "region": "..."} (S3 lock file, or "dynamodbTable"), ' +
        '{"type": "cloud", "organization": "..."} (HCP Terraform), {"type": "gcs", "bucket": "..."} or {"type": "azurerm", ...}. ' +
        `To synthesize without deploying, unset CI; on a self-hosted runner whose disk persists, set ${ALLOW_LOCAL_STATE}=1`,
    }));
}
