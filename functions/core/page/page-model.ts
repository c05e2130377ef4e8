/**
 * The page model: everything the checks need from one HTML page, extracted in ONE streaming
 * htmlparser2 pass (see parse-page.ts). No DOM tree is kept: the checks read these arrays.
 *
 * HTML-spec corner cases the extractor must honour (htmlparser2 does not by itself):
 * - `<noscript>` content is raw text when scripting is on: a `<script>` inside never runs;
 * - `<template>` content is inert;
 * - a comment swallows whatever markup it contains (kept here only if it mentions EMC markers);
 * - `<script type="text/template">` and other non-JavaScript types never run.
 */
import type { PageRegion } from '../types.ts';
import type { PolicySource } from './content-security-policy.ts';

export interface ScriptBlock {
  /** Raw `src` attribute, if any. */
  src?: string;
  /** `src` resolved against the page/base URL (undefined when unparsable). */
  srcUrl?: string;
  /** Raw `type` / `language` attributes, if any. */
  type?: string;
  language?: string;
  /** Inline content (empty for external scripts). */
  text: string;
  /** `head` when it sits inside `<head>` (explicit or implied), otherwise `body`. */
  placement: 'head' | 'body';
  /** False when the browser would not execute it. */
  executable: boolean;
  /** Why not executable. */
  inertReason?: 'noscript' | 'template' | 'non-js-type';
  /** Character offset of the `<script` tag in the decoded HTML, for excerpts. */
  offset: number;
  /** `nonce` attribute, checked against the page's Content-Security-Policy. */
  nonce?: string;
  /** 1-based line of the `<script` tag in the page; set for scripts that mention `_govaq` (syntax-error evidence). */
  line?: number;
}

/** A link-like reference: `<a href>`, `<area href>`, `<option value="http…">`. */
export interface LinkRef {
  kind: 'a' | 'option' | 'area';
  /** Raw attribute value. */
  href: string;
  /** Absolute URL (http/https only), undefined for javascript:, mailto:, unparsable. */
  url?: string;
  /** Lower-cased host of `url`, no trailing dot. */
  host?: string;
  /** Visible text, whitespace-collapsed, ≤ 200 chars; also title/alt of a wrapped img when the text is empty. */
  text: string;
  region: PageRegion;
}

/** A comment that mentions an EMC marker (others are dropped to keep memory flat). */
export interface CommentBlock {
  text: string;
  offset: number;
}

/** An `<img>` (kept only when it matters to a rule: Tín Nhiệm Mạng, EMC). */
export interface ImageRef {
  src: string;
  alt: string;
  title: string;
  /** href of the enclosing `<a>`, if any. */
  linkHref?: string;
}

export interface PageModel {
  /** Final URL of the page (after redirects): the base for resolving links unless `<base href>`. */
  url: string;
  host: string;
  title: string;
  /** `<html lang>`. */
  lang?: string;
  scripts: ScriptBlock[];
  links: LinkRef[];
  /** Contents of `<style>` blocks and of `style` attributes that mention yhy/btnEMC markers. */
  styles: string[];
  comments: CommentBlock[];
  images: ImageRef[];
  /** Static copy of the EMC badge widget (`#btnEMC`, `.yhy-btn-emc`, `.yhy-append-wrap`) in the served HTML. */
  staticBadge?: { excerpt: string; offset: number };
  /**
   * Where a known EMC host is named anywhere in the served HTML (first few, with ±120 chars of
   * context): tells "EMC host only in a link or plain text" from "nothing at all" when the page
   * does not carry the code, without keeping the page text. Empty when an executable script
   * mentions `_govaq` or loads `gov-tracking.min.js` (the check never reads it then).
   */
  emcMentions?: { host: string; offset: number; excerpt: string }[];
  /**
   * Content-Security-Policy of the page: `<meta http-equiv>` tags inside `<head>` (from the
   * parser), plus the response headers' policies when the caller adds them (audit-site.ts).
   */
  policies?: PolicySource[];
  /** Size of the decoded HTML, in characters. */
  length: number;
}
