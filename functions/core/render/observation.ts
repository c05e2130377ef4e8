/**
 * What the browser tier saw on one rendered page, as plain data, and the port that produces it.
 * A renderer adapter (adapters/browser/chromium-renderer.ts) fills an observation; the pure
 * judge (judge-rendered.ts) turns it, together with the static verdicts, into final verdicts.
 * Page content in here (texts, URLs) is untrusted.
 */

/** Why a badge element that exists (or existed) is not visible to a visitor. */
export type BadgeHiddenBy = 'display' | 'visibility' | 'opacity' | 'size' | 'offscreen' | 'removed';

/** The EMC badge widget as found in the rendered page (docs/detection.md §2). */
export interface BadgeObservation {
  /** True when a badge element is in the DOM at the end of the settle wait. */
  found: boolean;
  /**
   * How it was found: `#btnEMC` or `.yhy-btn-emc` (ids and classes first), or `text` when no
   * such element exists but an element says "Đã kết nối EMC" (the markup may change).
   */
  selector?: '#btnEMC' | '.yhy-btn-emc' | 'text';
  /** Rendered visible: displayed, not transparent, non-zero size, inside the viewport or fixed to it. */
  visible: boolean;
  hiddenBy?: BadgeHiddenBy;
  /**
   * Where the hiding declaration sits, for `display`/`visibility`/`opacity`: an inline `style`
   * (set by a script: the widget is injected without one) or a stylesheet rule.
   */
  hiddenVia?: 'inline-style' | 'stylesheet';
  /** The element that carries the hiding declaration (the badge itself or an ancestor), e.g. `div.yhy-append-wrap`. */
  hiddenOn?: string;
  /** innerText (or textContent when hidden), whitespace-collapsed, ≤ 200 chars. */
  text?: string;
  /** Whether the text says "Đã kết nối EMC" (diacritics optional). */
  connectedText: boolean;
  /** Bounding box in CSS pixels, relative to the viewport. */
  box?: { x: number; y: number; width: number; height: number };
  /** True when the badge or an ancestor is `position: fixed` (it follows the viewport). */
  fixed?: boolean;
}

/** One network request the page made, recorded with its outcome. */
export interface RequestObservation {
  url: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Browser error text when no response arrived (`net::ERR_TUNNEL_CONNECTION_FAILED`, …). */
  failed?: string;
}

/** A request to EMC's tracker (Matomo-style beacon). */
export interface BeaconObservation extends RequestObservation {
  /** `idsite` of the query string (or of a POST body sent by `sendBeacon`). */
  idsite?: string;
}

/** A request the safety proxy refused (non-public address, DNS failure, certificate). */
export interface BlockedRequest {
  url: string;
  reason: string;
}

/** A Content-Security-Policy violation the page reported (`securitypolicyviolation`). */
export interface CspViolation {
  /** URL refused, or `inline` / `eval` for inline code. */
  blockedUrl: string;
  /** Effective directive (`script-src-elem`, `img-src`, …). */
  directive: string;
  /** `report`: a report-only policy objected, nothing was blocked. */
  disposition: 'enforce' | 'report';
  /** The whole policy text. */
  policy?: string;
  sourceFile?: string;
  line?: number;
}

/** An uncaught script error of the page (syntax errors included: the block then runs none of its code). */
export interface ScriptErrorObservation {
  message: string;
  /** Script URL (the page URL for inline blocks). */
  url?: string;
  line?: number;
  column?: number;
}

/** Everything the browser tier observed on one page. */
export interface RenderObservation {
  /** URL asked for. */
  url: string;
  /** URL of the document at the end (after redirects). */
  finalUrl: string;
  /** `ok` when the document loaded (DOMContentLoaded) within the navigation budget. */
  navigation: 'ok' | 'timeout' | 'error';
  /** Technical detail of a timeout or error (English). */
  error?: string;
  /** HTTP status of the main document, when a response arrived. */
  status?: number;
  badge: BadgeObservation;
  /** The request for `gov-tracking.min.js` (a successful one when there were several). */
  emcScript?: RequestObservation;
  /** Requests to the EMC tracker (EMC host, or a path with `idsite=`), in order. */
  beacons: BeaconObservation[];
  /** What the page's `_govaq` queue held while it ran (captured from the first assignment on). */
  runtimeTracker: {
    govaqDefined: boolean;
    siteId?: string;
    trackerUrl?: string;
    /** A page view was pushed on the queue. */
    pageViewQueued?: boolean;
    /**
     * A page script replaced or emptied the queue after the page view was queued and before
     * EMC's script took it over (`by`: the script's URL, or where it ran; `to`: what it assigned),
     * or `removed` when the queue was gone from `window` at the end.
     */
    queueReset?: { by: string; to: string };
    removedAtEnd?: boolean;
  };
  /** Whether the load event fired before the settle wait ended (the page is otherwise loaded). */
  loaded?: boolean;
  /** CSP violations the page reported while it rendered (first 20). */
  cspViolations?: CspViolation[];
  /** Uncaught script errors (first 20). */
  scriptErrors?: ScriptErrorObservation[];
  /** Requests the safety proxy refused while this page rendered. */
  blocked: BlockedRequest[];
  /** Storage keys of the screenshots, once the caller has stored them. */
  screenshots?: { viewportKey?: string; badgeKey?: string };
  elapsedMs: number;
}

/** One rendered page: the observation and the screenshots (PNG bytes) for the caller to store. */
export interface RenderOutcome {
  observation: RenderObservation;
  /**
   * The rendered main document as HTML at the end of the settle wait, shadow roots inlined as
   * `<template shadowrootmode>` (read by core/page/rendered-links.ts); absent when the page did
   * not load or could not be serialised.
   */
  domSnapshot?: string;
  viewportPng?: Uint8Array;
  /** Crop of the badge, when it was found and visible. */
  badgePng?: Uint8Array;
}

/**
 * Port: renders one page in a real browser. Implementations never throw for what the page does
 * (timeouts and load errors come back as `navigation: 'timeout' | 'error'`); they may throw
 * when the browser itself cannot start.
 */
export interface PageRenderer {
  render(url: string, options?: { signal?: AbortSignal }): Promise<RenderOutcome>;
  /** Closes the browser and everything it holds. */
  close(): Promise<void>;
}
