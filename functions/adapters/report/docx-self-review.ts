/**
 * The self-review letter as a DOCX draft in the layout of a Vietnamese administrative letter
 * (công văn, Decree 30/2020/NĐ-CP, Appendix I): at the top a borderless two-column block — the
 * issuing body (the organisation, upper case, bold) with "Số: …/…" and the "V/v …" subject
 * under it; the national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh
 * phúc" with the place and date left to fill — then "Kính gửi", the body with the table of
 * sites × criteria, and the "Nơi nhận" and signature blocks. Times New Roman 13–14 pt, A4,
 * margins 20/20/30/15 mm. Built with the `docx` library; page text stays text (no field codes).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { VERDICT_LABELS, WORDS } from '../../core/report/labels.ts';
import { criterionName } from '../../core/report/round/round-tables.ts';
import type { LetterCell, LetterRow, SelfReviewLetter } from '../../core/report/round/self-review.ts';
import type { CheckId, Lang, LocalizedText } from '../../core/types.ts';
import { stripXmlIllegal } from '../../core/report/safe-text.ts';

const FONT = 'Times New Roman';
/** Half-points: 14 pt body, 13 pt header blocks, 12 pt table and "Nơi nhận", 11 pt its list (Decree 30). */
const SIZE = { body: 28, header: 26, table: 24, small: 22 } as const;
/** A4 text width in twips with left 30 mm and right 15 mm margins. */
const TEXT_WIDTH = 11906 - 1701 - 850;

const T = {
  number: { vi: 'Số: …/…', en: 'No.: …/…' },
  motto1: { vi: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', en: 'SOCIALIST REPUBLIC OF VIET NAM' },
  motto2: { vi: 'Độc lập - Tự do - Hạnh phúc', en: 'Independence - Freedom - Happiness' },
  placeDate: { vi: '……, ngày … tháng … năm 20…', en: '……, day … month … year 20…' },
  subject: { vi: 'V/v tự đánh giá việc kết nối EMC và liên kết giữa cổng và trang thông tin điện tử thành phần', en: 'Re: self-review of the EMC connection and portal/component links' },
  to: { vi: 'Kính gửi', en: 'To' },
  recipient: { vi: '…………………… (cơ quan tổ chức đánh giá)', en: '…………………… (evaluating body)' },
  intro: {
    vi: 'Thực hiện Thông tư số 22/2023/TT-BTTTT ngày 31/12/2023 và hướng dẫn đánh giá cổng/trang thông tin điện tử, {org} tự đánh giá việc đáp ứng các tiêu chí 2.1, 2.2a, 2.2b và 2.2c đối với cổng thông tin điện tử và các trang thông tin điện tử thành phần như sau (dự thảo lập từ kết quả kiểm tra tự động {dates}, lượt quét {runs}):',
    en: 'Pursuant to Circular 22/2023/TT-BTTTT of 31 Dec 2023 and the evaluation guidance, {org} has reviewed its portal and component websites against criteria 2.1, 2.2a, 2.2b and 2.2c as follows (draft from the automatic checks of {dates}, run {runs}):',
  },
  part1: { vi: '1. Kết quả theo từng tiêu chí', en: '1. Results per criterion' },
  part2: { vi: '2. Trang thành phần phát hiện trên cổng nhưng chưa có trong danh sách (đề nghị xác nhận)', en: '2. Component sites found on the portal but not in the registry (to confirm)' },
  part3: { vi: '3. Số liệu lượt truy cập (hệ thống EMC, tháng {period})', en: '3. Traffic figures (EMC system, {period})' },
  noTraffic: { vi: 'Chưa có số liệu lượt truy cập được nhập.', en: 'No traffic figures imported yet.' },
  closing: {
    vi: '{org} cam kết khắc phục các nội dung chưa đạt nêu trên trước ngày …/…/20… và báo cáo kết quả về cơ quan tổ chức đánh giá./.',
    en: '{org} undertakes to fix the items above by …/…/20… and to report the result to the evaluating body.',
  },
  number_: { vi: 'TT', en: 'No.' },
  site: { vi: 'Cổng/trang', en: 'Site' },
  fix: { vi: 'Khắc phục', en: 'Fix' },
  recipients: { vi: 'Nơi nhận:', en: 'Recipients:' },
  asAbove: { vi: '- Như trên;', en: '- As above;' },
  archive: { vi: '- Lưu: VT, ….', en: '- Archive: …' },
  signer: { vi: 'THỦ TRƯỞNG CƠ QUAN', en: 'HEAD OF THE ORGANISATION' },
  signNote: { vi: '(Chữ ký, dấu)', en: '(Signature, seal)' },
  signName: { vi: 'Họ và tên', en: 'Full name' },
} satisfies Record<string, LocalizedText>;

/** Page text in DOCX runs: the docx library escapes markup; XML-illegal control characters are removed. */
const clean = stripXmlIllegal;

function run(text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: clean(text), font: FONT, size: options.size ?? SIZE.body, bold: options.bold, italics: options.italics });
}

