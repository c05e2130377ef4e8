/**
 * The one-pass page parser: turns a decoded HTML page into the {@link PageModel} every check
 * reads, in ONE pass of element events (html-events.ts: htmlparser2's tokenizer, bounded in
 * cost whatever the nesting) — no DOM tree (docs/architecture.md "Parsing cost": the DOM, not
 * the checks, is the cost). Per-tag work is kept to a few property reads; regexes run only on
 * the few attributes, comments and links that can matter.
 *
 * htmlparser2 tokenises but does not build the HTML spec's tree, so this file applies the
 * spec's rules that matter to the checks:
 * - `<noscript>` content is raw text when scripting is on: nothing inside runs or renders;
 * - `<template>` content is inert;
 * - a script runs only for a JavaScript `type` (spec "JavaScript MIME type essence match":
 *   parameters such as `; charset=utf-8` make it a data block) or `module`, or no type;
 * - a script sits in `<head>` until the body starts, explicitly or implied by body content;
 *   content after `</html>` is still body;
 * - `<a href>` resolves against the document's final base URL; `<script src>` against the base
 *   in effect when the script is met.
 */
import {
  BADGE_CLASSES,
  BADGE_IDS,
  COMMENT_KEEP_PATTERN,
  EMC_HOSTS,
  EMC_SCRIPT_FILE,
  EXECUTABLE_SCRIPT_TYPES,
  RELEVANT_IMAGE_PATTERN,
  STYLE_ATTRIBUTE_KEEP_PATTERN,
} from '../rules/emc.ts';
import { ANY_REGION_ATTRIBUTE, OPTION_ABSOLUTE_URL, OPTION_BARE_HOST, REGION_RULES } from '../rules/regions.ts';
import type { PageRegion } from '../types.ts';
import type { PolicySource } from './content-security-policy.ts';
import { BoundedHtmlParser, type HtmlEventHandler } from './html-events.ts';
import type { CommentBlock, ImageRef, LinkRef, PageModel, ScriptBlock } from './page-model.ts';

/** Longest excerpt kept from the page (evidence). */
export const EXCERPT_LENGTH = 600;
/** Longest link text kept, after whitespace collapsing. */
const LINK_TEXT_LENGTH = 200;
/** Raw text gathered inside a link before collapsing: generous, since markup indents a lot. */
const LINK_RAW_TEXT_LENGTH = 4000;
/** Longest title kept: a page's title is shown in reports, not read by any check. */
const TITLE_LENGTH = 500;
/** At most this many mentions of an EMC host are kept. */
const MAX_MENTIONS = 5;
const MENTION_CONTEXT = 120;

/** Elements allowed in `<head>`: any other start tag (or text) starts the body (HTML spec "in head"). */
const HEAD_TAGS: ReadonlySet<string> = new Set([
  'html', 'head', 'title', 'base', 'basefont', 'bgsound', 'link', 'meta', 'style', 'script', 'noscript', 'template',
]);

const TAG_REGION: ReadonlyMap<string, PageRegion> = new Map(
  REGION_RULES.flatMap((rule) => rule.tags.map((tag): [string, PageRegion] => [tag, rule.region])),
);
const ATTRIBUTE_RULES = REGION_RULES.filter((rule) => rule.attribute !== undefined);
const BADGE_ID_SET: ReadonlySet<string> = new Set(BADGE_IDS);

/** A link as met in the markup, before its text is finished and its URL resolved. */
export interface OpenLink {
  kind: LinkRef['kind'];
  href: string;
  region: PageRegion;
  text: string;
  /** alt/title of the first image inside, used when the link has no text of its own. */
  imageText: string;
  /** title attribute of the link itself: last resort for an empty text. */
  title: string;
}

/**
 * Parses one decoded HTML page into a {@link PageModel}: one pass of element events (bounded
 * in cost whatever the nesting, see html-events.ts) into a {@link PageCollector}.
 *
 * @param html the page as served, decoded to text (NFC); charset handling is the fetcher's job.
 * @param url the page's final URL (after redirects): the base for URLs unless `<base href>`.
 */
