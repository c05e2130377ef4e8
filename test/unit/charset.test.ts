import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { canonicalCharset, charsetFromContentType, decodeHtml, type CharsetSource } from '../../functions/adapters/net/charset.ts';

const TITLE = 'Cổng thông tin điện tử tỉnh Quảng Ninh';
const BODY_TEXT = 'Ủy ban nhân dân tỉnh Quảng Ninh - Sở Thông tin và Truyền thông. Hướng dẫn sử dụng dịch vụ công trực tuyến; Ý kiến người dân.';

/** A homepage shaped like a provincial portal, with an optional charset declaration in the head. */
function portalPage(metaTag: string): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
${metaTag}
<title>${TITLE}</title>
<link rel="stylesheet" href="/Portal/styles/main.css">
<script src="https://ipv6.vn/js/emc.js"></script>
</head>
<body>
<header><a href="/"><img src="/logo.png" alt="${TITLE}"></a></header>
<nav><ul><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li></ul></nav>
<main><h1>${TITLE}</h1><p>${BODY_TEXT}</p></main>
<footer>Cơ quan chủ quản: ${BODY_TEXT}</footer>
</body>
</html>
`;
}

/**
 * windows-1258 has few precomposed letters: tones are combining marks after the base letter,
 * which is how real windows-1258 pages are written.
 */
function toWindows1258Form(text: string): string {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/g;
  return [...text]
    .map((ch) => {
      const decomposed = ch.normalize('NFD');
      return decomposed.replace(tones, '').normalize('NFC') + (decomposed.match(tones) ?? []).join('');
    })
    .join('');
}

describe('decodeHtml', () => {
  const page = portalPage('');
  const cases: Array<{
    name: string;
    bytes: Buffer;
    contentType?: string;
    charset: string;
    source: CharsetSource;
  }> = [
    {
      name: 'UTF-8 from the header',
      bytes: Buffer.from(portalPage('<meta charset="windows-1258">'), 'utf8'),
      contentType: 'text/html; charset=UTF-8',
      charset: 'utf-8',
      source: 'header',
    },
    {
      name: 'UTF-8 with a BOM that overrides a wrong header',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page, 'utf8')]),
      contentType: 'text/html; charset=iso-8859-1',
      charset: 'utf-8',
      source: 'bom',
    },
    {
      name: 'UTF-16LE with a BOM',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(page, 'utf-16le')]),
      contentType: 'text/html',
      charset: 'utf-16le',
      source: 'bom',
    },
    {
      name: 'UTF-16BE with a BOM',
      bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(page, 'utf-16be')]),
      charset: 'utf-16be',
      source: 'bom',
    },
    {
      name: 'windows-1258 from the header (combining tones)',
      bytes: iconv.encode(toWindows1258Form(page), 'windows-1258'),
      contentType: 'text/html; charset="windows-1258"',
      charset: 'windows-1258',
      source: 'header',
    },
    {
      name: 'windows-1258 from <meta http-equiv>',
      bytes: iconv.encode(toWindows1258Form(portalPage('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')), 'windows-1258'),
      contentType: 'text/html',
      charset: 'windows-1258',
      source: 'meta',
    },
    {
      name: 'VISCII from <meta charset>',
      bytes: iconv.encode(portalPage('<meta charset="VISCII">'), 'viscii'),
      charset: 'viscii',
      source: 'meta',
    },
    {
      name: 'TCVN3 from the header label tcvn3',
      bytes: iconv.encode(page, 'tcvn'),
      contentType: 'text/html; charset=TCVN3',
      charset: 'tcvn',
      source: 'header',
    },
    {
      name: 'TCVN3 from <meta> label x-viet-tcvn3',
      bytes: iconv.encode(portalPage("<meta http-equiv='content-type' content='text/html; charset=x-viet-tcvn3'>"), 'tcvn'),
      charset: 'tcvn',
      source: 'meta',
    },
    {
      name: 'UTF-8 by default',
      bytes: Buffer.from(page, 'utf8'),
      contentType: 'text/html',
      charset: 'utf-8',
      source: 'default',
    },
    {
      name: 'UTF-8 when the header names an unknown charset and a <meta> says utf-8',
      bytes: Buffer.from(portalPage('<meta charset="utf-8">'), 'utf8'),
      contentType: 'text/html; charset=no-such-charset',
      charset: 'utf-8',
      source: 'meta',
    },
    {
      name: 'UTF-8 when a <meta> claims UTF-16 (it was readable as ASCII)',
      bytes: Buffer.from(portalPage('<meta charset="utf-16">'), 'utf8'),
      charset: 'utf-8',
      source: 'meta',
    },
  ];

  it.each(cases)('$name', ({ bytes, contentType, charset, source }) => {
    // Prepare: the table row.
    // Act
    const decoded = decodeHtml(bytes, contentType);
    // Assess
    expect(decoded.charset).toBe(charset);
    expect(decoded.charsetSource).toBe(source);
    expect(decoded.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(decoded.html).toContain(`<title>${TITLE}</title>`);
    expect(decoded.html).toContain(BODY_TEXT);
    expect(decoded.html).toBe(decoded.html.normalize('NFC'));
  });

  it('ignores a charset declared inside a comment', () => {
    // Prepare
    const html = portalPage('<!-- <meta charset="windows-1258"> --><meta charset="utf-8">');
    // Act
    const decoded = decodeHtml(Buffer.from(html, 'utf8'), undefined);
    // Assess
    expect(decoded.charset).toBe('utf-8');
    expect(decoded.html).toContain(TITLE);
  });

  it('decodes ISO-8859-1 as windows-1252, as browsers do', () => {
    // Prepare: 0x93/0x94 are curly quotes in windows-1252 but C1 controls in ISO-8859-1.
    const bytes = Buffer.concat([Buffer.from('<html><body>'), Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]), Buffer.from('</body></html>')]);
    // Act
    const decoded = decodeHtml(bytes, 'text/html; charset=ISO-8859-1');
    // Assess
    expect(decoded.charset).toBe('windows-1252');
    expect(decoded.html).toContain('“Café”');
  });
});

describe('charsetFromContentType', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    ['text/html; charset=utf-8', 'utf-8'],
    ['text/html;charset="windows-1258"', 'windows-1258'],
    ['text/html; Charset = VISCII ; foo=bar', 'VISCII'],
    ['text/html', undefined],
    [undefined, undefined],
  ];

  it.each(cases)('%s → %s', (header, expected) => {
    // Prepare: the table row.
    // Act
    const charset = charsetFromContentType(header);
    // Assess
    expect(charset).toBe(expected);
  });
});

describe('canonicalCharset', () => {
  const cases: Array<[string, string | undefined]> = [
    ['UTF8', 'utf-8'],
    ['cp1258', 'windows-1258'],
    ['tcvn5712', 'tcvn'],
    ['us-ascii', 'windows-1252'],
    ['shift_jis', 'shift_jis'],
    ['klingon', undefined],
  ];

  it.each(cases)('%s → %s', (label, expected) => {
    // Prepare: the table row.
    // Act
    const charset = canonicalCharset(label);
    // Assess
    expect(charset).toBe(expected);
  });
});
