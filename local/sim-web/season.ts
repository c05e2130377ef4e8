/**
 * The simulated web over a season: the same fleet, with some sites changed from a given step
 * on. A step is whatever the caller counts (the demo: its run before the window, then one per
 * window month); the simulated web serves the fleet of its current step, and its manifest is
 * the answer key of that step. Pure and deterministic: the same fleet and seed give the same
 * changes.
 */
import type { FleetHost } from './fleet.ts';
import { createRandom, hashSeed } from './random.ts';
import type { BadgeCase, SnippetShape } from './snippets.ts';

/** What a change does to a site, in the words of the demo's output. */
export type SimChangeKind = 'gains-code' | 'loses-code' | 'hides-badge';

/** One site served differently from step `fromStep` on. */
export interface SimChange {
  host: string;
  kind: SimChangeKind;
  fromStep: number;
  /** What the site serves from then on (unset: unchanged). */
  shape?: SnippetShape;
  badge?: BadgeCase;
}

/** Shapes of an ordinary site carrying the code (served, connected, on HTTP and HTTPS alike). */
const PLAIN_SHAPES: readonly SnippetShape[] = ['canonical', 'canonical-gov-marker', 'minified', 'no-type-language-nonce'];

const ordinary = (h: FleetHost) => h.fault === undefined && h.browserCase === undefined && h.role !== 'portal' && !h.duplicateSiteId;

/**
 * The season's changes: a site without the code gains it (with a visible badge) from
 * `steps.gain`; from `steps.loss` one site carrying the code drops it and another hides its EMC
 * badge (CSS). Components are preferred to standalone sites (they belong to a portal's
 * organisation); a fleet without a candidate for a change simply lacks that change.
 */
export function seasonChanges(fleet: readonly FleetHost[], seed: number, steps: { gain: number; loss: number }): SimChange[] {
  const rng = createRandom(hashSeed(seed, 'season'));
  const pick = (candidates: FleetHost[]): FleetHost | undefined => {
    const components = candidates.filter((h) => h.role === 'component');
    const from = components.length > 0 ? components : candidates;
    return from.length > 0 ? rng.pick(from) : undefined;
  };
  const changes: SimChange[] = [];
  const gain = pick(fleet.filter((h) => ordinary(h) && h.shape === 'none'));
  if (gain) changes.push({ host: gain.host, kind: 'gains-code', fromStep: steps.gain, shape: 'canonical', badge: 'normal' });
  const carrying = fleet.filter((h) => ordinary(h) && PLAIN_SHAPES.includes(h.shape) && h.badge === 'normal');
  const loss = pick(carrying);
  if (loss) changes.push({ host: loss.host, kind: 'loses-code', fromStep: steps.loss, shape: 'none' });
  const hide = pick(carrying.filter((h) => h !== loss));
  if (hide) changes.push({ host: hide.host, kind: 'hides-badge', fromStep: steps.loss, badge: 'hidden-css' });
  return changes;
}

/** The fleet as served at `step`: each change in force from its step on (copies; `fleet` is left as it is). */
export function fleetAtStep(fleet: readonly FleetHost[], changes: readonly SimChange[], step: number): FleetHost[] {
  const inForce = new Map(changes.filter((c) => c.fromStep <= step).map((c) => [c.host, c]));
  return fleet.map((h) => {
    const change = inForce.get(h.host);
    if (!change) return h;
    return { ...h, ...(change.shape !== undefined && { shape: change.shape }), ...(change.badge !== undefined && { badge: change.badge }) };
  });
}
