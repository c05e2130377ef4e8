/**
 * Decoding of HTML bytes to text, the way a browser picks the encoding: byte-order mark, then the
 * Content-Type charset, then a `<meta>` declaration near the top, then UTF-8. Vietnamese sites
 * still serve legacy encodings (windows-1258, VISCII, TCVN3), and windows-1258 writes tones as
 * combining marks, so every result is NFC-normalised: checks compare text with precomposed
 * Vietnamese strings.
 *
 * Order follows the WHATWG encoding sniffing algorithm
 * (https://html.spec.whatwg.org/multipage/parsing.html#encoding-sniffing-algorithm), in which a
 * BOM overrides the header.
 */
import iconv from 'iconv-lite';

/** Where the charset used for decoding came from. */
export type CharsetSource = 'bom' | 'header' | 'meta' | 'default';

/** Decoded page text and the charset that produced it. */
export interface DecodedHtml {
  /** NFC-normalised text, without a byte-order mark. */
  html: string;
  /** Canonical charset name used (e.g. `utf-8`, `windows-1258`, `viscii`, `tcvn`). */
  charset: string;
  charsetSource: CharsetSource;
}

/** How far into the body the `<meta>` prescan looks (browsers use 1024; long `<head>`s are common). */
const META_PRESCAN_BYTES = 4096;

/**
 * Labels seen on Vietnamese and Western sites, mapped to the iconv-lite codec. Latin-1 and ASCII
 * labels mean windows-1252, as in browsers (https://encoding.spec.whatwg.org/#names-and-labels).
 */
const ALIASES: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'windows-1258': 'windows-1258',
  cp1258: 'windows-1258',
  'x-cp1258': 'windows-1258',
  viscii: 'viscii',
  csviscii: 'viscii',
  'viscii1.1-1': 'viscii',
  tcvn: 'tcvn',
  tcvn3: 'tcvn',
  'tcvn-3': 'tcvn',
  tcvn5712: 'tcvn',
  'tcvn-5712': 'tcvn',
  'tcvn5712-1': 'tcvn',
  'tcvn5712-1:1993': 'tcvn',
  vn3: 'tcvn',
  'x-viet-tcvn3': 'tcvn',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/**
 * Decodes an HTML body. `contentType` is the raw Content-Type header value, if any.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | undefined): DecodedHtml {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = sniffBom(buffer);
  if (bom) return finish(buffer.subarray(bom.length), bom.charset, 'bom');

  const fromHeader = canonicalCharset(charsetFromContentType(contentType));
  if (fromHeader) return finish(buffer, fromHeader, 'header');

  const fromMeta = canonicalCharset(charsetFromMeta(buffer));
  // A <meta> that claims UTF-16 was readable as ASCII, so the page cannot be UTF-16 (WHATWG).
  if (fromMeta) return finish(buffer, fromMeta.startsWith('utf-16') ? 'utf-8' : fromMeta, 'meta');

  return finish(buffer, 'utf-8', 'default');
}

/** The `charset` parameter of a Content-Type value, as written (undefined when absent). */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const match = contentType?.match(/;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i);
  const value = match?.[1] ?? match?.[2];
  return value ? value.trim() : undefined;
}

/** Maps a charset label to a codec iconv-lite can decode, or undefined when unknown. */
export function canonicalCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const key = label.trim().toLowerCase();
  if (ALIASES[key]) return ALIASES[key];
  return iconv.encodingExists(key) ? key : undefined;
}

function sniffBom(buffer: Buffer): { charset: string; length: number } | undefined {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/** The charset of the first `<meta charset>` or `<meta http-equiv … content="…charset=…">`. */
function charsetFromMeta(buffer: Buffer): string | undefined {
  // Every supported legacy encoding is ASCII-compatible, so latin1 shows the markup faithfully.
  const head = buffer.subarray(0, META_PRESCAN_BYTES).toString('latin1').replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = tag.match(/\scharset\s*=\s*["']?\s*([\w.:-]+)/i);
    if (direct) return direct[1];
    if (/http-equiv\s*=\s*["']?\s*content-type/i.test(tag)) {
      const content = tag.match(/\scontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
      const charset = charsetFromContentType(content?.[1] ?? content?.[2] ?? content?.[3]);
      if (charset) return charset;
    }
  }
  return undefined;
}

function finish(bytes: Buffer, charset: string, charsetSource: CharsetSource): DecodedHtml {
  const text = charset === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, charset, { stripBOM: false });
  return { html: text.normalize('NFC'), charset, charsetSource };
}
