/**
 * Ports of the core: the roles that adapters play. The core depends on these interfaces only.
 */
export type { PageFetcher, FetchOutcome } from './types.ts';

/** Clock, injected so the core never reads time itself. */
export type Clock = () => Date;
