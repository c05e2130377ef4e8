/**
 * Words of the reports in Vietnamese (default) and English, shared by every writer so the
 * XLSX, HTML and CSV files say the same thing.
 */
import { ROLE_LABELS, VERDICT_LABELS } from '../criteria.ts';
import type { League } from '../records.ts';
import type { Lang, LocalizedText } from '../types.ts';
import type { DuplicateSiteIdHost } from '../pipeline/duplicate-site-ids.ts';
import type { EvaluationWindow } from '../pipeline/evaluation-window.ts';
import type { ChangeKind, CoverageWarning, OverrideRow, ReportCoverage, ReportModel } from './model.ts';

type Labels<K extends string> = Record<K, LocalizedText>;

export const SHEET_NAMES: Labels<
  'coverage' | 'summary' | 'rankings' | 'portals' | 'components' | 'changes' | 'unknowns' | 'duplicateSiteIds' | 'overrides' | 'methodology'
> = {
  coverage: { vi: 'Độ bao phủ', en: 'Coverage' },
  summary: { vi: 'Tổng hợp', en: 'Summary' },
  rankings: { vi: 'Xếp hạng', en: 'Rankings' },
  portals: { vi: 'Cổng chính', en: 'Portals' },
  components: { vi: 'Trang thành phần', en: 'Components' },
  changes: { vi: 'Thay đổi', en: 'Changes' },
  unknowns: { vi: 'Chưa xác định', en: 'Unknowns' },
  duplicateSiteIds: { vi: 'Trùng mã site', en: 'Duplicate site ids' },
  overrides: { vi: 'Điều chỉnh', en: 'Overrides' },
  methodology: { vi: 'Phương pháp', en: 'Methodology' },
};

/** Verdict and role words come from the criteria table (core/criteria.ts), shared with the CLI. */
export { ROLE_LABELS, VERDICT_LABELS };

export const LEAGUE_LABELS: Labels<League> = {
  ministry: { vi: 'Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ', en: 'Ministries and central bodies' },
  province: { vi: 'Tỉnh, thành phố trực thuộc trung ương', en: 'Provinces and centrally-run cities' },
  other: { vi: 'Khác', en: 'Other' },
};

export const CHANGE_LABELS: Labels<ChangeKind> = {
  'new-failure': { vi: 'Mới không đạt', en: 'New failure' },
  fixed: { vi: 'Đã khắc phục', en: 'Fixed' },
  'became-unknown': { vi: 'Chuyển sang chưa xác định', en: 'Became unknown' },
};

export const OVERRIDE_STATE_LABELS: Labels<OverrideRow['state']> = {
  active: { vi: 'Đang áp dụng', en: 'Active' },
  superseded: { vi: 'Đã được thay thế', en: 'Superseded' },
  expired: { vi: 'Hết hạn', en: 'Expired' },
  cleared: { vi: 'Đã huỷ', en: 'Cleared' },
};

/** How a site belongs to a group sharing one EMC site id. */
export const SITE_ID_VIA_LABELS: Labels<DuplicateSiteIdHost['via']> = {
  found: { vi: 'Có trong mã theo dõi của trang', en: 'In the site’s tracking code' },
  registered: { vi: 'Mã đăng ký của trang (mã được tìm thấy trên trang khác)', en: 'The site’s registered id (found on another site)' },
};

/**
 * The banner of each coverage warning: what is wrong, and what to do. The outside-window one
 * names the configured window ({@link outsideWindowText}); a report carries it as `outsideWindow`.
 */