export function parsePage(html: string, url: string): PageModel {
  const collector = new PageCollector(html, url);
  const parser = new BoundedHtmlParser(collector);
  collector.offsetOf = () => parser.startIndex;
  parser.end(html);
  return collector.model();
}

/**
 * What one pass over a page's element events gathers, step by step: each element's region and
 * whether the body has started ({@link PageCollector.enterElement}), the badge and style
 * markers ({@link PageCollector.noteMarkers}), then what the tag itself carries (a script, a
 * link, an image, the base URL…), and on its end tag what it closes.
 */
class PageCollector implements HtmlEventHandler {
  /** Offset of the current tag in the page, read from the parser. */
  offsetOf: () => number = () => 0;
  private readonly pageUrl: URL | undefined;
  private base: URL | undefined;
  private baseSeen = false;
  private title: string | undefined;
  private titleText: string | undefined;
  private lang: string | undefined;
  private readonly scripts: ScriptBlock[] = [];
  private readonly pending: OpenLink[] = [];
  private readonly styles: string[] = [];
  private readonly comments: CommentBlock[] = [];
  private readonly images: ImageRef[] = [];
  private readonly policies: PolicySource[] = [];
  /** The last offset whose line is known (lines are counted forward, once). */
  private lineAt = { offset: 0, line: 1 };
  private staticBadge: PageModel['staticBadge'];
  /** Effective region of each open element, mirroring the parser's stack of open elements. */
  private readonly regions: PageRegion[] = [];
  private inBody = false;
  private noscriptDepth = 0;
  private templateDepth = 0;
  private foreignDepth = 0;
  private script: ScriptBlock | undefined;
  private style: string | undefined;
  private anchor: OpenLink | undefined;
  private anchorHref: string | undefined;
  private option: OpenLink | undefined;

  constructor(private readonly html: string, private readonly url: string) {
    this.pageUrl = safeUrl(url);
    this.base = this.pageUrl;
  }

  /** Content of `<noscript>` and `<template>` never runs nor renders. */
  private get inert(): boolean {
    return this.noscriptDepth > 0 || this.templateDepth > 0;
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    const region = this.enterElement(name, attribs);
    if (!this.inert) this.noteMarkers(attribs);
    switch (name) {
      case 'script':
        this.openScript(attribs);
        break;
      case 'meta':
        this.noteMeta(attribs);
        break;
      case 'style':
        this.style = '';
        break;
      case 'title':
        if (this.title === undefined && this.foreignDepth === 0) this.titleText = '';
        break;
      case 'a':
        this.openAnchor(attribs, region);
        break;
      case 'area':
        if (!this.inert && attribs.href !== undefined) {
          this.finishLink({ kind: 'area', href: attribs.href, region, text: attribs.alt ?? '', imageText: '', title: attribs.title ?? '' });
        }
        break;
      case 'option':
        this.openOption(attribs);
        break;
      case 'img':
        if (!this.inert) this.noteImage(attribs);
        break;
      case 'base':
        if (!this.baseSeen && !this.inert && attribs.href !== undefined) {
          this.baseSeen = true;
          this.base = safeUrl(attribs.href, this.pageUrl) ?? this.base;
        }
        break;
      case 'html':
        if (this.lang === undefined && attribs.lang !== undefined) this.lang = attribs.lang.trim();
        break;
      case 'body':
        this.inBody = true;
        break;
      default:
        this.countContext(name, 1);
        break;
    }
  }

  ontext(data: string): void {
    if (this.script !== undefined) {
      this.script.text += data;
      return;
    }
    if (this.style !== undefined) {
      this.style += data;
      return;
    }
    if (this.titleText !== undefined) {
      if (this.titleText.length < LINK_RAW_TEXT_LENGTH) this.titleText += data;
      return;
    }
    if (this.anchor !== undefined && this.anchor.text.length < LINK_RAW_TEXT_LENGTH) this.anchor.text += data;
    if (this.option !== undefined && this.option.text.length < LINK_RAW_TEXT_LENGTH) this.option.text += data;
    // Only the few text chunks before the body are tested: non-blank text starts the body.
    if (!this.inBody && !this.inert && /\S/.test(data)) this.inBody = true;
  }

