/**
 * The check of a monitor's option keys against what datadog_monitor deploys (DEPLOYED_OPTIONS),
 * run by the project loader on every monitor file.
 */
import { Finding, jsonPath, show } from './findings';
import { DEPLOYED_OPTIONS, LoadedMonitor } from './monitor';
import { nearMiss } from './suggest';

/**
 * Option keys datadog_monitor does not deploy: a key one typo from a deployed option
 * (`notify_no_dta`) is an error with "did you mean", since as written the option silently never
 * exists (no-data alerting off); any other key (a UI leftover, a newer option) is a warning.
 * No option of Datadog's MonitorOptions is a near miss of another (checked in test/validate).
 */
export function unsupportedOptionFindings(m: LoadedMonitor): Finding[] {
  const out: Finding[] = [];
  for (const key of Object.keys(m.definition.options)) {
    if (DEPLOYED_OPTIONS.includes(key)) continue;
    const at = jsonPath([key], `${m.definitionPath}.options`);
    const near = nearMiss(key, DEPLOYED_OPTIONS);
    if (near !== undefined) {
      out.push({
        file: m.file,
        path: at,
        severity: 'error',
        message: `unknown option ${show(key)} (did you mean ${show(near)}?); as written it is not deployed, so ${near} keeps its default; expected one of: ${DEPLOYED_OPTIONS.join(', ')}`,
      });
    } else {
      out.push({
        file: m.file,
        path: at,
        severity: 'warning',
        message: `option ${show(key)} (${show(m.definition.options[key])}) is not supported by datadog_monitor and is not deployed; expected one of: ${DEPLOYED_OPTIONS.join(', ')}`,
      });
    }
  }
  return out;
}
