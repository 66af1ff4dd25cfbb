/**
 * Webhooks that monitors mention and the org file does not declare. org:import asks Datadog for
 * each (GET .../webhooks/<name>): one that exists is "in Datadog, not managed here" (recorded in
 * the org file's externalWebhooks, so validation no longer says it names no webhook); one that
 * does not is never notified, and said.
 */
import { isObject } from '../../config/json';
import { notifyingMentions, webhookHandle, webhookName } from '../../datadog/message';
import type { BuiltFiles, Json, LiveOrg, OrgReader, ProjectState } from './types';

/** The undeclared webhook names a monitor's message and escalation message mention. */
function undeclaredMentions(m: Json, declared: readonly string[]): string[] {
  const texts = [m.message, isObject(m.options) ? m.options.escalation_message : undefined].filter((t): t is string => typeof t === 'string');
  // Only mentions Datadog notifies (not in a comment, after a space once rendered): message.ts.
  const names = texts.flatMap((t) => notifyingMentions(t).map((m) => webhookName(m.handle))).filter((n): n is string => n !== undefined);
  return [...new Set(names.filter((n) => /^[A-Za-z0-9_-]+$/.test(n) && !declared.some((d) => d.toLowerCase() === n.toLowerCase())))];
}

/** Reads, for every undeclared webhook the org's monitors mention, whether it exists (true) or not (false); a failed read leaves it out. */
export async function readOtherWebhooks(
  p: ProjectState,
  reader: OrgReader,
  live: LiveOrg,
  tryRead: <T>(read: () => Promise<T>) => Promise<T | { error: string }>,
): Promise<void> {
  const names = [...new Set(live.allMonitors.flatMap((m) => undeclaredMentions(m, p.webhookNames)))].sort();
  for (const name of names) {
    const info = await tryRead(() => reader.getWebhook(name));
    if (info === undefined) live.otherWebhooks.set(name, false);
    else if (!(isObject(info) && 'error' in info)) live.otherWebhooks.set(name, true);
  }
}

/** The org file's externalWebhooks after this import, and the notes that say what each mention is. */
export function externalWebhooks(p: ProjectState, files: BuiltFiles, live: LiveOrg): { names: string[]; notes: string[] } {
  const byName = new Map<string, string[]>();
  for (const [cid, l] of [...files.live].sort(([a], [b]) => a.localeCompare(b))) {
    for (const n of undeclaredMentions(l.raw, p.webhookNames)) byName.set(n, [...(byName.get(n) ?? []), cid]);
  }
  const names = new Set(p.org.externalWebhooks);
  const notes: string[] = [];
  for (const [name, cids] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const exists = live.otherWebhooks.get(name);
    const where = `${cids.length === 1 ? 'monitor' : 'monitors'} ${cids.join(', ')}`;
    if (exists === true) {
      if (!names.has(name))
        notes.push(
          `${webhookHandle(name)} (${where}) exists in Datadog and is not managed here (not declared in ${p.orgRel} webhooks): recorded in externalWebhooks, so the monitors keep notifying it and validation does not flag it; declare it under webhooks to manage it`,
        );
      names.add(name);
    } else if (exists === false) {
      notes.push(
        `${webhookHandle(name)} (${where}) names no webhook of this org's Datadog (GET answered 404): Datadog never notifies it; expected a declared webhook, or no mention`,
      );
    }
  }
  return { names: [...names].sort(), notes };
}
