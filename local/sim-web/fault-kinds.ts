/**
 * The hostile or broken behaviours of simulated hosts, and the transport outcome each must
 * produce in the fetcher (functions/core/types.ts). Kept apart from the handlers so the fleet
 * and the manifest can use them without the server code.
 */
import type { TransportFailureKind } from '../../functions/core/types.ts';

export const FAULT_KINDS = [
  'slow',
  'never-answers',
  'http-500',
  'http-503',
  'waf-challenge',
  'redirect-loop',
  'redirect-blocked',
  'huge-body',
  'gzip-bomb',
  'windows-1258',
  'viscii',
  'pdf',
  'dns',
  'reset',
  'deep-nesting',
  'link-flood',
  'nesting-bomb',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Faults that still serve a judgeable page (verdicts are those of the page's shape): the
 * hostile ones pad the real homepage (hostile-pages.ts) — 400,000 elements deep, or 20,000
 * component links on a portal — and must cost the scanner no verdict.
 */
export const CONTENT_FAULTS: readonly FaultKind[] = ['slow', 'windows-1258', 'viscii', 'deep-nesting', 'link-flood'];
/** Hostile faults: only in a fleet built with `hostile: true` (they make every run heavier). */
export const HOSTILE_FAULTS: readonly FaultKind[] = ['deep-nesting', 'link-flood', 'nesting-bomb'];

/** What the fetcher must report for each fault; `ok` for faults that serve a judgeable page. */
export const FAULT_TRANSPORT: Record<FaultKind, 'ok' | TransportFailureKind> = {
  slow: 'ok',
  'never-answers': 'timeout',
  'http-500': 'http-status',
  'http-503': 'http-status',
  'waf-challenge': 'waf-challenge',
  'redirect-loop': 'redirect-loop',
  'redirect-blocked': 'blocked-address',
  'huge-body': 'too-large',
  'gzip-bomb': 'too-large',
  'windows-1258': 'ok',
  viscii: 'ok',
  pdf: 'not-html',
  dns: 'dns',
  reset: 'reset',
  'deep-nesting': 'ok',
  'link-flood': 'ok',
  // Nests inert containers past what the parser reads exactly: unknown, never a guess.
  'nesting-bomb': 'too-complex',
};

/** Faults answered by a special handler (not a page) when the host is reached. */
export type WireFault = Exclude<FaultKind, 'slow' | 'windows-1258' | 'viscii' | 'dns' | 'deep-nesting' | 'link-flood'>;

/** True for faults that replace the page with a special answer. */
export function isWireFault(kind: FaultKind | undefined): kind is WireFault {
  return kind !== undefined && !CONTENT_FAULTS.includes(kind) && kind !== 'dns';
}
