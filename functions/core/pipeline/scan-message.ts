/**
 * Validation of queue message bodies: a message is untrusted input (it may have been sent by
 * hand, or by an older version), so every field is checked before a scan starts.
 */
import type { ScanMessage } from '../stores.ts';

const ROLES = new Set(['portal', 'component', 'standalone']);
const SOURCES = new Set(['registry', 'discovered', 'manual']);
const LEAGUES = new Set(['ministry', 'province', 'other']);

export function parseScanMessage(body: string): { ok: true; value: ScanMessage } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'body is not an object' };
  const m = value as Record<string, unknown>;
  for (const field of ['runId', 'url', 'host', 'role', 'source'] as const) {
    if (typeof m[field] !== 'string' || m[field] === '') return { ok: false, error: `field ${field} is missing` };
  }
  if (!ROLES.has(m.role as string)) return { ok: false, error: `field role is invalid: ${String(m.role)}` };
  if (!SOURCES.has(m.source as string)) return { ok: false, error: `field source is invalid: ${String(m.source)}` };
  if (m.league !== undefined && !LEAGUES.has(m.league as string)) return { ok: false, error: `field league is invalid: ${String(m.league)}` };
  try {
    const url = new URL(m.url as string);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'field url is not http(s)' };
  } catch {
    return { ok: false, error: 'field url is not a URL' };
  }
  if (m.components !== undefined && !(Array.isArray(m.components) && m.components.every((c) => typeof c === 'string'))) {
    return { ok: false, error: 'field components must be a list of URLs' };
  }
  return { ok: true, value: m as unknown as ScanMessage };
}
