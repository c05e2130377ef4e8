/**
 * The announcement of a generated report: a plain-text message listing download links,
 * published to the report topic (e-mail subscribers). Pure: the links and their expiry come
 * from the caller (the link service's `DownloadLinks` on AWS).
 */
import { stripDiacritics } from '../text.ts';
import type { Lang } from '../types.ts';
import type { ReportIndex } from './generate-report.ts';

/** Publishes a report announcement (SNS on AWS). */
export interface ReportPublisher {
  publish(announcement: ReportAnnouncement): Promise<void>;
}

export interface ReportAnnouncement {
  /** ASCII, at most 100 characters (SNS e-mail subjects allow nothing else). */
  subject: string;
  message: string;
}

/** SNS refuses messages over 256 KiB; a margin keeps the UTF-8 body under it. */
export const MAX_ANNOUNCEMENT_BYTES = 240 * 1024;

const TEXT = {
  monthly: { vi: 'Báo cáo đánh giá tháng', en: 'Monthly evaluation report' },
  round: { vi: 'Báo cáo tổng hợp đợt đánh giá', en: 'Evaluation round report' },
  'self-review': { vi: 'Dự thảo văn bản tự đánh giá', en: 'Self-review letter drafts' },
  manual: { vi: 'Báo cáo đánh giá', en: 'Evaluation report' },
  index: { vi: 'Danh mục tệp', en: 'Index of files' },
  overall: { vi: 'Toàn bộ', en: 'Overall' },
  expires: { vi: 'Các liên kết có hiệu lực đến', en: 'Links are valid until' },
  renew: {
    vi: 'Sau thời hạn này, liên kết mở trang hướng dẫn nhận liên kết mới.',
    en: 'After that, a link opens a page saying how to get a new one.',
  },
  truncated: {
    vi: 'Danh sách bị rút gọn do giới hạn dung lượng tin nhắn; xem đủ trong danh mục tệp ở trên.',
    en: 'The list is cut short by the message size limit; the index above lists every file.',
  },
} as const;

/**
 * The message for one generation: the index links first, then every file with its link,
 * overall set first; `expiresAt` is the links' real expiry (`DownloadLinks.expiresAt`). Files whose link is missing are skipped; the list stops before
 * {@link MAX_ANNOUNCEMENT_BYTES} with a note pointing at the index.
 */
export function reportAnnouncement(index: ReportIndex, links: ReadonlyMap<string, string>, expiresAt: string): ReportAnnouncement {
  const lang: Lang = index.lang;
  const heading = `${TEXT[index.kind][lang]} ${index.period}`;
  const head = [
    heading,
    `${TEXT.expires[lang]} ${expiresAt}. ${TEXT.renew[lang]}`,
    '',
    `${TEXT.index[lang]}:`,
    `  ${links.get(index.indexKeys.html) ?? index.indexKeys.html}`,
    `  ${links.get(index.indexKeys.json) ?? index.indexKeys.json}`,
  ];
  const encoder = new TextEncoder();
  let size = encoder.encode(head.join('\n')).byteLength + 512;
  const body: string[] = [];
  let group: string | undefined;
  for (const entry of index.files) {
    const link = links.get(entry.key);
    if (!link) continue;
    const name = entry.organisation ?? TEXT.overall[lang];
    const lines = name !== group ? ['', `${name}:`, `  ${entry.path}`, `    ${link}`] : [`  ${entry.path}`, `    ${link}`];
    const added = encoder.encode(lines.join('\n')).byteLength + 1;
    if (size + added > MAX_ANNOUNCEMENT_BYTES) {
      body.push('', TEXT.truncated[lang]);
      break;
    }
    size += added;
    group = name;
    body.push(...lines);
  }
  return { subject: asciiSubject(stripDiacritics(heading)), message: `${[...head, ...body].join('\n')}\n` };
}

/** SNS subjects: ASCII letters, digits and punctuation, no line break, under 100 characters. */
function asciiSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '').replace(/\s+/g, ' ').trim();
  return ascii.slice(0, 99);
}
