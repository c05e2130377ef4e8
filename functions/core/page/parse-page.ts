/**
 * The one-pass page parser: turns a decoded HTML page into the {@link PageModel} every check
 * reads, in ONE htmlparser2 callback pass — no DOM tree (docs/architecture.md "Parsing cost": the DOM, not
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
import { Parser } from 'htmlparser2';
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
import type { CommentBlock, ImageRef, LinkRef, PageModel, ScriptBlock } from './page-model.ts';

/** Longest excerpt kept from the page (evidence). */
export const EXCERPT_LENGTH = 600;
/** Longest link text kept, after whitespace collapsing. */
const LINK_TEXT_LENGTH = 200;
/** Raw text gathered inside a link before collapsing: generous, since markup indents a lot. */
const LINK_RAW_TEXT_LENGTH = 4000;
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

interface OpenScript {
  src?: string;
  srcUrl?: string;
  type?: string;
  language?: string;
  placement: 'head' | 'body';
  executable: boolean;
  inertReason?: ScriptBlock['inertReason'];
  offset: number;
  text: string;
}

interface OpenLink {
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
 * Parses one decoded HTML page into a {@link PageModel}.
 *
 * @param html the page as served, decoded to text (NFC); charset handling is the fetcher's job.
 * @param url the page's final URL (after redirects): the base for URLs unless `<base href>`.
 */
export function parsePage(html: string, url: string): PageModel {
  const pageUrl = safeUrl(url);
  let base: URL | undefined = pageUrl;
  let baseSeen = false;

  let title: string | undefined;
  let titleText: string | undefined;
  let lang: string | undefined;
  const scripts: ScriptBlock[] = [];
  const pending: OpenLink[] = [];
  const styles: string[] = [];
  const comments: CommentBlock[] = [];
  const images: ImageRef[] = [];
  let staticBadge: PageModel['staticBadge'];

  // Element stack mirrored from htmlparser2's own (it calls onclosetag once for every element
  // it opened, void and implied ones included), holding the effective region of each element.
  const regions: PageRegion[] = [];
  let inBody = false;
  let noscriptDepth = 0;
  let templateDepth = 0;
  let foreignDepth = 0;
  let script: OpenScript | undefined;
  let style: string | undefined;
  let anchor: OpenLink | undefined;
  let anchorHref: string | undefined;
  let option: OpenLink | undefined;

  const finishLink = (link: OpenLink): void => {
    let text = collapse(link.text);
    if (text === '') text = collapse(link.imageText);
    if (text === '') text = collapse(link.title);
    link.text = text.length > LINK_TEXT_LENGTH ? text.slice(0, LINK_TEXT_LENGTH) : text;
    pending.push(link);
  };

  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        const offset = parser.startIndex;
        const inert = noscriptDepth > 0 || templateDepth > 0;
        const id = attribs.id;
        const cls = attribs.class;

        const parentRegion = regions.length > 0 ? regions[regions.length - 1] : 'body';
        let region = TAG_REGION.get(name) ?? parentRegion;
        if (region === parentRegion && (id !== undefined || cls !== undefined)) {
          region = attributeRegion(id, cls) ?? parentRegion;
        }
        regions.push(region);

        if (!inBody && !inert && !HEAD_TAGS.has(name)) inBody = true;

        if (!inert) {
          if (staticBadge === undefined && (id !== undefined || cls !== undefined) && isBadgeElement(id, cls)) {
            staticBadge = { excerpt: html.slice(offset, offset + EXCERPT_LENGTH), offset };
          }
          const styleAttribute = attribs.style;
          if (styleAttribute !== undefined && STYLE_ATTRIBUTE_KEEP_PATTERN.test(styleAttribute)) styles.push(styleAttribute);
        }

        switch (name) {
          case 'script': {
            const inertReason: ScriptBlock['inertReason'] = noscriptDepth > 0 ? 'noscript'
              : templateDepth > 0 ? 'template'
                : isJavaScriptType(attribs.type, attribs.language) ? undefined : 'non-js-type';
            const src = attribs.src;
            script = {
              src,
              srcUrl: src === undefined ? undefined : resolveHttp(src, base)?.href,
              type: attribs.type,
              language: attribs.language,
              placement: inBody ? 'body' : 'head',
              executable: inertReason === undefined,
              inertReason,
              offset,
              text: '',
            };
            break;
          }
          case 'style':
            style = '';
            break;
          case 'title':
            if (title === undefined && foreignDepth === 0) titleText = '';
            break;
          case 'a':
            if (anchor !== undefined) finishLink(anchor);
            anchor = undefined;
            anchorHref = inert ? undefined : attribs.href;
            if (anchorHref !== undefined) {
              anchor = { kind: 'a', href: anchorHref, region, text: '', imageText: '', title: attribs.title ?? '' };
            }
            break;
          case 'area':
            if (!inert && attribs.href !== undefined) {
              finishLink({ kind: 'area', href: attribs.href, region, text: attribs.alt ?? '', imageText: '', title: attribs.title ?? '' });
            }
            break;
          case 'option': {
            const value = attribs.value?.trim();
            if (!inert && value !== undefined && (OPTION_ABSOLUTE_URL.test(value) || OPTION_BARE_HOST.test(value))) {
              option = { kind: 'option', href: value, region: 'select-widget', text: '', imageText: '', title: '' };
            }
            break;
          }
          case 'img': {
            if (inert) break;
            const src = attribs.src ?? '';
            const alt = attribs.alt ?? '';
            const imageTitle = attribs.title ?? '';
            if (anchor !== undefined && anchor.imageText === '') anchor.imageText = alt !== '' ? alt : imageTitle;
            if (RELEVANT_IMAGE_PATTERN.test(src) || RELEVANT_IMAGE_PATTERN.test(alt) || RELEVANT_IMAGE_PATTERN.test(imageTitle)) {
              images.push({ src, alt, title: imageTitle, linkHref: anchorHref });
            }
            break;
          }
          case 'base':
            if (!baseSeen && !inert && attribs.href !== undefined) {
              baseSeen = true;
              base = safeUrl(attribs.href, pageUrl) ?? base;
            }
            break;
          case 'html':
            if (lang === undefined && attribs.lang !== undefined) lang = attribs.lang.trim();
            break;
          case 'body':
            inBody = true;
            break;
          case 'noscript':
            noscriptDepth++;
            break;
          case 'template':
            templateDepth++;
            break;
          case 'svg':
          case 'math':
            foreignDepth++;
            break;
          default:
            break;
        }
      },