const COVERAGE_WARNING_LABELS: Labels<Exclude<CoverageWarning, 'outside-window'>> = {
  'no-run': {
    vi: 'Kỳ này chưa có lượt đánh giá nào: báo cáo không có kết quả. Chạy "gov-audit run" cho kỳ này rồi lập lại báo cáo.',
    en: 'This period has no evaluation run: the report has no results. Run "gov-audit run" for the period, then generate the report again.',
  },
  'nothing-reachable': {
    vi: 'Không truy cập được trang nào: máy lập báo cáo có thể không có kết nối Internet. Mọi kết quả là "Chưa xác định", không phải "Không đạt".',
    en: 'No site could be reached: this machine may have no internet access. Every verdict is "Unknown", not "Fail".',
  },
  'low-coverage': {
    vi: 'Báo cáo chưa đầy đủ: số trang quét và truy cập được thấp hơn ngưỡng tối thiểu. Tỷ lệ và xếp hạng chỉ phản ánh một phần danh sách.',
    en: 'Partial report: fewer sites were scanned and reached than the minimum. Rates and rankings reflect only part of the registry.',
  },
};

const MONTH_NAMES_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The notice of a period outside the evaluation window, naming the window as configured (`08-01`…`10-31` → 01/08–31/10). */
export function outsideWindowText(window: Pick<EvaluationWindow, 'start' | 'end'>): LocalizedText {
  const [startMonth, startDay] = window.start.split('-');
  const [endMonth, endDay] = window.end.split('-');
  const vi = `${startDay}/${startMonth}–${endDay}/${endMonth}`;
  const en = `${Number(startDay)} ${MONTH_NAMES_EN[Number(startMonth) - 1]} – ${Number(endDay)} ${MONTH_NAMES_EN[Number(endMonth) - 1]}`;
  return {
    vi: `Kỳ này nằm ngoài thời gian đánh giá (${vi}): kết quả chỉ để tham khảo.`,
    en: `This period lies outside the evaluation window (${en}): results are for reference only.`,
  };
}

/** A report's coverage warnings in words, most serious first (the outside-window one as the report states it). */
export function coverageWarningTexts(model: Pick<ReportModel, 'coverage' | 'outsideWindow'>): LocalizedText[] {
  return model.coverage.warnings.flatMap((warning) => {
    if (warning !== 'outside-window') return [COVERAGE_WARNING_LABELS[warning]];
    return model.outsideWindow ? [model.outsideWindow] : [];
  });
}

/** The coverage line shown before any figure. */
export function coverageText(c: ReportCoverage, lang: Lang): string {
  const pctOf = (x: number) => `${(x * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })}%`;
  const unknown = c.unknownShare === null ? '—' : pctOf(c.unknownShare);
  return lang === 'vi'
    ? `Đã quét ${c.scanned}/${c.registered} trang trong danh sách (${c.unreachable} trang không truy cập được); ${unknown} kết quả chưa xác định; ${c.runs} lượt đánh giá trong kỳ.`
    : `${c.scanned}/${c.registered} registered sites scanned (${c.unreachable} unreachable); ${unknown} of verdicts unknown; ${c.runs} ${c.runs === 1 ? 'run' : 'runs'} in the period.`;
}

/** Names of the evidence files a report links to, by kind. */
export const EVIDENCE_LABELS: Labels<'homepage' | 'screenshot' | 'badge' | 'file'> = {
  homepage: { vi: 'Trang chủ', en: 'Homepage' },
  screenshot: { vi: 'Ảnh chụp', en: 'Screenshot' },
  badge: { vi: 'Nhãn EMC', en: 'EMC badge' },
  file: { vi: 'Tệp bằng chứng', en: 'Evidence file' },
};

