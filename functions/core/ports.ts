/**
 * Ports of the core that are not a store or a fetcher (those are in stores.ts and types.ts).
 */

/** Clock, injected so the core never reads time itself. */
export type Clock = () => Date;
