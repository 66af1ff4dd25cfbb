#!/usr/bin/env bash
# The report step of .github/workflows/drift.yml (docs/drift.md): one org's drift report, its
# issue opened, updated or closed, and the full report in the job summary and a file for the
# artifact. Tested by test/drift/workflow.test.ts with stand-ins for npm and gh.
#
# Reads: ORG, RUNNER_TEMP (drift.json, the plan's JSON, is there), GITHUB_STEP_SUMMARY, RUN_URL,
# and gh's GH_TOKEN and GH_REPO. Writes into RUNNER_TEMP: drift-full.md (the whole report, no
# limit: the artifact) and issue.md (the issue's body).
#
# `npm run drift` exits 0 (no drift: the org's open drift issue is closed), 2 (drift: the issue is
# opened, or its body replaced) or 1 (no report: this step fails and the issue is left as it is).
set -euo pipefail

# GitHub refuses an issue body over 65,536 characters; the report leaves room for the footer.
readonly ISSUE_MAX=65536
readonly REPORT_MAX=64000
# A job summary holds at most 1 MiB per step.
readonly SUMMARY_MAX=1000000

full="$RUNNER_TEMP/drift-full.md"
short="$RUNNER_TEMP/drift.md"
body="$RUNNER_TEMP/issue.md"

set +e
npm run -s drift -- --org "$ORG" --plan "$RUNNER_TEMP/drift.json" --out "$short" --max-chars "$REPORT_MAX"
code=$?
set -e
if [ "$code" != 0 ] && [ "$code" != 2 ]; then
  echo "::error::npm run drift failed (exit $code): no report, the drift issue of $ORG is left as it is"
  exit "$code"
fi

# Characters, as GitHub counts them (not bytes).
chars() { node -e 'process.stdout.write(String([...require("fs").readFileSync(process.argv[1], "utf8")].length))' "$1"; }

title="Drift in Datadog org ${ORG}"
number="$(gh issue list --state open --limit 100 --search "\"${title}\" in:title" --json number,title --jq ".[] | select(.title == \"${title}\") | .number" | head -n 1)"

if [ "$code" = 0 ]; then
  cat "$short" >> "$GITHUB_STEP_SUMMARY"
  if [ -n "$number" ]; then
    gh issue close "$number" --comment "No drift in ${ORG} any more: Datadog matches the Terraform state ([run](${RUN_URL}))."
  fi
  exit 0
fi

# The whole report: the artifact, and the job summary when it fits there.
npm run -s drift -- --org "$ORG" --plan "$RUNNER_TEMP/drift.json" --out "$full" --max-chars 0 || [ $? = 2 ]
if [ "$(chars "$full")" -le "$SUMMARY_MAX" ]; then
  cat "$full" >> "$GITHUB_STEP_SUMMARY"
else
  { cat "$short"; printf '\n_The full report is longer than a job summary holds: see the `drift-report-%s` artifact of this run._\n' "$ORG"; } >> "$GITHUB_STEP_SUMMARY"
fi

footer="$(printf '\n---\n_Found by the drift workflow ([run](%s)). This issue is updated on each run while %s drifts, and closed when Datadog matches the Terraform state again. The full report is the run'"'"'s summary and its `drift-report-%s` artifact; docs/drift.md says what each item means._\n' "$RUN_URL" "$ORG" "$ORG")"
{ cat "$short"; printf '%s\n' "$footer"; } > "$body"
if [ "$(chars "$body")" -gt "$ISSUE_MAX" ]; then
  # Cannot happen with --max-chars above; if it ever does, an issue that points at the report beats none.
  printf '## Drift in Datadog org `%s`\n\nThe report does not fit in an issue.\n%s\n' "$ORG" "$footer" > "$body"
fi

if [ -n "$number" ]; then
  gh issue edit "$number" --body-file "$body"
else
  gh issue create --title "$title" --body-file "$body"
fi
