// Posts the review as one pull-request comment, found by its hidden marker and updated in place on
// every push; for forks (whose token cannot comment) and read-only tokens, the job summary holds it.
// Used by both jobs of pr.yml that write the review: `check` (offline) and `real-plan` (with the
// real plans), through actions/github-script: require(this file)({ github, context, core }).
// Environment: REVIEW_FILE, REVIEW_FULL (the uncut review, for the job summary), REVIEW_ERRORS,
// REVIEW_OUTCOME (the review step's outcome), REVIEW_NOTE.
// The comment is never cut here: REVIEW_FILE is already cut by the review itself to fit a comment
// with every Needs attention item (src/review/markdown.ts renderMarkdown, tested).
'use strict';
const fs = require('fs');

module.exports = async function postReview({ github, context, core }) {
  const marker = '<!-- torq-datadog-as-code:review -->';
  const pr = context.payload.pull_request;
  const run = `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
  let review;
  let full;
  if (process.env.REVIEW_OUTCOME === 'success') {
    review = fs.readFileSync(process.env.REVIEW_FILE, 'utf8');
    full = process.env.REVIEW_FULL && fs.existsSync(process.env.REVIEW_FULL) ? fs.readFileSync(process.env.REVIEW_FULL, 'utf8') : review;
  } else {
    // Replace an earlier review rather than leave it looking current.
    const errors = fs.existsSync(process.env.REVIEW_ERRORS) ? fs.readFileSync(process.env.REVIEW_ERRORS, 'utf8').trim() : '';
    review = `## Datadog changes\n\nThe review could not be made ([job log](${run})):\n\n\`\`\`\n${errors.slice(-4000)}\n\`\`\`\n`;
    full = review;
  }
  const footer = `\n<sub>Reviewed ${pr.head.sha.slice(0, 7)} against ${pr.base.sha.slice(0, 7)} ${process.env.REVIEW_NOTE || 'from synthesized output only (no credentials)'}.</sub>\n`;
  // A step summary holds at most 1 MiB: the full review when it fits, else the comment's.
  await core.summary.addRaw((full.length < 1000000 ? full : review) + footer).write();

  // The review fits a comment by itself (under 60000 characters); GitHub refuses a body over 65536.
  const body = `${marker}\n${review}${footer}`;
  if (body.length > 65536) {
    core.setFailed(`The review is ${body.length} characters, over a comment's 65536 (was --max-chars raised?); it is in the job summary.`);
    return;
  }

  if (pr.head.repo.full_name !== `${context.repo.owner}/${context.repo.repo}`) {
    core.notice('Pull request from a fork: its token cannot comment, so the review is in the job summary.');
    return;
  }
  try {
    const comments = await github.paginate(github.rest.issues.listComments, { ...context.repo, issue_number: pr.number, per_page: 100 });
    const mine = comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').startsWith(marker));
    if (mine) {
      await github.rest.issues.updateComment({ ...context.repo, comment_id: mine.id, body });
    } else {
      await github.rest.issues.createComment({ ...context.repo, issue_number: pr.number, body });
    }
  } catch (e) {
    // Read-only tokens (Dependabot, restricted settings): the job summary has the review.
    core.warning(`Could not comment (${e.status ?? ''} ${e.message}); the review is in the job summary.`);
  }
};