/** Column headers and other fixed words. */
export const WORDS = {
  title: { vi: 'Báo cáo đánh giá cổng/trang thông tin điện tử', en: 'E-portal and website evaluation report' },
  period: { vi: 'Kỳ đánh giá', en: 'Period' },
  previousPeriod: { vi: 'Kỳ trước', en: 'Previous period' },
  generatedAt: { vi: 'Thời điểm lập', en: 'Generated at' },
  scope: { vi: 'Phạm vi', en: 'Scope' },
  overall: { vi: 'Toàn bộ', en: 'Overall' },
  organisation: { vi: 'Cơ quan, đơn vị', en: 'Organisation' },
  name: { vi: 'Tên trang', en: 'Site name' },
  league: { vi: 'Nhóm', en: 'League' },
  host: { vi: 'Tên miền', en: 'Domain' },
  url: { vi: 'Địa chỉ', en: 'URL' },
  role: { vi: 'Loại', en: 'Role' },
  status: { vi: 'Trạng thái danh sách', en: 'Registry status' },
  portal: { vi: 'Cổng chính', en: 'Portal' },
  noPortal: { vi: '(không thuộc cổng nào trong danh sách)', en: '(no registered portal)' },
  siteId: { vi: 'Mã site EMC', en: 'EMC site id' },
  scannedAt: { vi: 'Thời điểm quét', en: 'Scanned at' },
  sites: { vi: 'Số trang', en: 'Sites' },
  portals: { vi: 'Số cổng chính', en: 'Portals' },
  components: { vi: 'Số trang thành phần', en: 'Components' },
  criterion: { vi: 'Tiêu chí', en: 'Criterion' },
  pass: VERDICT_LABELS.pass,
  fail: VERDICT_LABELS.fail,
  unknown: VERDICT_LABELS.unknown,
  judged: { vi: 'Đã đánh giá (đạt + không đạt)', en: 'Judged (pass + fail)' },
  passRate: { vi: 'Tỷ lệ đạt', en: 'Pass rate' },
  previousPassRate: { vi: 'Tỷ lệ đạt kỳ trước', en: 'Previous pass rate' },
  allCriteria: { vi: 'Tất cả tiêu chí', en: 'All criteria' },
  rank: { vi: 'Hạng', en: 'Rank' },
  previousRank: { vi: 'Hạng kỳ trước', en: 'Previous rank' },
  rankChange: { vi: 'Thay đổi hạng', en: 'Rank change' },
  visits: { vi: 'Lượt truy cập', en: 'Visits' },
  pageviews: { vi: 'Lượt xem trang', en: 'Pageviews' },
  visitors: { vi: 'Người dùng', en: 'Visitors' },
  noData: { vi: 'Không có số liệu', en: 'No data' },
  coverage: { vi: 'Độ bao phủ', en: 'Coverage' },
  warning: { vi: 'Cảnh báo', en: 'Warning' },
  domainConfirmed: { vi: 'Tên miền đã xác minh', en: 'Domain confirmed' },
  yes: { vi: 'Có', en: 'Yes' },
  unconfirmedDomain: { vi: 'Chưa xác minh — đối chiếu mã site EMC', en: 'Unconfirmed — check the EMC site id' },
  unconfirmedDomains: { vi: 'Tên miền chưa xác minh', en: 'Unconfirmed domains' },
  linked: { vi: 'đã liên kết', en: 'linked' },
  missingLabel: { vi: 'Chưa liên kết', en: 'Not linked' },
  trendChart: { vi: 'Diễn biến trong mùa đánh giá', en: 'Trend over the season' },
  missingComponents: { vi: 'Trang thành phần chưa được liên kết (2.2b)', en: 'Components not linked (2.2b)' },
  evidence: { vi: 'Bằng chứng', en: 'Evidence' },
  reason: { vi: 'Lý do', en: 'Reason' },
  hint: { vi: 'Hướng khắc phục', en: 'How to fix' },
  overridden: { vi: 'Điều chỉnh thủ công', en: 'Manual override' },
  change: { vi: 'Thay đổi', en: 'Change' },
  from: { vi: 'Kỳ trước', en: 'Before' },
  to: { vi: 'Kỳ này', en: 'Now' },
  verdict: { vi: 'Kết quả', en: 'Verdict' },
  autoVerdict: { vi: 'Kết quả tự động', en: 'Automatic verdict' },
  author: { vi: 'Người điều chỉnh', en: 'Author' },
  createdAt: { vi: 'Ngày tạo', en: 'Created' },
  until: { vi: 'Hiệu lực đến', en: 'Valid until' },
  state: { vi: 'Tình trạng', en: 'State' },
  ruleSet: { vi: 'Phiên bản bộ quy tắc', en: 'Rule set version' },
  legal: { vi: 'Căn cứ pháp lý', en: 'Legal basis' },
  scanDates: { vi: 'Thời gian quét', en: 'Scan dates' },
  scanFrom: { vi: 'Bắt đầu quét', en: 'First scan' },
  scanTo: { vi: 'Lần quét cuối', en: 'Last scan' },
  sampledPages: { vi: 'Trang được lấy mẫu', en: 'Sampled pages' },
  rankingRule: { vi: 'Quy tắc xếp hạng', en: 'Ranking rule' },
  overridesOn: { vi: 'Ngày xét điều chỉnh', en: 'Overrides evaluated on' },
  runs: { vi: 'Lượt quét', en: 'Runs' },
  complianceChart: { vi: 'Mức độ đáp ứng theo tiêu chí', en: 'Compliance per criterion' },
  monthChart: { vi: 'So sánh với kỳ trước (tỷ lệ đạt)', en: 'Month over month (pass rate)' },
  rankingChart: { vi: 'Xếp hạng lượt truy cập', en: 'Traffic ranking' },
  none: { vi: 'Không có', en: 'None' },
  siteIdVia: { vi: 'Căn cứ', en: 'Basis' },
  sameSiteIdAs: { vi: 'Cùng mã với', en: 'Same id as' },
  duplicateSiteIdsNote: {
    vi: 'Cùng một mã site EMC trên nhiều trang, thường do sao chép đoạn mã của trang khác: EMC khi đó cộng lượt truy cập của các trang này vào một mã. Đây là cảnh báo cần xác minh với EMC, không phải kết quả đánh giá.',
    en: 'One EMC site id on several sites, usually a snippet copied from another site: EMC then counts these sites’ visits under one id. A warning to confirm with EMC, not a verdict.',
  },
  ratesNote: {
    vi: 'Tỷ lệ đạt tính trên số trang đã đánh giá được (đạt + không đạt); trang chưa xác định được thống kê riêng, không bị tính là không đạt.',
    en: 'Pass rates are over the sites that could be judged (pass + fail); unknowns are counted separately, never as failures.',
  },
} satisfies Record<string, LocalizedText>;

