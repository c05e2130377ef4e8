/**
 * Where a link sits on a page (docs/detection.md §3): rules as data, read by the page parser.
 *
 * A link's region is the innermost enclosing element that matches a rule: semantic tags first,
 * then the element's `id`/`class` against the patterns below, in this order. `link-block` comes
 * first among the attribute rules because it is the most specific: a "Liên kết website" box
 * inside a footer is named `footer-lienket` as often as not, and the report wants the box.
 */
import type { PageRegion } from '../types.ts';

export interface RegionRule {
  region: PageRegion;
  /** Lower-case tag names that give the region by themselves. */
  tags: readonly string[];
  /** Matched against the `id` and `class` attribute values. */
  attribute?: RegExp;
  /**
   * Parts of an attribute value that look like the pattern but name a widget's sub-part
   * (`card-header`, `margin-bottom`): removed before matching.
   */
  exclude?: RegExp;
}

export const REGION_RULES: readonly RegionRule[] = [
  { region: 'header', tags: ['header'] },
  { region: 'nav', tags: ['nav'] },
  { region: 'footer', tags: ['footer'] },
  { region: 'main', tags: ['main', 'article'] },
  {
    region: 'link-block',
    tags: [],
    attribute: /lien-?ket|weblink|web-?link|links?-?website|website-?lien|partner|doi-?tac/i,
  },
  {
    region: 'header',
    tags: [],
    attribute: /header|banner|top-?bar/i,
    exclude: /(?:card|panel|modal|box|widget|portlet|block|title|section|tab|article|news|post|table|page)[-_]?header/gi,
  },
  {
    region: 'nav',
    tags: [],
    attribute: /menu|nav/i,
    exclude: /nav-?(?:tabs|pills)|tab-?nav|dropdown-?menu-?(?:end|right|left)/gi,
  },
  {
    region: 'footer',
    tags: [],
    attribute: /footer|bottom/i,
    exclude: /(?:margin|padding|border|fixed|sticky|align|text|vertical|bg)[-_]?bottom|(?:^|\s)[mp][bty]?[-_]bottom|bottom[-_]?(?:\d|auto|line)/gi,
  },
];

/**
 * Quick pre-filter: most `class` values on a page match no rule; one union test rejects them
 * before the rules are tried one by one.
 */
export const ANY_REGION_ATTRIBUTE = new RegExp(
  REGION_RULES.flatMap((rule) => (rule.attribute ? [rule.attribute.source] : [])).join('|'),
  'i',
);

/**
 * `<option value>` entries of "Liên kết website" `<select onchange>` widgets that are links:
 * absolute http(s) URLs, protocol-relative `//host/…`, or a bare host (`www.hanoi.gov.vn`,
 * `congthuonghn.gov.vn:8080/portal`). Anything else (`0`, `#`, a label) is not a link.
 */
export const OPTION_ABSOLUTE_URL = /^(?:https?:)?\/\//i;
export const OPTION_BARE_HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}\.?(?::\d{1,5})?(?:[/?#]\S*)?$/i;
