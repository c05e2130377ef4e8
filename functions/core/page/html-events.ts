/**
 * The element events the page model is built from — open tag with its attributes, text, close
 * tag, comment — read from htmlparser2's Tokenizer with htmlparser2's own tree-building rules
 * (implied end tags, void elements, self-closing tags inside SVG/MathML, a stray `</p>` or
 * `</br>`), but with costs bounded by the bytes whatever the nesting.
 *
 * htmlparser2's `Parser` keeps its open elements with `Array.unshift` and looks end tags up
 * with `indexOf`, so a page nesting 400,000 elements (`"<i><b>".repeat(200000)`, 1.2 MB) costs
 * time quadratic in its depth: a minute of blocked event loop. Here:
 * - the stack of open elements is pushed and popped at its top, and an end tag whose element is
 *   not open is dismissed by a per-name count, without a search;
 * - the stack is capped at {@link MAX_TRACKED_DEPTH}, Chromium's own tree-depth limit
 *   (`kMaximumHTMLParserDOMTreeDepth`, beyond which it no longer nests elements): an element
 *   opened deeper is reported and closed at once, like a void element, so what it wraps counts
 *   for its parent (its region, its link text). Exempt are the elements whose content the
 *   model must read or must know to be inert: raw-text elements (`script`, `style`, `title`,
 *   `textarea`, `xmp`: the tokenizer gives their content as text, so they never deepen the
 *   stack by more than one) and the containers that make their content inert or foreign
 *   (`noscript`, `template`, `svg`, `math`): a script under them stays inert at any depth.
 *   These may nest up to {@link MAX_EXEMPT_DEPTH}; a page nesting deeper is refused as too
 *   complex ({@link PageTooComplexError}) rather than misread, since flattening them would
 *   change what runs. No page made to be read comes near either limit.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** What the page parser listens to: htmlparser2's `Handler` subset the page model reads. */
export interface HtmlEventHandler {
  onopentag(name: string, attribs: Record<string, string>): void;
  ontext(data: string): void;
  onclosetag(name: string): void;
  oncomment(data: string): void;
}

/** Deepest element nesting tracked; deeper elements are flattened (see the module comment). */
export const MAX_TRACKED_DEPTH = 512;
/** Deepest nesting allowed to the elements exempt from flattening. */
export const MAX_EXEMPT_DEPTH = 4 * MAX_TRACKED_DEPTH;

/** Thrown when a page cannot be read within the parser's bounds (and, by the analysers, over budget). */
export class PageTooComplexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageTooComplexError';
  }
}

const P_TAG = new Set(['p']);
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTION_TAGS = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);

/** htmlparser2's table of start tags that close open elements first (its `openImpliesClose`). */
const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['tbody', TABLE_SECTION_TAGS],
  ['tfoot', TABLE_SECTION_TAGS],
  ...['dd', 'dt'].map((tag): [string, ReadonlySet<string>] => [tag, DD_DT]),
  ...['rt', 'rp'].map((tag): [string, ReadonlySet<string>] => [tag, RT_RP]),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((tag): [string, ReadonlySet<string>] => [tag, FORM_TAGS]),
  ...[
    'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl',
    'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul',
  ].map((tag): [string, ReadonlySet<string>] => [tag, P_TAG]),
]);

const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
const FOREIGN_ELEMENTS: ReadonlySet<string> = new Set(['svg', 'math']);
/** Elements inside SVG/MathML whose content is HTML again. */
const HTML_INTEGRATION_ELEMENTS: ReadonlySet<string> = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
/** Elements kept on the stack beyond the depth cap (see the module comment). */
const DEPTH_EXEMPT: ReadonlySet<string> = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'noscript', 'template', 'svg', 'math']);

/**
 * The attributes of one tag: an object with no `Object.prototype` in its chain (so a
 * `__proto__` or `constructor` attribute is an own property like any other) whose instances,
 * unlike `Object.create(null)` ones, start in V8's fast property mode.
 */
const Attributes = function Attributes(this: Record<string, string>) {} as unknown as new () => Record<string, string>;
Attributes.prototype = Object.create(null) as object;

interface OpenElement {
  name: string;
  /** Set when the element switched foreign content on (SVG/MathML) or off (integration point). */
  foreign?: boolean;
}

/**
 * Streams the element events of one decoded HTML document to a handler. `startIndex` is the
 * offset of the `<` of the tag (or comment) being reported, as in htmlparser2's `Parser`.
 */
export class BoundedHtmlParser implements TokenizerCallbacks {
  /** Offset of the token being reported. */
  startIndex = 0;
  private html = '';
  private readonly tokenizer: Tokenizer;
  private readonly stack: OpenElement[] = [];
  private readonly openCounts = new Map<string, number>();
  /** Foreign-content flags of the open elements that set one, innermost last. */
  private readonly foreign: boolean[] = [];
  private openTagStart = 0;
  private tagname = '';
  /** Whether the tag being opened went on the stack (false: void or beyond the cap). */
  private tracked = false;
  private attribname = '';
  private attribvalue = '';
  private attribs: Record<string, string> | undefined;

  constructor(private readonly handler: HtmlEventHandler) {
    this.tokenizer = new Tokenizer({ decodeEntities: true }, this);
  }

  /** Parses the whole document, then closes every element still open. */
  end(html: string): void {
    this.html = html;
    this.tokenizer.write(html);
    this.tokenizer.end();
  }

