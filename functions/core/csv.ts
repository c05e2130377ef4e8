/**
 * Reading CSV exports: byte decoding and an RFC 4180 parser. Written here rather than taken
 * from a library because the only CSV parser in node_modules (fast-csv) is a stream-based
 * transitive dependency of exceljs, and the core must stay pure (bytes in, rows out).
 * {@link readCsvRows} reads a stream of bytes under the import limits, a chunk at a time.
 */
import { checkImportBytes, checkImportRows } from './import-limits.ts';

/**
 * Decodes a CSV file's bytes to text. Excel writes UTF-16LE ("Unicode text") with a BOM,
 * UTF-8 with or without BOM, and older Vietnamese systems windows-1258. Detection order: BOM;
 * then the zero-byte pattern of BOM-less UTF-16 (ASCII-heavy text has every other byte 0);
 * then strict UTF-8; windows-1258 as the last resort. The text is NFC-normalised because
 * windows-1258 decodes tone marks as combining characters.
 */
export function decodeCsv(bytes: Uint8Array): string {
  const decoder = createCsvDecoder();
  return (decoder.push(bytes) + decoder.end()).normalize('NFC');
}

/** Bytes looked at before the encoding is decided (the whole file when it is smaller). */
const ENCODING_SAMPLE_BYTES = 1024 * 1024;

/** Raised when a file decided to be UTF-8 from its first megabyte has an invalid sequence later. */
export class CsvEncodingError extends Error {
  override name = 'CsvEncodingError';
}

/**
 * The decoder of {@link decodeCsv}, fed chunk by chunk: the encoding is decided on the first
 * {@link ENCODING_SAMPLE_BYTES} (or the whole file when smaller), then every chunk is decoded as
 * it comes. The text is not normalised (a combining mark may start the next chunk): normalise
 * whole cells. A file that turns out not to be UTF-8 after a valid first megabyte is refused
 * ({@link CsvEncodingError}) rather than decoded with replacement characters.
 */
export function createCsvDecoder(): { push(bytes: Uint8Array): string; end(): string } {
  let sample: Uint8Array[] = [];
  let sampled = 0;
  let decoder: TextDecoder | undefined;
  let decodedBytes = 0;
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      const text = (decoder as TextDecoder).decode(bytes, { stream });
      decodedBytes += bytes.length;
      return text;
    } catch {
      throw new CsvEncodingError(`not valid UTF-8 after byte ${decodedBytes} (the first ${ENCODING_SAMPLE_BYTES} bytes were)`);
    }
  };
  const decide = (stream: boolean): string => {
    const bytes = concat(sample, sampled);
    sample = [];
    let skip = 0;
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) [decoder, skip] = [new TextDecoder('utf-8', { ignoreBOM: true }), 3];
    else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) [decoder, skip] = [new TextDecoder('utf-16le', { ignoreBOM: true }), 2];
    else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) [decoder, skip] = [new TextDecoder('utf-16be', { ignoreBOM: true }), 2];
    else {
      const bomless = sniffUtf16(bytes);
      if (bomless) decoder = new TextDecoder(bomless);
      else {
        decoder = new TextDecoder('utf-8', { fatal: true });
        try {
          return decoder.decode(bytes, { stream });
        } catch {
          decoder = new TextDecoder('windows-1258');
        }
      }
    }
    return decode(bytes.subarray(skip), stream);
  };
  return {
    push(bytes) {
      if (decoder !== undefined) return decode(bytes, true);
      sample.push(bytes);
      sampled += bytes.length;
      return sampled >= ENCODING_SAMPLE_BYTES ? decide(true) : '';
    },
    end() {
      return decoder === undefined ? decide(false) : decode(new Uint8Array(), false);
    },
  };
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
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
 * inside quotes, CRLF/LF/CR line ends). The delimiter is sniffed from the first lines
 * (`;` is what Excel writes in a Vietnamese locale, `,` elsewhere, tab for "Unicode text"),
 * or taken from an Excel `sep=;` first line (kept as a row). Row i of the result is line i+1 of the file
 * (blank lines stay as `[""]`) so import reports can name the row an evaluator sees.
 */