      ontext(data) {
        if (script !== undefined) {
          script.text += data;
          return;
        }
        if (style !== undefined) {
          style += data;
          return;
        }
        if (titleText !== undefined) {
          titleText += data;
          return;
        }
        if (anchor !== undefined && anchor.text.length < LINK_RAW_TEXT_LENGTH) anchor.text += data;
        if (option !== undefined && option.text.length < LINK_RAW_TEXT_LENGTH) option.text += data;
        // Only the few text chunks before the body are tested: non-blank text starts the body.
        if (!inBody && noscriptDepth === 0 && templateDepth === 0 && /\S/.test(data)) inBody = true;
      },

      onclosetag(name) {
        regions.pop();
        switch (name) {
          case 'script':
            if (script !== undefined) {
              scripts.push(script);
              script = undefined;
            }
            break;
          case 'style':
            if (style !== undefined && noscriptDepth === 0 && templateDepth === 0 && style.trim() !== '') styles.push(style);
            style = undefined;
            break;
          case 'title':
            if (titleText !== undefined) {
              title = collapse(titleText);
              titleText = undefined;
            }
            break;
          case 'a':
            if (anchor !== undefined) finishLink(anchor);
            anchor = undefined;
            anchorHref = undefined;
            break;
          case 'option':
            if (option !== undefined) finishLink(option);
            option = undefined;
            break;
          case 'noscript':
            noscriptDepth--;
            break;
          case 'template':
            templateDepth--;
            break;
          case 'svg':
          case 'math':
            foreignDepth--;
            break;
          default:
            break;
        }
      },

      oncomment(data) {
        if (COMMENT_KEEP_PATTERN.test(data)) comments.push({ text: data, offset: parser.startIndex });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.end(html);

  return {
    url,
    host: hostOf(pageUrl),
    title: title ?? '',
    lang,
    scripts,
    links: resolveLinks(pending, base),
    styles,
    comments,
    images,
    staticBadge,
    // Only read when the page has no EMC script at all (to tell "host only in a link or text"
    // from "nothing"): skip the whole-page search otherwise, the common case.
    emcMentions: scripts.some(isEmcScript) ? [] : findEmcMentions(html),
    length: html.length,
  };
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
function resolveLinks(pending: OpenLink[], base: URL | undefined): LinkRef[] {
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
