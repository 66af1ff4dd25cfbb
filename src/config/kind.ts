/**
 * What a parsed JSON document looks like, so that a file in the wrong folder (a dashboard in
 * monitors/, a monitor in dashboards/) gets one clear finding instead of a list of field errors.
 */
import type { Finding } from './findings';
import { isAssetShape } from './monitor';
import { isObject } from './json';

/** A monitor: the integration-asset shape, or an API export with a string type and query. */
export function looksLikeMonitor(raw: unknown): boolean {
  return isAssetShape(raw) || (isObject(raw) && typeof raw.type === 'string' && typeof raw.query === 'string');
}

/** A dashboard: a widgets list with a title or a layout_type, and no monitor query. */
export function looksLikeDashboard(raw: unknown): boolean {
  return isObject(raw) && Array.isArray(raw.widgets) && ('layout_type' in raw || 'title' in raw) && !('query' in raw);
}

/**
 * One error when a file's shape says it belongs in the other folder, else undefined. `folder` is
 * where the file was found.
 */
export function misplacedKind(raw: unknown, file: string, folder: 'monitors' | 'dashboards'): Finding | undefined {
  if (folder === 'monitors' && !looksLikeMonitor(raw) && looksLikeDashboard(raw)) {
    const title = isObject(raw) && typeof raw.title === 'string' ? ` ${JSON.stringify(raw.title)}` : '';
    return {
      file,
      path: '$',
      severity: 'error',
      message: `this file looks like a dashboard${title} (it has widgets${isObject(raw) && 'layout_type' in raw ? ' and a layout_type' : ''}), not a monitor; expected it in dashboards/, or a monitor ({name, type, query, message, options}) here`,
    };
  }
  if (folder === 'dashboards' && looksLikeMonitor(raw) && !looksLikeDashboard(raw)) {
    const def = isAssetShape(raw) ? raw.definition : (raw as Record<string, unknown>);
    const name = typeof def.name === 'string' ? ` ${JSON.stringify(def.name)}` : '';
    return {
      file,
      path: '$',
      severity: 'error',
      message: `this file looks like a monitor${name} (it has a type and a query), not a dashboard; expected it in monitors/, or a dashboard ({title, layout_type, widgets}) here`,
    };
  }
  return undefined;
}