  onclosetag(name: string): void {
    this.regions.pop();
    switch (name) {
      case 'script':
        if (this.script !== undefined) this.closeScript(this.script);
        this.script = undefined;
        break;
      case 'style':
        if (this.style !== undefined && !this.inert && this.style.trim() !== '') this.styles.push(this.style);
        this.style = undefined;
        break;
      case 'title':
        if (this.titleText !== undefined) this.title = collapse(this.titleText).slice(0, TITLE_LENGTH);
        this.titleText = undefined;
        break;
      case 'a':
        if (this.anchor !== undefined) this.finishLink(this.anchor);
        this.anchor = undefined;
        this.anchorHref = undefined;
        break;
      case 'option':
        if (this.option !== undefined) this.finishLink(this.option);
        this.option = undefined;
        break;
      default:
        this.countContext(name, -1);
        break;
    }
  }

  oncomment(data: string): void {
    if (COMMENT_KEEP_PATTERN.test(data)) this.comments.push({ text: data, offset: this.offsetOf() });
  }

  /** The page model, once the parser has reached the end of the page. */
  model(): PageModel {
    return {
      url: this.url,
      host: hostOf(this.pageUrl),
      title: this.title ?? '',
      lang: this.lang,
      scripts: this.scripts,
      links: resolveLinks(this.pending, this.base),
      styles: this.styles,
      comments: this.comments,
      images: this.images,
      staticBadge: this.staticBadge,
      policies: this.policies,
      // Only read when the page has no EMC script at all (to tell "host only in a link or text"
      // from "nothing"): skip the whole-page search otherwise, the common case.
      emcMentions: this.scripts.some(isEmcScript) ? [] : findEmcMentions(this.html),
      length: this.html.length,
    };
  }

  /** Pushes the element's region (its tag's, its id/class's, else its parent's) and notes a body start. */
  private enterElement(name: string, attribs: Record<string, string>): PageRegion {
    const parentRegion = this.regions.length > 0 ? this.regions[this.regions.length - 1] : 'body';
    const region = elementRegion(name, attribs.id, attribs.class, parentRegion);
    this.regions.push(region);
    if (!this.inBody && !this.inert && !HEAD_TAGS.has(name)) this.inBody = true;
    return region;
  }

  /** A static copy of the EMC badge, and `style` attributes naming its markers. */
  private noteMarkers(attribs: Record<string, string>): void {
    const { id, class: cls, style } = attribs;
    if (this.staticBadge === undefined && (id !== undefined || cls !== undefined) && isBadgeElement(id, cls)) {
      const offset = this.offsetOf();
      this.staticBadge = { excerpt: this.html.slice(offset, offset + EXCERPT_LENGTH), offset };
    }
    if (style !== undefined && STYLE_ATTRIBUTE_KEEP_PATTERN.test(style)) this.styles.push(style);
  }

  private openScript(attribs: Record<string, string>): void {
    const inertReason: ScriptBlock['inertReason'] = this.noscriptDepth > 0 ? 'noscript'
      : this.templateDepth > 0 ? 'template'
        : isJavaScriptType(attribs.type, attribs.language) ? undefined : 'non-js-type';
    const src = attribs.src;
    this.script = {
      src,
      srcUrl: src === undefined ? undefined : resolveHttp(src, this.base)?.href,
      type: attribs.type,
      language: attribs.language,
      placement: this.inBody ? 'body' : 'head',
      executable: inertReason === undefined,
      inertReason,
      offset: this.offsetOf(),
      nonce: attribs.nonce,
      text: '',
    };
  }

  /** A script that may hold the snippet learns its line in the page (evidence of a syntax error). */
  private closeScript(script: ScriptBlock): void {
    if (script.text.includes('_govaq')) {
      this.lineAt = { offset: script.offset, line: this.lineAt.line + countLines(this.html, this.lineAt.offset, script.offset) };
      script.line = this.lineAt.line;
    }
    this.scripts.push(script);
  }

