/** Datadog sites and the Terraform provider's api_url for each (../shared/DATADOG.md, "Sites"). */
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

export function apiUrl(site: Site): string {
  return SITES[site];
}
