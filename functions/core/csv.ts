/**
 * Reading CSV exports: byte decoding and an RFC 4180 parser. Written here rather than taken
 * from a library because the only CSV parser in node_modules (fast-csv) is a stream-based
 * transitive dependency of exceljs, and the core must stay pure (bytes in, rows out).
 */

/**
 * Decodes a CSV file's bytes to text. Excel writes UTF-16LE ("Unicode text") with a BOM,
 * UTF-8 with or without BOM, and older Vietnamese systems windows-1258. Detection order: BOM;
 * then the zero-byte pattern of BOM-less UTF-16 (ASCII-heavy text has every other byte 0);
 * then strict UTF-8; windows-1258 as the last resort. The text is NFC-normalised because
 * windows-1258 decodes tone marks as combining characters.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3)).normalize('NFC');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2)).normalize('NFC');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2)).normalize('NFC');
  }
  const bomless = sniffUtf16(bytes);
  if (bomless) return new TextDecoder(bomless).decode(bytes).normalize('NFC');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).normalize('NFC');
  } catch {
    return new TextDecoder('windows-1258').decode(bytes).normalize('NFC');
  }
}

/** UTF-16 without BOM: at least 40 % of the even (BE) or odd (LE) bytes of a sample are zero. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (sample < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = sample / 2;
  if (oddZeros >= pairs * 0.4 && evenZeros === 0) return 'utf-16le';
  if (evenZeros >= pairs * 0.4 && oddZeros === 0) return 'utf-16be';
  return undefined;
}

const DELIMITERS = [';', ',', '\t'] as const;
export type CsvDelimiter = (typeof DELIMITERS)[number];

/**
 * Splits CSV text into rows of cells (RFC 4180: quoted fields, `""` inside quotes, line breaks
 * inside quotes, CRLF/LF/CR line ends). The delimiter is sniffed from the first line
 * (`;` is what Excel writes in a Vietnamese locale, `,` elsewhere, tab for "Unicode text"),
 * or taken from an Excel `sep=;` first line (kept as a row). Row i of the result is line i+1 of the file
 * (blank lines stay as `[""]`) so import reports can name the row an evaluator sees.
 */
export function parseCsv(text: string, delimiter?: CsvDelimiter): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Excel's `sep=;` line stays in the output as row 1, keeping row numbers equal to line numbers.
  const sepLine = /^sep=(.)\r?\n/i.exec(body);
  const delim = delimiter ?? sepLine?.[1] ?? sniffDelimiter(body);

  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = body.length;
  while (i < n) {
    const c = body[i];
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === delim) {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && body[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Lines looked at to guess the delimiter: enough to get past a title row or two. */
const SNIFF_LINES = 10;

/**
 * The delimiter that occurs most often (outside quotes) on one of the first non-blank lines;
 * `,` when none. A title row above the header ("BÁO CÁO LƯỢT TRUY CẬP …") often has no
 * delimiter at all, so one line is not enough.
 */
function sniffDelimiter(text: string): CsvDelimiter {
  const best = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let line = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let lines = 0;
  let seenContent = false;
  const endLine = () => {
    for (const d of DELIMITERS) best.set(d, Math.max(best.get(d) ?? 0, line.get(d) ?? 0));
    line = new Map(DELIMITERS.map((d) => [d, 0]));
    lines += 1;
    seenContent = false;
  };
  for (let i = 0; i < text.length && lines < SNIFF_LINES; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (seenContent) endLine();
    } else if (!quoted && line.has(c as CsvDelimiter)) {
      line.set(c as CsvDelimiter, (line.get(c as CsvDelimiter) ?? 0) + 1);
      seenContent = true;
    } else if (c.trim() !== '') seenContent = true;
  }
  if (seenContent) endLine();
  let winner: CsvDelimiter = ',';
  let winnerCount = 0;
  for (const d of DELIMITERS) {
    const count = best.get(d) ?? 0;
    if (count > winnerCount) {
      winner = d;
      winnerCount = count;
    }
  }
  return winner;
}
