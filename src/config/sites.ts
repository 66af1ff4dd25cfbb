/** Datadog sites and the Terraform provider's api_url for each (../shared/DATADOG.md, "Sites"). */
import { didYouMean } from './suggest';

export const SITES = {
  us1: 'https://api.datadoghq.com/',
  us3: 'https://api.us3.datadoghq.com/',
  us5: 'https://api.us5.datadoghq.com/',
  eu1: 'https://api.datadoghq.eu/',
  ap1: 'https://api.ap1.datadoghq.com/',
  ap2: 'https://api.ap2.datadoghq.com/',
  'us1-fed': 'https://api.ddog-gov.com/',
} as const;

export type Site = keyof typeof SITES;
export const SITE_NAMES = Object.keys(SITES) as Site[];

/**
 * Datadog's own names for the sites (the `DD_SITE` values of its docs and agents), accepted
 * wherever a site is given (`--site`, an org file's `site`) and read as the short name.
 */
export const SITE_ALIASES: Readonly<Record<string, Site>> = {
  'datadoghq.com': 'us1',
  'us3.datadoghq.com': 'us3',
  'us5.datadoghq.com': 'us5',
  'datadoghq.eu': 'eu1',
  'ap1.datadoghq.com': 'ap1',
  'ap2.datadoghq.com': 'ap2',
  'ddog-gov.com': 'us1-fed',
};

/** Every accepted spelling: the short names, then Datadog's. */
export const SITE_SPELLINGS: readonly string[] = [...SITE_NAMES, ...Object.keys(SITE_ALIASES)];

/** The short name of a site given either way, or undefined. */
export function resolveSite(value: string): Site | undefined {
  if ((SITE_NAMES as string[]).includes(value)) return value as Site;
  return SITE_ALIASES[value];
}

/** The message for a site that is neither a short name nor Datadog's name. */
export function unknownSiteMessage(value: string): string {
  return `unknown site ${JSON.stringify(value)}${didYouMean(value, SITE_SPELLINGS)}; expected one of: ${SITE_NAMES.join(', ')} (or Datadog's name for it: ${Object.keys(SITE_ALIASES).join(', ')})`;
}

export function apiUrl(site: Site): string {
  return SITES[site];
}