  /** @internal Tokenizer callback. */
  ontext(start: number, endIndex: number): void {
    this.handler.ontext(this.html.slice(start, endIndex));
    this.startIndex = endIndex;
  }

  /** @internal Tokenizer callback. */
  ontextentity(codepoint: number, endIndex: number): void {
    this.handler.ontext(String.fromCodePoint(codepoint));
    this.startIndex = endIndex;
  }

  /** @internal Tokenizer callback. */
  onopentagname(start: number, endIndex: number): void {
    this.emitOpenTag(this.html.slice(start, endIndex).toLowerCase());
  }

  /** @internal Tokenizer callback. */
  onattribname(start: number, endIndex: number): void {
    this.attribname = this.html.slice(start, endIndex).toLowerCase();
  }

  /** @internal Tokenizer callback. */
  onattribdata(start: number, endIndex: number): void {
    this.attribvalue += this.html.slice(start, endIndex);
  }

  /** @internal Tokenizer callback. */
  onattribentity(codepoint: number): void {
    this.attribvalue += String.fromCodePoint(codepoint);
  }

  /** @internal Tokenizer callback: the first value of an attribute wins, as in browsers. */
  onattribend(): void {
    if (this.attribs !== undefined && !Object.hasOwn(this.attribs, this.attribname)) this.attribs[this.attribname] = this.attribvalue;
    this.attribvalue = '';
  }

  /** @internal Tokenizer callback. */
  onopentagend(endIndex: number): void {
    this.endOpenTag();
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer callback: `<x/>` closes only in foreign content (HTML ignores the slash). */
  onselfclosingtag(endIndex: number): void {
    if (this.foreign.at(-1) === true) {
      this.closeCurrentTag();
      this.startIndex = endIndex + 1;
    } else {
      this.onopentagend(endIndex);
    }
  }

  /** @internal Tokenizer callback. */
  onclosetag(start: number, endIndex: number): void {
    const name = this.html.slice(start, endIndex).toLowerCase();
    if (!VOID_ELEMENTS.has(name)) {
      if ((this.openCounts.get(name) ?? 0) > 0) {
        let closed: string;
        do closed = this.popTop();
        while (closed !== name);
      } else if (name === 'p') {
        // A stray `</p>` stands for an empty paragraph.
        this.emitOpenTag('p');
        this.closeCurrentTag();
      }
    } else if (name === 'br') {
      // A stray `</br>` stands for a `<br>`.
      this.handler.onopentag('br', new Attributes());
      this.handler.onclosetag('br');
    }
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer callback. */
  oncomment(start: number, endIndex: number, endOffset: number): void {
    this.handler.oncomment(this.html.slice(start, endIndex - endOffset));
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer callback: CDATA is a comment in HTML. */
  oncdata(start: number, endIndex: number, endOffset: number): void {
    this.handler.oncomment(`[CDATA[${this.html.slice(start, endIndex - endOffset)}]]`);
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer callback. */
  ondeclaration(_start: number, endIndex: number): void {
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer callback. */
  onprocessinginstruction(_start: number, endIndex: number): void {
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer callback: every element still open is closed, innermost first. */
  onend(): void {
    this.startIndex = this.html.length;
    while (this.stack.length > 0) this.popTop();
  }

  private emitOpenTag(name: string): void {
    this.openTagStart = this.startIndex;
    this.tagname = name;
    const impliesClose = OPEN_IMPLIES_CLOSE.get(name);
    if (impliesClose) {
      while (this.stack.length > 0 && impliesClose.has(this.stack[this.stack.length - 1].name)) this.popTop();
    }
    this.tracked = !VOID_ELEMENTS.has(name) && (this.stack.length < MAX_TRACKED_DEPTH || DEPTH_EXEMPT.has(name));
    if (this.tracked && this.stack.length >= MAX_EXEMPT_DEPTH) {
      throw new PageTooComplexError(`elements nested more than ${MAX_EXEMPT_DEPTH} deep`);
    }
    if (this.tracked) this.push(name);
    this.attribs = new Attributes();
  }

  private endOpenTag(): void {
    this.startIndex = this.openTagStart;
    if (this.attribs !== undefined) {
      this.handler.onopentag(this.tagname, this.attribs);
      this.attribs = undefined;
    }
    if (!this.tracked) this.handler.onclosetag(this.tagname);
    this.tagname = '';
  }

  private closeCurrentTag(): void {
    const { tagname, tracked } = this;
    this.endOpenTag();
    if (tracked && this.stack.at(-1)?.name === tagname) this.popTop();
  }

  private push(name: string): void {
    const element: OpenElement = { name };
    if (FOREIGN_ELEMENTS.has(name)) element.foreign = true;
    else if (HTML_INTEGRATION_ELEMENTS.has(name)) element.foreign = false;
    if (element.foreign !== undefined) this.foreign.push(element.foreign);
    this.stack.push(element);
    this.openCounts.set(name, (this.openCounts.get(name) ?? 0) + 1);
  }

  /** Closes the innermost open element and returns its name. */
  private popTop(): string {
    const element = this.stack.pop() as OpenElement;
    if (element.foreign !== undefined) this.foreign.pop();
    this.openCounts.set(element.name, (this.openCounts.get(element.name) as number) - 1);
    this.handler.onclosetag(element.name);
    return element.name;
  }
}