/** A criterion (core/criteria.ts) as a column header or line title: section, then name. */
export function criterionHeader(criterion: { section: string } & LocalizedText, lang: Lang): string {
  return `${criterion.section} ${criterion[lang]}`;
}

/** A rule set's ranking rule in words. */
export function rankingRuleText(rule: { metric: string; order: string; tieBreak: string }, lang: Lang): string {
  const metric = WORDS[rule.metric as 'visits' | 'pageviews' | 'visitors'][lang];
  if (lang === 'vi') {
    return `${metric} ${rule.order === 'desc' ? 'giảm dần' : 'tăng dần'}; bằng nhau thì theo ${rule.tieBreak === 'name' ? 'tên cơ quan (A–Z)' : 'tên miền (A–Z)'}`;
  }
  return `${metric} ${rule.order === 'desc' ? 'descending' : 'ascending'}; ties by ${rule.tieBreak === 'name' ? 'organisation name (A–Z)' : 'domain (A–Z)'}`;
}

/** The methodology's sampled-pages line. */
export function sampledPagesText(
  s: { sitesScanned: number; pagesJudged: number; pagesFailed: number; maxPerSite: number },
  lang: Lang,
): string {
  return lang === 'vi'
    ? `${s.pagesJudged} trang được đánh giá trên ${s.sitesScanned} trang web (tối đa ${s.maxPerSite} trang mỗi trang web; ${s.pagesFailed} trang không tải được)`
    : `${s.pagesJudged} pages judged on ${s.sitesScanned} sites (at most ${s.maxPerSite} per site; ${s.pagesFailed} failed to load)`;
}
