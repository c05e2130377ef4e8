/**
 * The CSV reader fed chunk by chunk gives exactly what the whole-text reader gives, wherever
 * the chunks split (a quoted field, a doubled quote, a CRLF, a multi-byte character, a
 * windows-1258 tone mark), and stops reading at the import limits.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCsvDecoder, CsvTokenizer, decodeCsv, parseCsv, readCsvRows } from '../../functions/core/csv.ts';
import { ImportLimitError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../functions/core/import-limits.ts';

/** An EMC export as Excel writes it in a Vietnamese locale: title row, `;`, CRLF, quoted cells. */
const EXPORT = [
  'BÁO CÁO LƯỢT TRUY CẬP THÁNG 09/2026;;;;',
  'STT;Tên đơn vị;Tên miền;Mã site;Lượt truy cập',
  '1;UBND thành phố Hải Phòng;https://www.haiphong.gov.vn/;1001;"1.234.567"',
  '2;"Bộ Khoa học và Công nghệ; ""Cổng TTĐT""";mst.gov.vn;1003;12,345',
  '3;"Sở Tư pháp\r\n(dòng 2)";sotuphap.haiphong.gov.vn;1004;100',
  '',
  ';Tổng cộng;;;1.234.667',
].join('\r\n');

function inTwo(bytes: Uint8Array, at: number): Uint8Array[] {
  return [bytes.subarray(0, at), bytes.subarray(at)];
}

async function rowsOf(chunks: Uint8Array[]): Promise<string[][]> {
  return readCsvRows('thang-09.csv', (async function* () {
    yield* chunks;
  })());
}

describe('CsvTokenizer', () => {
  it('gives the whole-text rows wherever one chunk boundary falls', () => {
    // Prepare
    const whole = parseCsv(EXPORT);
    // Act
    const split = Array.from({ length: EXPORT.length + 1 }, (_, at) => {
      const tokenizer = new CsvTokenizer();
      return [...tokenizer.push(EXPORT.slice(0, at)), ...tokenizer.push(EXPORT.slice(at)), ...tokenizer.end()];
    });
    // Assess
    expect(whole[3]).toEqual(['2', 'Bộ Khoa học và Công nghệ; "Cổng TTĐT"', 'mst.gov.vn', '1003', '12,345']);
    expect(whole[4][1]).toBe('Sở Tư pháp\r\n(dòng 2)');
    for (const rows of split) expect(rows).toEqual(whole);
  });

  it('sniffs the delimiter from the first lines even when they come one character at a time', () => {
    // Prepare
    const text = 'sep=;\r\na;b\r\n1;2';
    const tokenizer = new CsvTokenizer();
    // Act
    const rows = [...[...text].flatMap((c) => tokenizer.push(c)), ...tokenizer.end()];
    // Assess
    expect(rows).toEqual([['sep=', ''], ['a', 'b'], ['1', '2']]);
    expect(rows).toEqual(parseCsv(text));
  });
});

describe('createCsvDecoder', () => {
  const utf8 = new TextEncoder().encode(EXPORT);
  const utf16le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(EXPORT, 'utf16le'))]);
  // "Hà Nội" in windows-1258: a + combining grave (0xCC), ô (0xF4) + combining dot below (0xF2)
  const cp1258 = new Uint8Array([0x48, 0x61, 0xcc, 0x3b, 0x4e, 0xf4, 0xf2, 0x69, 0x0d, 0x0a, 0x31, 0x3b, 0x32]);
  it.each([
    ['UTF-8 (multi-byte letters)', utf8],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])],
    ['UTF-16LE with BOM', utf16le],
    ['windows-1258 (tone marks as combining characters)', cp1258],
  ])('decodes %s split anywhere into the same text, and the reader into the same NFC cells', async (_name, bytes) => {
    // Prepare
    const whole = decodeCsv(bytes);
    // Act
    const texts = Array.from({ length: bytes.length + 1 }, (_, at) => {
      const decoder = createCsvDecoder();
      return (inTwo(bytes, at).map((part) => decoder.push(part)).join('') + decoder.end()).normalize('NFC');
    });
    const rows = await Promise.all(Array.from({ length: bytes.length + 1 }, (_, at) => rowsOf(inTwo(bytes, at))));
    // Assess
    for (const text of texts) expect(text).toBe(whole);
    for (const r of rows) expect(r).toEqual(parseCsv(whole));
  });
});

describe('readCsvRows under the limits', () => {
  it('stops an endless file at the row limit after reading a few megabytes at most', async () => {
    // Prepare: an export whose rows never end, counting the bytes the reader pulls
    let pulled = 0;
    let row = 0;
    const endless = new Readable({
      read() {
        const chunk = Buffer.from(Array.from({ length: 1000 }, () => `${row += 1};Đơn vị ${row};dv${row}.gov.vn;;${row}\r\n`).join(''));
        pulled += chunk.length;
        this.push(chunk);
      },
    });
    // Act
    const attempt = readCsvRows('vo-tan.csv', endless);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ImportLimitError);
    await expect(attempt).rejects.toMatchObject({ text: { vi: expect.stringContaining(`vượt giới hạn ${MAX_IMPORT_ROWS} dòng`), en: expect.stringContaining('reading stopped there') } });
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
    expect(endless.destroyed).toBe(true);
  });

  it('stops a file with no line end at the byte limit, having pulled little more than the limit', async () => {
    // Prepare: one endless cell (no delimiter, no line end): the row limit never fires
    let pulled = 0;
    const piece = Buffer.alloc(64 * 1024, 'a');
    const endless = new Readable({
      read() {
        pulled += piece.length;
        this.push(piece);
      },
    });
    // Act
    const attempt = readCsvRows('mot-dong.csv', endless);
    // Assess
    await expect(attempt).rejects.toMatchObject({ text: { en: expect.stringContaining(`passes the ${MAX_IMPORT_BYTES / 1024 / 1024} MB limit`) } });
    expect(pulled).toBeGreaterThan(MAX_IMPORT_BYTES);
    expect(pulled).toBeLessThan(MAX_IMPORT_BYTES + 1024 * 1024);
    expect(endless.destroyed).toBe(true);
  });
});
