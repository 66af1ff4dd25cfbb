/**
 * A large pull request keeps its warnings in the comment (issue 28, item 4): 300 catalog monitors
 * renamed without moved.json, deployed by four orgs, on two synth outputs of the four-org fixture.
 * The comment-sized review (the default --max-chars, what pr.yml posts) keeps every Needs attention
 * item, cuts the details first, says what was cut and where the full review is, and stays under
 * GitHub's 65,536 characters with pr.yml's marker and footer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/review';
import { DEFAULT_MAX_CHARS } from '../../src/review/markdown';
import { copyFixture, reviewEdit } from './synthPair';

jest.setTimeout(120000);

const N = 300;
const id = (i: number) => `svc_${String(i).padStart(3, '0')}_latency`;

function monitor(i: number) {
  return {
    name: `[Torq] Latency high on service ${i}`,
    type: 'query alert',
    query: `avg(last_5m):avg:trace.http.request.duration{service:svc-${i}} > 2`,
    message: `{{#is_alert}}Latency of svc-${i} is {{value}}s.{{/is_alert}}\nTorq pages the owner of svc-${i}.`,
    tags: ['integration:torq', `service:svc-${i}`],
    options: { thresholds: { critical: 2 }, notify_no_data: false, require_full_window: false, include_tags: true, new_group_delay: 60 },
  };
}

test(`${N} monitors renamed without moved.json: every item in a comment under 65,536 characters`, async () => {
  const dir = copyFixture();
  for (let i = 0; i < N; i++) fs.writeFileSync(path.join(dir, 'monitors', `${id(i)}.json`), JSON.stringify(monitor(i), null, 2));
  const fullAt = 'the job summary and the `datadog-review` artifact of [this run](https://github.com/acme/dd/actions/runs/1)';
  const { result, baseOutdir, headOutdir } = await reviewEdit(
    (d) => {
      for (let i = 0; i < N; i++) fs.renameSync(path.join(d, 'monitors', `${id(i)}.json`), path.join(d, 'monitors', `${id(i)}_v2.json`));
    },
    { dir, maxChars: DEFAULT_MAX_CHARS, fullAt },
  );
  const md = result.markdown;
  if (process.env.REVIEW_DUMP) fs.writeFileSync(process.env.REVIEW_DUMP, md);
  // pr.yml adds a marker line and a one-line footer.
  const comment = `<!-- torq-datadog-as-code:review -->\n${md}\n<sub>Reviewed 1234567 against 89abcde from synthesized output only (no credentials).</sub>\n`;
  expect(comment.length).toBeLessThan(65536);
  expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
  // Every rename is an item, with the moved.json entry that records it, for the four orgs at once.
  expect(result.review.attention.filter((a) => a.kind === 'replaced')).toHaveLength(4 * N);
  for (let i = 0; i < N; i++) {
    expect(md).toContain(`- renamed \`monitors/${id(i)}.json\` -> \`monitors/${id(i)}_v2.json\`; moved.json: \`{"monitors":{"${id(i)}":"${id(i)}_v2"}}\``);
  }
  expect(md).toContain(`**Destroyed and re-created (new id, lost history and mutes)** (${N}) · **dev, prod-eu, prod-us, staging**`);
  // What was cut, and where the rest is.
  expect(md).toContain(
    `_Cut to fit a pull-request comment: every detail (only the plan lines and Needs attention are left); Needs attention shortened to one line per item, grouped by kind (their advice and \`moved\` blocks left out). Every item that needs attention is listed. The full review: ${fullAt}._`,
  );
  // The full review (--full-out) has every item in full.
  const full = (await import('../../src/review/markdown')).renderMarkdown(result.review, { baseLabel: 'a', headLabel: 'b', maxChars: 0 });
  expect(full.length).toBeGreaterThan(200000);
  expect(full).toContain('Terraform would destroy and re-create the monitor (new id, lost history and mutes, links to it break)');
  // The command pr.yml runs: --out the comment-sized review, --full-out the uncut one (for the job summary and the artifact).
  const out = path.join(dir, 'review.md');
  const fullOut = path.join(dir, 'review-full.md');
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await main(['--base-outdir', baseOutdir, '--head-outdir', headOutdir, '--out', out, '--full-out', fullOut, '--full-at', fullAt], dir);
  stderr.mockRestore();
  expect(code).toBe(0);
  expect(fs.readFileSync(out, 'utf8').length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
  expect(fs.readFileSync(out, 'utf8')).toContain(`The full review: ${fullAt}._`);
  expect(fs.readFileSync(fullOut, 'utf8').length).toBeGreaterThan(200000);
  expect(fs.readFileSync(fullOut, 'utf8')).not.toContain('_Cut to fit');
});