  /** Browsers apply a CSP meta tag only inside `<head>`, and never a report-only one. */
  private noteMeta(attribs: Record<string, string>): void {
    if (!this.inBody && !this.inert && attribs['http-equiv']?.trim().toLowerCase() === 'content-security-policy' && attribs.content !== undefined) {
      this.policies.push({ origin: 'meta', disposition: 'enforce', text: attribs.content, offset: this.offsetOf() });
    }
  }

  /** An `<a>` opens a link; an `<a>` left open (no `</a>`) ends where the next one starts. */
  private openAnchor(attribs: Record<string, string>, region: PageRegion): void {
    if (this.anchor !== undefined) this.finishLink(this.anchor);
    this.anchor = undefined;
    this.anchorHref = this.inert ? undefined : attribs.href;
    if (this.anchorHref !== undefined) {
      this.anchor = { kind: 'a', href: this.anchorHref, region, text: '', imageText: '', title: attribs.title ?? '' };
    }
  }

  /** An `<option>` whose value is a URL or a bare host: a "Liên kết website" select entry. */
  private openOption(attribs: Record<string, string>): void {
    const value = attribs.value?.trim();
    if (!this.inert && value !== undefined && (OPTION_ABSOLUTE_URL.test(value) || OPTION_BARE_HOST.test(value))) {
      this.option = { kind: 'option', href: value, region: 'select-widget', text: '', imageText: '', title: '' };
    }
  }

  /** An image names its enclosing link (when the link has no text) and is kept when a rule reads it. */
  private noteImage(attribs: Record<string, string>): void {
    const src = attribs.src ?? '';
    const alt = attribs.alt ?? '';
    const imageTitle = attribs.title ?? '';
    if (this.anchor !== undefined && this.anchor.imageText === '') this.anchor.imageText = alt !== '' ? alt : imageTitle;
    if (RELEVANT_IMAGE_PATTERN.test(src) || RELEVANT_IMAGE_PATTERN.test(alt) || RELEVANT_IMAGE_PATTERN.test(imageTitle)) {
      this.images.push({ src, alt, title: imageTitle, linkHref: this.anchorHref });
    }
  }

  /** Nesting of the elements that make content inert (`noscript`, `template`) or foreign (`svg`, `math`). */
  private countContext(name: string, step: 1 | -1): void {
    if (name === 'noscript') this.noscriptDepth += step;
    else if (name === 'template') this.templateDepth += step;
    else if (name === 'svg' || name === 'math') this.foreignDepth += step;
  }

  private finishLink(link: OpenLink): void {
    link.text = linkText(link);
    this.pending.push(link);
  }
}

/** Spec rule for whether a `<script>` with these attributes runs (HTML "prepare the script element"). */
export function isJavaScriptType(type: string | undefined, language: string | undefined): boolean {
  if (type !== undefined) {
    const essence = type.trim().toLowerCase();
    return essence === '' || EXECUTABLE_SCRIPT_TYPES.has(essence);
  }
  if (language !== undefined && language !== '') return EXECUTABLE_SCRIPT_TYPES.has(`text/${language.trim().toLowerCase()}`);
  return true;
}

/**
 * The region of an element: its tag's, else its id/class's, else its parent's
 * (rules/regions.ts). Shared with the rendered-DOM reader (rendered-links.ts).
 */
export function elementRegion(name: string, id: string | undefined, cls: string | undefined, parentRegion: PageRegion): PageRegion {
  const region = TAG_REGION.get(name) ?? parentRegion;
  if (region !== parentRegion || (id === undefined && cls === undefined)) return region;
  return attributeRegion(id, cls) ?? parentRegion;
}

/** Newlines in `html` between two offsets. */
function countLines(html: string, from: number, to: number): number {
  let count = 0;
  for (let at = html.indexOf('\n', from); at !== -1 && at < to; at = html.indexOf('\n', at + 1)) count++;
  return count;
}

