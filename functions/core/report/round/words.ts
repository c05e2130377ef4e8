/**
 * Words of the round report, the public results and the self-review letters (Vietnamese
 * default, English on request). Criterion names come from functions/core/criteria.ts and the
 * monthly report's words from ../labels.ts; only what those do not say is here.
 */
import type { LocalizedText } from '../../types.ts';
import type { RoundTrend } from './model.ts';

export const ROUND_WORDS = {
  roundTitle: { vi: 'Báo cáo tổng hợp đợt đánh giá cổng/trang thông tin điện tử', en: 'E-portal and website evaluation round report' },
  publicTitle: { vi: 'Kết quả đánh giá cổng/trang thông tin điện tử', en: 'E-portal and website evaluation results' },
  round: { vi: 'Đợt đánh giá', en: 'Round' },
  window: { vi: 'Thời gian đánh giá', en: 'Evaluation window' },
  months: { vi: 'Các tháng đánh giá', en: 'Window months' },
  monthsWithoutRuns: { vi: 'Tháng chưa có lượt quét', en: 'Months without a run' },
  roundVerdict: { vi: 'Kết quả cả đợt', en: 'Round verdict' },
  decidedIn: { vi: 'Theo kết quả tháng', en: 'From month' },
  trend: { vi: 'Diễn biến', en: 'Trend' },
  improved: { vi: 'Cải thiện', en: 'Improved' },
  regressed: { vi: 'Giảm', en: 'Regressed' },
  sitesImproved: { vi: 'Số trang cải thiện', en: 'Sites improved' },
  sitesRegressed: { vi: 'Số trang giảm', en: 'Sites regressed' },
  trendChart: { vi: 'Tỷ lệ đạt theo tháng', en: 'Pass rate per month' },
  roundRule: { vi: 'Quy tắc tổng hợp', en: 'Round rule' },
  verdictRule: {
    vi: 'Kết quả cả đợt của một tiêu chí là kết quả (sau điều chỉnh) của tháng gần nhất trong đợt mà trang được đánh giá (đạt hoặc không đạt); trang chưa từng được đánh giá trong đợt giữ kết quả "chưa xác định".',
    en: 'A criterion’s round verdict is its verdict (after overrides) in the latest window month in which the site was judged (pass or fail); a site never judged in the window stays unknown.',
  },
  rankingMean: {
    vi: 'Xếp hạng theo trung bình lượt truy cập hằng tháng của các tháng trong đợt có số liệu EMC; tháng thiếu số liệu được nêu cho từng cổng.',
    en: 'Ranked by the mean monthly visits over the window months with EMC figures; the months without figures are named per portal.',
  },
  rankingTotal: {
    vi: 'Xếp hạng theo tổng lượt truy cập của các tháng trong đợt có số liệu EMC; tháng thiếu số liệu được nêu cho từng cổng.',
    en: 'Ranked by the total visits over the window months with EMC figures; the months without figures are named per portal.',
  },
  roundValue: { vi: 'Lượt truy cập (cả đợt)', en: 'Visits (round)' },
  missingMonths: { vi: 'Tháng thiếu số liệu', en: 'Months without figures' },
  complianceByOrg: { vi: 'Mức độ đáp ứng theo cơ quan, đơn vị', en: 'Compliance per organisation' },
  sitesJudged: { vi: 'đạt / đã đánh giá', en: 'pass / judged' },
  index: { vi: 'Danh mục', en: 'Index' },
  publishedBy: {
    vi: 'Kết quả tổng hợp tự động từ các lượt quét trong đợt đánh giá và số liệu lượt truy cập của hệ thống EMC.',
    en: 'Compiled automatically from the round’s scans and the EMC system’s traffic figures.',
  },
} satisfies Record<string, LocalizedText>;

export const TREND_LABELS: Record<RoundTrend, LocalizedText> = {
  improved: { vi: 'Cải thiện', en: 'Improved' },
  regressed: { vi: 'Giảm', en: 'Regressed' },
  unchanged: { vi: 'Không đổi', en: 'Unchanged' },
  unjudged: { vi: 'Chưa đánh giá', en: 'Not judged' },
};
