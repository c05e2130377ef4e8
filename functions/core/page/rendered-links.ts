/**
 * The links of a rendered homepage, read from the browser's DOM snapshot with cheerio (the
 * static tier keeps its one streaming pass, parse-page.ts). Same link kinds, texts, regions and
 * URL rules as the static parser, so the link checks judge both tiers alike
 * (docs/checks.md "Links as a visitor sees them").
 *
 * The snapshot is the main document only, serialised by the browser: another site's iframe
 * is an empty `<iframe>` here (its links are that site's, not the homepage's); shadow roots come
 * as `<template shadowrootmode>` (their links are on the page a visitor sees), whereas an
 * ordinary `<template>` is inert and skipped; `<noscript>` is raw text once scripts ran.
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { OPTION_ABSOLUTE_URL, OPTION_BARE_HOST } from '../rules/regions.ts';
import type { PageRegion } from '../types.ts';
import type { LinkRef } from './page-model.ts';
import { elementRegion, linkText, resolveLinks, type OpenLink } from './parse-page.ts';

/** The homepage's links as rendered (anchors, image-map areas, select options with URL values). */
export function renderedLinks(snapshot: string, pageUrl: string): LinkRef[] {
  const $ = cheerio.load(snapshot);
  const regions = new Map<AnyNode, PageRegion | null>();
  // null: inside inert content (a plain <template>).
  const regionOf = (node: AnyNode | null): PageRegion | null => {
    if (node === null) return 'body';
    // Text-less containers (the document, a template's content fragment) take their parent's region.
    if (node.type !== 'tag') return node.parent === null ? 'body' : regionOf(node.parent);
    const known = regions.get(node);
    if (known !== undefined) return known;
    const parent = regionOf(node.parent);
    const element = node as Element;
    let region: PageRegion | null;
    if (parent === null || (element.name === 'template' && element.attribs.shadowrootmode === undefined)) region = null;
    else region = elementRegion(element.name, element.attribs.id, element.attribs.class, parent);
    regions.set(node, region);
    return region;
  };

  const pending: OpenLink[] = [];
  $('a[href], area[href], option[value]').each((_, element) => {
    const region = regionOf(element.parent);
    if (region === null) return;
    const attribs = element.attribs;
    if (element.name === 'option') {
      const value = attribs.value.trim();
      if (!OPTION_ABSOLUTE_URL.test(value) && !OPTION_BARE_HOST.test(value)) return;
      pending.push({ kind: 'option', href: value, region: 'select-widget', text: linkText({ text: $(element).text(), imageText: '', title: '' }), imageText: '', title: '' });
      return;
    }
    const ownRegion = elementRegion(element.name, attribs.id, attribs.class, region);
    const image = element.name === 'a' ? $(element).find('img').first() : undefined;
    const imageText = image === undefined || image.length === 0 ? '' : (image.attr('alt') || image.attr('title') || '');
    const text = element.name === 'area' ? (attribs.alt ?? '') : $(element).text();
    const kind = element.name === 'area' ? 'area' : 'a';
    pending.push({ kind, href: attribs.href, region: ownRegion, text: linkText({ text, imageText, title: attribs.title ?? '' }), imageText: '', title: '' });
  });
  const baseHref = $('head base[href]').first().attr('href');
  return resolveLinks(pending, baseUrl(baseHref, pageUrl));
}

function baseUrl(baseHref: string | undefined, pageUrl: string): URL | undefined {
  try {
    const page = new URL(pageUrl);
    return baseHref === undefined ? page : new URL(baseHref, page);
  } catch {
    return undefined;
  }
}