function attributeRegion(id: string | undefined, cls: string | undefined): PageRegion | undefined {
  const idHit = id !== undefined && ANY_REGION_ATTRIBUTE.test(id);
  const classHit = cls !== undefined && ANY_REGION_ATTRIBUTE.test(cls);
  if (!idHit && !classHit) return undefined;
  for (const rule of ATTRIBUTE_RULES) {
    if ((idHit && matchesRule(rule, id as string)) || (classHit && matchesRule(rule, cls as string))) return rule.region;
  }
  return undefined;
}

function matchesRule(rule: (typeof REGION_RULES)[number], value: string): boolean {
  const subject = rule.exclude ? value.replace(rule.exclude, ' ') : value;
  return (rule.attribute as RegExp).test(subject);
}

function isBadgeElement(id: string | undefined, cls: string | undefined): boolean {
  if (id !== undefined && BADGE_ID_SET.has(id.trim())) return true;
  if (cls === undefined || !cls.includes('yhy-')) return false;
  const tokens = cls.split(/\s+/);
  return BADGE_CLASSES.some((badgeClass) => tokens.includes(badgeClass));
}

/** The text a link shows: its own, else its image's alt/title, else its title; collapsed and capped. */
export function linkText(link: Pick<OpenLink, 'text' | 'imageText' | 'title'>): string {
  let text = collapse(link.text);
  if (text === '') text = collapse(link.imageText);
  if (text === '') text = collapse(link.title);
  return text.length > LINK_TEXT_LENGTH ? text.slice(0, LINK_TEXT_LENGTH) : text;
}

/** Whitespace runs to one space, trimmed. Most link texts need no change: test before replacing. */
function collapse(text: string): string {
  if (text === '') return text;
  const trimmed = text.trim();
  return NEEDS_COLLAPSE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** A run of whitespace, or a whitespace character other than a plain space. */
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;

function safeUrl(value: string, base?: URL): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

function hostOf(url: URL | undefined): string {
  if (url === undefined) return '';
  const host = url.hostname.toLowerCase();
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** Resolves an attribute value to an http(s) URL, or undefined (javascript:, mailto:, unparsable). */
function resolveHttp(value: string, base: URL | undefined): URL | undefined {
  const url = safeUrl(value.trim(), base);
  return url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
}

/** Resolves links against the final base URL; menus repeat the same hrefs, so results are cached. */
export function resolveLinks(pending: OpenLink[], base: URL | undefined): LinkRef[] {
  const cache = new Map<string, { url?: string; host?: string }>();
  return pending.map((link): LinkRef => {
    const raw = link.kind === 'option' && !OPTION_ABSOLUTE_URL.test(link.href) ? `http://${link.href}` : link.href;
    let resolved = cache.get(raw);
    if (resolved === undefined) {
      const url = resolveHttp(raw, base);
      resolved = url === undefined ? {} : { url: url.href, host: hostOf(url) };
      cache.set(raw, resolved);
    }
    return { kind: link.kind, href: link.href, url: resolved.url, host: resolved.host, text: link.text, region: link.region };
  });
}

/** An executable script that is, or loads, the EMC tracker (`_govaq`, `gov-tracking.min.js`). */
function isEmcScript(script: ScriptBlock): boolean {
  return script.executable && (script.text.includes('_govaq') || (script.srcUrl?.endsWith(`/${EMC_SCRIPT_FILE}`) ?? false));
}

/**
 * Where a known EMC host is named anywhere in the page (text, links, attributes, scripts): the
 * check uses it to tell "EMC host only in a link or text" from "nothing at all". A native
 * substring search over the whole page is far cheaper than testing every text chunk.
 */
function findEmcMentions(html: string): NonNullable<PageModel['emcMentions']> {
  const mentions: NonNullable<PageModel['emcMentions']> = [];
  for (const { host } of EMC_HOSTS) {
    let at = html.indexOf(host);
    while (at !== -1 && mentions.length < MAX_MENTIONS) {
      const start = Math.max(0, at - MENTION_CONTEXT);
      mentions.push({ host, offset: at, excerpt: html.slice(start, at + host.length + MENTION_CONTEXT) });
      at = html.indexOf(host, at + host.length);
    }
  }
  return mentions;
}
