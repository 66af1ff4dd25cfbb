// Posts the review as one pull-request comment, found by its hidden marker and updated in place on
// every push; for forks (whose token cannot comment) and read-only tokens, the job summary holds it.
// Used by both jobs of pr.yml that write the review: `check` (offline) and `real-plan` (with the
// real plans), through actions/github-script: require(this file)({ github, context, core }).
// Environment: REVIEW_FILE, REVIEW_ERRORS, REVIEW_OUTCOME (the review step's outcome), REVIEW_NOTE.
'use strict';
const fs = require('fs');

module.exports = async function postReview({ github, context, core }) {
  const marker = '<!-- torq-datadog-as-code:review -->';
  const pr = context.payload.pull_request;
  const run = `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
  let review;
  if (process.env.REVIEW_OUTCOME === 'success') {
    review = fs.readFileSync(process.env.REVIEW_FILE, 'utf8');
  } else {
    // Replace an earlier review rather than leave it looking current.
    const errors = fs.existsSync(process.env.REVIEW_ERRORS) ? fs.readFileSync(process.env.REVIEW_ERRORS, 'utf8').trim() : '';
    review = `## Datadog changes\n\nThe review could not be made ([job log](${run})):\n\n\`\`\`\n${errors.slice(-4000)}\n\`\`\`\n`;
  }
  review += `\n<sub>Reviewed ${pr.head.sha.slice(0, 7)} against ${pr.base.sha.slice(0, 7)} ${process.env.REVIEW_NOTE || 'from synthesized output only (no credentials)'}.</sub>\n`;
  await core.summary.addRaw(review).write();

  // A comment holds at most 65536 characters: cut at a section, point to the summary.
  const limit = 60000;
  let body = review;
  if (body.length > limit) {
    const cut = body.lastIndexOf('\n### ', limit);
    body = body.slice(0, cut > 0 ? cut : limit) + `\n\n_The review is longer than a comment; read all of it in the [job summary](${run})._\n`;
  }
  body = `${marker}\n${body}`;

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
