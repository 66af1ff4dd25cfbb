/**
 * One change to one field of a resource, as data: the change model shared by org:import's
 * first-apply comparers (src/import/compare/), the org file's adopt.changes, the review and drift
 * (src/review/model.ts re-exports it). `before`/`after` are short renderings of the values (absent:
 * the field is not set on that side); `note` says why, when the provider or Datadog explains it.
 */
import { z } from 'zod';

export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
  note?: string;
}

export const fieldChangeSchema = z.strictObject({
  field: z.string().min(1),
  before: z.string().optional(),
  after: z.string().optional(),
  note: z.string().optional(),
});

/**
 * An entry of adopt.changes: a field change, or a sentence (how org:import recorded them before
 * they were data; such org files stay valid, and the next org:import rewrites them as data).
 */
export type RecordedChange = FieldChange | string;
export const recordedChangeSchema = z.union([z.string(), fieldChangeSchema]);

/** One line for a person: "options.x from 5 to (none): why", or "message: why" when the values are not shown. */
export function describeChange(c: RecordedChange): string {
  if (typeof c === 'string') return c;
  const note = c.note === undefined ? '' : `: ${c.note}`;
  if (c.before === undefined && c.after === undefined) return `${c.field}${note}`;
  return `${c.field} from ${c.before ?? '(none)'} to ${c.after ?? '(none)'}${note}`;
}