function para(children: ParagraphChild[] | string, options: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number; size?: number; bold?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: typeof children === 'string' ? [run(children, { size: options.size, bold: options.bold })] : children,
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    spacing: { after: options.after ?? 120, line: 300 },
    ...(options.indent && { indent: { firstLine: 567 } }),
  });
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** Renders one letter as DOCX bytes. */
export async function writeSelfReviewDocx(letter: SelfReviewLetter, options: { lang?: Lang; recipient?: string } = {}): Promise<Uint8Array> {
  const lang = options.lang ?? 'vi';
  const w = (label: LocalizedText) => label[lang];
  const dates = [letter.scanDates.from?.slice(0, 10), letter.scanDates.to?.slice(0, 10)].filter(Boolean);
  const values = { org: letter.organisation, dates: [...new Set(dates)].join(' – ') || '…', runs: letter.runIds.join(', ') || '…', period: letter.traffic?.period ?? '' };
  const doc = new Document({
    creator: 'gov-portal-auditor',
    title: `${w(T.subject)} — ${clean(letter.organisation)}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } } },
        children: [
          headerBlock(letter, w),
          new Paragraph({ children: [run(`${w(T.to)}: `), run(options.recipient ?? w(T.recipient))], alignment: AlignmentType.CENTER, spacing: { before: 360, after: 240 } }),
          para(fill(w(T.intro), values), { indent: true }),
          para(w(T.part1), { bold: true }),
          sitesTable(letter, lang),
          para(w(T.part2), { bold: true }),
          ...(letter.unregistered.length > 0
            ? letter.unregistered.map((s) => para(`- ${s.host}${s.name && s.name !== s.host ? ` (${s.name})` : ''}`, { indent: true, after: 60 }))
            : [para(w(WORDS.none), { indent: true })]),
          para(fill(w(T.part3), values), { bold: true }),
          ...(letter.traffic ? [trafficTable(letter.traffic.rows, lang)] : [para(w(T.noTraffic), { indent: true })]),
          para(fill(w(T.closing), values), { indent: true }),
          signatureBlock(w),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const NO_BORDERS = TableBorders.NONE;

function column(children: Paragraph[], width: number): TableCell {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA } });
}

/** Issuing body, number and subject on the left; national motto and place/date on the right. */
function headerBlock(letter: SelfReviewLetter, w: (l: LocalizedText) => string): Table {
  const left = Math.round(TEXT_WIDTH * 0.4);
  const center = (children: ParagraphChild[], after = 0) => new Paragraph({ children, alignment: AlignmentType.CENTER, spacing: { after } });
  const underline = { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, TEXT_WIDTH - left],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          column(
            [
              new Paragraph({ children: [run(letter.organisation.toLocaleUpperCase('vi'), { bold: true, size: SIZE.header })], alignment: AlignmentType.CENTER, border: underline, spacing: { after: 120 } }),
              center([run(w(T.number), { size: SIZE.header })], 60),
              center([run(w(T.subject), { size: SIZE.table })]),
            ],
            left,
          ),
          column(
            [
              center([run(w(T.motto1), { bold: true, size: SIZE.table })]),
              new Paragraph({ children: [run(w(T.motto2), { bold: true, size: SIZE.body })], alignment: AlignmentType.CENTER, border: underline, spacing: { after: 120 } }),
              center([run(w(T.placeDate), { italics: true, size: SIZE.body })]),
            ],
            TEXT_WIDTH - left,
          ),
        ],
      }),
    ],
  });
}

function cellParagraphs(cell: LetterCell | undefined, lang: Lang): Paragraph[] {
  const w = (label: LocalizedText) => label[lang];
  if (!cell) return [new Paragraph({ children: [run('—', { size: SIZE.table })], alignment: AlignmentType.CENTER })];
  const verdict = w(VERDICT_LABELS[cell.verdict]);
  const lines: Paragraph[] = [new Paragraph({ children: [run(verdict, { bold: true, size: SIZE.table })] })];
  // A summary that only repeats the verdict ("Đạt") adds nothing.
  if (cell.detail || w(cell.summary) !== verdict) lines.push(new Paragraph({ children: [run(cell.detail ? `${w(cell.summary)}: ${cell.detail}` : w(cell.summary), { size: SIZE.small })] }));
  if (cell.fix) lines.push(new Paragraph({ children: [run(`${w(T.fix)}: `, { italics: true, size: SIZE.small }), run(w(cell.fix), { size: SIZE.small })] }));
  return lines;
}

/** The criterion columns: 2.1, 2.2a, and 2.2b (portal) / 2.2c (component) sharing one column. */
const COLUMNS: { ids: CheckId[] }[] = [{ ids: ['emc-tracking-code'] }, { ids: ['emc-badge'] }, { ids: ['portal-links-components', 'component-links-portal'] }];

function sitesTable(letter: SelfReviewLetter, lang: Lang): Table {
  const w = (label: LocalizedText) => label[lang];
  const widths = [600, 2100, 2218, 2218, 2219];
  const headerCell = (text: string, width: number) =>
    new TableCell({ children: [new Paragraph({ children: [run(text, { bold: true, size: SIZE.table })], alignment: AlignmentType.CENTER })], width: { size: width, type: WidthType.DXA }, shading: { fill: 'E8EEF7' } });
  const headers = [w(T.number_), w(T.site), ...COLUMNS.map((c) => c.ids.map((id) => criterionName(id, lang)).join(' / '))];
  const row = (site: LetterRow, i: number) =>
    new TableRow({
      cantSplit: true,
      children: [
        new TableCell({ children: [new Paragraph({ children: [run(String(i + 1), { size: SIZE.table })], alignment: AlignmentType.CENTER })], width: { size: widths[0], type: WidthType.DXA } }),
        new TableCell({ children: [new Paragraph({ children: [run(site.name, { bold: site.role === 'portal', size: SIZE.table })] }), new Paragraph({ children: [run(site.host, { size: SIZE.small })] })], width: { size: widths[1], type: WidthType.DXA } }),
        ...COLUMNS.map((c, j) => new TableCell({ children: cellParagraphs(c.ids.map((id) => site.cells[id]).find(Boolean), lang), width: { size: widths[j + 2], type: WidthType.DXA } })),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [new TableRow({ tableHeader: true, children: headers.map((h, i) => headerCell(h, widths[i])) }), ...letter.rows.map(row)],
  });
}

function trafficTable(rows: NonNullable<SelfReviewLetter['traffic']>['rows'], lang: Lang): Table {
  const w = (label: LocalizedText) => label[lang];
  const number = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const widths = [3605, 1800, 1800, 1800];
  const cell = (text: string, width: number, bold = false, align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT) =>
    new TableCell({ children: [new Paragraph({ children: [run(text, { bold, size: SIZE.table })], alignment: align })], width: { size: width, type: WidthType.DXA } });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: [w(T.site), w(WORDS.visits), w(WORDS.pageviews), w(WORDS.visitors)].map((h, i) => cell(h, widths[i], true, AlignmentType.CENTER)) }),
      ...rows.map(
        (r) =>
          new TableRow({
            children: [
              cell(`${r.name} (${r.host})`, widths[0]),
              cell(number.format(r.visits), widths[1], false, AlignmentType.RIGHT),
              cell(r.pageviews === undefined ? '—' : number.format(r.pageviews), widths[2], false, AlignmentType.RIGHT),
              cell(r.visitors === undefined ? '—' : number.format(r.visitors), widths[3], false, AlignmentType.RIGHT),
            ],
          }),
      ),
    ],
  });
}

/** "Nơi nhận" on the left (bold italic 12 pt, list 11 pt); the signer on the right. */
function signatureBlock(w: (l: LocalizedText) => string): Table {
  const left = Math.round(TEXT_WIDTH * 0.45);
  const p = (children: ParagraphChild[], align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT, after = 0) => new Paragraph({ children, alignment: align, spacing: { after } });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, TEXT_WIDTH - left],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          column([p([run(w(T.recipients), { bold: true, italics: true, size: SIZE.table })]), p([run(w(T.asAbove), { size: SIZE.small })]), p([run(w(T.archive), { size: SIZE.small })])], left),
          column(
            [
              p([run(w(T.signer), { bold: true, size: SIZE.body })], AlignmentType.CENTER),
              p([run(w(T.signNote), { italics: true, size: SIZE.body })], AlignmentType.CENTER, 1200),
              p([run(w(T.signName), { bold: true, size: SIZE.body })], AlignmentType.CENTER),
            ],
            TEXT_WIDTH - left,
          ),
        ],
      }),
    ],
  });
}
