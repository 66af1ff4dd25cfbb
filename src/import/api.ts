/**
 * What org:import knows of the Datadog API without its client: the base URL of a site or of
 * DD_HOST, and the error a failed read raises. Apart from src/import/datadog.ts (the reader, which
 * loads @datadog/datadog-api-client, some 7,000 modules), so that what only parses arguments, reads
 * files or answers --help does not load the client.
 */
import { SITES, Site } from '../config/sites';

/** A failure to read the org; the message is for the person running the command. */
export class DatadogReadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DatadogReadError';
  }
}

/** The API base URL of a site, without a trailing slash. */
export function siteBaseUrl(site: Site): string {
  return SITES[site].replace(/\/+$/, '');
}

/**
 * The base URL from DD_HOST, as the Terraform provider reads it ("https://api.datadoghq.eu/",
 * "api.datadoghq.eu", or a proxy such as "http://127.0.0.1:8126"); a string is an error.
 */
export function baseUrlFromHost(host: string): string | { error: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: `DD_HOST ${JSON.stringify(host)} is not a URL; expected a base URL such as "https://api.datadoghq.eu" or "http://127.0.0.1:8080"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: `DD_HOST ${JSON.stringify(host)} uses ${url.protocol.replace(':', '')}; expected http or https` };
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}