export function parseCsv(text: string, delimiter?: CsvDelimiter): string[][] {
  const tokenizer = new CsvTokenizer(delimiter);
  return [...tokenizer.push(text), ...tokenizer.end()];
}

/** Text held before the delimiter is sniffed when the first lines are very long. */
const SNIFF_CHARS = 64 * 1024;

/**
 * {@link parseCsv} fed chunk by chunk: each `push` returns the rows completed so far, `end` the
 * last. Chunks may split anything (a quoted field, a `""`, a CRLF); the first rows wait until
 * the delimiter is known ({@link SNIFF_LINES} lines or {@link SNIFF_CHARS} characters).
 */
export class CsvTokenizer {
  private delim: string | undefined;
  private head = '';
  private started = false;
  private carry = '';
  private row: string[] = [];
  private field = '';
  private quoted = false;

  constructor(delimiter?: CsvDelimiter) {
    this.delim = delimiter;
  }

  push(text: string): string[][] {
    if (this.delim === undefined) {
      this.head += text;
      if (this.head.length < SNIFF_CHARS && countLines(this.head) < SNIFF_LINES) return [];
      return this.release(false);
    }
    return this.scan(text, false);
  }

  end(): string[][] {
    const rows = this.delim === undefined ? this.release(true) : this.scan('', true);
    if (this.field !== '' || this.row.length > 0) {
      this.row.push(this.field);
      rows.push(this.row);
      this.row = [];
      this.field = '';
    }
    return rows;
  }

  /** The held first lines, once the delimiter can be told from them. */
  private release(final: boolean): string[][] {
    const head = this.head.charCodeAt(0) === 0xfeff ? this.head.slice(1) : this.head;
    this.head = '';
    this.started = true;
    // Excel's `sep=;` line stays in the output as row 1, keeping row numbers equal to line numbers.
    this.delim = /^sep=(.)\r?\n/i.exec(head)?.[1] ?? sniffDelimiter(head);
    return this.scan(head, final);
  }

  private scan(text: string, final: boolean): string[][] {
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const body = this.carry + text;
    this.carry = '';
    const delim = this.delim;
    const rows: string[][] = [];
    let { row, field, quoted } = this;
    let i = 0;
    const n = body.length;
    while (i < n) {
      const c = body[i];
      // A `"` in quotes and a `\r` need the next character: wait for the next chunk.
      if (!final && i === n - 1 && (c === '\r' || (quoted && c === '"'))) {
        this.carry = c;
        break;
      }
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
    this.row = row;
    this.field = field;
    this.quoted = quoted;
    return rows;
  }
}

/** Line ends in `text` (a bound for sniffing; quotes ignored). */
function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && lines < SNIFF_LINES; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
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

/**
 * The rows of a CSV file read from a stream of byte chunks (an S3 body, a file stream), under
 * the import limits: reading stops, and {@link ImportLimitError} names the limit, as soon as the
 * bytes or the rows pass it — an endless or huge file is never read whole. Cells are
 * NFC-normalised, as {@link decodeCsv} normalises the whole text.
 */
export async function readCsvRows(file: string, chunks: AsyncIterable<Uint8Array>): Promise<string[][]> {
  const decoder = createCsvDecoder();
  const tokenizer = new CsvTokenizer();
  const rows: string[][] = [];
  const add = (completed: string[][]) => {
    for (const row of completed) rows.push(row.map((cell) => cell.normalize('NFC')));
    checkImportRows(file, rows.length, { atLeast: true });
  };
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    checkImportBytes(file, bytes, { atLeast: true });
    add(tokenizer.push(decoder.push(chunk)));
  }
  add(tokenizer.push(decoder.end()));
  add(tokenizer.end());
  return rows;
}
