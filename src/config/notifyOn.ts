/**
 * A `notifyOn` the monitor can never meet: `["warning"]` on a monitor without a warning threshold,
 * `["no_data"]` with `notify_no_data` off. Datadog accepts it, and the webhook is never notified,
 * so Torq never hears of the monitor: a warning in validate, an attention item in the review.
 */
import type { MonitorDefinition } from './monitor';

type Transition = 'alert' | 'warning' | 'no_data' | 'recovery';

/** The transitions of `notifyOn` the monitor never has, when they are all it has; undefined when one can happen. */
export function unreachableNotifyOn(notifyOn: 'all' | readonly Transition[], def: Pick<MonitorDefinition, 'options'>): string[] | undefined {
  if (notifyOn === 'all') return undefined;
  const thresholds = (def.options.thresholds ?? {}) as Record<string, unknown>;
  const possible = (t: Transition) =>
    t === 'warning' ? thresholds.warning !== undefined && thresholds.warning !== null : t === 'no_data' ? def.options.notify_no_data === true : true;
  if (notifyOn.some(possible)) return undefined;
  return notifyOn.map((t) => (t === 'warning' ? 'warning (it has no warning threshold)' : 'no_data (notify_no_data is off)'));
}
