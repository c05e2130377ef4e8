/**
 * The self-review letter of one organisation (before the window opens): its portal and every
 * component site against criteria 2.1, 2.2a and 2.2b/2.2c — the verdict, the evidence in one
 * line and what to fix — the component sites found that are not in the registry (to confirm),
 * and the traffic figures when imported. Built from the monthly model of one run, so the letter
 * says exactly what a report of that run says. The DOCX layout is the adapter's
 * (functions/adapters/report/docx-self-review.ts).
 */
import type { League } from '../../records.ts';
import { type CheckId, type LocalizedText, type SiteRole, type Verdict } from '../../types.ts';
import type { CellVerdict, ReportModel, SiteRow } from '../model.ts';
import { organisationsOf, sliceForOrganisation } from '../slice.ts';
import { evidenceLine } from './build-round.ts';

export const SELF_REVIEW_SCHEMA_ID = 'gov-audit/self-review@1';

export interface LetterCell {
  verdict: Verdict;
  /** The check's summary (pass, fail) or why it is unknown. */
  summary: LocalizedText;
  /** The first evidence item in one line (untrusted page text). */
  detail?: string;
  /** What to fix; absent for a pass. */
  fix?: LocalizedText;
}

export interface LetterRow {
  name: string;
  host: string;
  role: SiteRole;
  cells: Partial<Record<CheckId, LetterCell>>;
}

export interface SelfReviewLetter {
  schema: typeof SELF_REVIEW_SCHEMA_ID;
  organisation: string;
  league: League;
  /** Period of the run the letter is drawn from. */
  period: string;
  runIds: string[];
  scanDates: { from?: string; to?: string };
  generatedAt: string;
  /** The portal first, then its components by host. */
  rows: LetterRow[];
  /** Component sites found on the portal that the registry does not list yet. */
  unregistered: { name: string; host: string }[];
  /** The organisation's traffic figures (portal and components), when imported. */
  traffic?: { period: string; rows: { name: string; host: string; visits: number; pageviews?: number; visitors?: number }[] };
}

/** What to do about a failing criterion when the check gave no hint of its own. */
const FIX: Record<CheckId, LocalizedText> = {
  'emc-tracking-code': {
    vi: 'Gắn đoạn mã theo dõi EMC (mã site do EMC cấp) vào mọi trang, không để trong chú thích; kiểm tra mã site đúng với trang.',
    en: 'Embed the EMC tracking snippet (with the site id EMC issued) on every page, not inside a comment; check the site id is this site’s.',
  },
  'emc-badge': {
    vi: 'Để tập lệnh EMC chạy được trên trang chủ (không chặn, không lỗi) để nhãn "Đã kết nối EMC" hiển thị.',
    en: 'Let EMC’s script run on the homepage (not blocked, no error) so the "connected to EMC" badge is shown.',
  },
  'portal-links-components': {
    vi: 'Bổ sung liên kết từ trang chủ cổng tới từng trang thành phần còn thiếu.',
    en: 'Add links from the portal homepage to each missing component site.',
  },
  'component-links-portal': {
    vi: 'Bổ sung liên kết từ trang chủ trang thành phần về cổng thông tin chính.',
    en: 'Add a link from the component homepage back to the portal.',
  },
};

const UNCHECKED: LocalizedText = {
  vi: 'Kiểm tra lại khả năng truy cập trang và tự đánh giá tiêu chí này.',
  en: 'Check the site can be reached and review this criterion yourself.',
};

/** One letter per organisation of the model (or only `organisation`), in report order. */
export function selfReviewLetters(model: ReportModel, options: { organisation?: string; traffic?: { period: string; byHost: Map<string, { visits: number; pageviews?: number; visitors?: number }> } } = {}): SelfReviewLetter[] {
  const names = options.organisation === undefined ? organisationsOf(model) : [options.organisation];
  return names.map((organisation) => {
    const own = sliceForOrganisation(model, organisation);
    const sites: SiteRow[] = [...own.portals, ...own.components.flatMap((g) => g.rows)];
    const registered = sites.filter((s) => s.status !== 'discovered');
    const trafficRows = options.traffic
      ? sites.flatMap((s) => {
          const figures = options.traffic?.byHost.get(s.host);
          return figures ? [{ name: s.name, host: s.host, ...figures }] : [];
        })
      : [];
    return {
      schema: SELF_REVIEW_SCHEMA_ID,
      organisation,
      league: own.summary.organisations[0].league,
      period: model.period,
      runIds: model.methodology.runs.map((r) => r.runId),
      scanDates: model.methodology.scanDates,
      generatedAt: model.generatedAt,
      rows: registered.map((s) => ({
        name: s.name,
        host: s.host,
        role: s.role,
        cells: Object.fromEntries((Object.entries(s.checks) as [CheckId, CellVerdict][]).map(([id, cell]) => [id, letterCell(id, cell)])),
      })),
      unregistered: sites.filter((s) => s.status === 'discovered').map((s) => ({ name: s.name, host: s.host })),
      ...(options.traffic && trafficRows.length > 0 && { traffic: { period: options.traffic.period, rows: trafficRows } }),
    };
  });
}

function letterCell(id: CheckId, cell: CellVerdict): LetterCell {
  if (cell.verdict === 'pass' || cell.verdict === 'not-applicable') return { verdict: cell.verdict, summary: cell.summary };
  const detail = evidenceLine(cell);
  return {
    verdict: cell.verdict,
    summary: cell.verdict === 'unknown' ? (cell.unknownReason ?? cell.summary) : cell.summary,
    ...(detail !== undefined && { detail }),
    fix: cell.hint ?? (cell.verdict === 'fail' ? FIX[id] : UNCHECKED),
  };
}
