/**
 * Stages "plan" and "write": the planned files are validated with the project's own loaders on a
 * temporary copy (src/import/overlay.ts), and only then written. With --dry-run nothing is written.
 */
import { Finding } from '../../config/findings';
import { loadWithPlannedFiles, OverlayResult, writePlannedFiles } from '../overlay';
import { deployVariables } from '../variables';
import { ImportOptions } from './types';

/** The project as it would be with the planned files: what they add in errors and warnings. */
export function planWrites(root: string, planned: ReadonlyMap<string, string>, relevant: (f: Finding) => boolean): OverlayResult {
  return loadWithPlannedFiles(root, planned, relevant);
}

/** Writes the plan (unless a dry run) and returns the lines that say what was done and what to do next. */
export function writePlan(opts: ImportOptions, planned: ReadonlyMap<string, string>, after: OverlayResult['after']): string[] {
  if (planned.size === 0) return ['no file changed'];
  const files = [...planned.keys()].sort().join(', ');
  if (opts.dryRun) return [`dry run: ${planned.size} file(s) would change: ${files}; nothing was written`];
  writePlannedFiles(opts.root, planned);
  const out = [`wrote ${planned.size} file(s): ${files}`];
  const model = after.project?.orgs.find((o) => o.name === opts.org);
  // Beyond the API key, application key and Torq URL that every org needs.
  const basic = ['DATADOG_API_KEY', 'DATADOG_APP_KEY', 'TORQ_WEBHOOK_URL'];
  const extra = model ? deployVariables(model).filter((v) => !basic.includes(v.secret)) : [];
  if (extra.length > 0) {
    out.push('this org now also needs (values never in a file):');
    for (const v of extra)
      out.push(`  ${v.env}  ${v.meaning}  (GitHub secret ${v.secret}${v.standard ? '' : ', and a mapping in .github/workflows/deploy.yml and drift.yml'})`);
  }
  out.push(
    `next: npm run synth -- --org ${opts.org}   (cdk.tf.json then has one import block per adopted resource; terraform >= 1.5 imports them on the first apply)`,
  );
  return out;
}
