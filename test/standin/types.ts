/**
 * The stand-in Datadog API: shared types. A dev tool for the e2e suite (test/e2e) and the
 * benchmark, not part of what the package synthesizes, so it lives under test/.
 */
import { isObject as isRecord } from '../../src/config/json';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface ApiRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  body: Json | undefined;
  /** The DD-API-KEY header was present (the provider always sends it). */
  hasApiKey: boolean;
}

export interface ApiAnswer {
  status: number;
  body?: Json;
}

/** The package's one isObject (src/config/json.ts), typed for JSON values. */
export function isObject(v: unknown): v is JsonObject {
  return isRecord(v);
}

/** A JSON value as text: a string as it is, a number or boolean spelt out, anything else as JSON. */
export function text(v: Json | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v === undefined ? '' : JSON.stringify(v);
}

/** Datadog's error shape: `{"errors": ["..."]}`. */
export function error(status: number, ...messages: string[]): ApiAnswer {
  return { status, body: { errors: messages } };
}

export function clone<T extends Json | undefined>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Deterministic clock and ids, so a run's answers are reproducible. */
export class Clock {
  private tick = 0;
  constructor(private readonly start = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): Date {
    this.tick += 1000;
    return new Date(this.start + this.tick);
  }
  /** Datadog's timestamp spelling: `2025-06-06T15:01:11.226673+00:00`. */
  iso(): string {
    return this.now().toISOString().replace('Z', '000+00:00');
  }
}

let uuidCounter = 0;
/** A UUID-shaped id (Datadog's v2 ids); counter-based, so a run is reproducible. */
export function uuid(): string {
  uuidCounter += 1;
  const hex = uuidCounter.toString(16).padStart(12, '0');
  return `5ca1ab1e-0000-11ee-8000-${hex}`;
}

/** Fields Datadog sets on every object it answers: ids, times, the author, the evaluated state, its own URL. */
export const DATADOG_OWNED = [
  'id',
  'org_id',
  'created',
  'created_at',
  'modified',
  'modified_at',
  'creator',
  'author_handle',
  'url',
  'overall_state',
  'overall_state_modified',
];

/** The user every write is attributed to (Datadog answers with the key's owner). */
export const CREATOR = { name: 'stand-in', handle: 'standin@example.com', email: 'standin@example.com', id: 1445416 };
export const ORG_ID = 321813;
