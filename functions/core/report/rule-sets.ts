/**
 * Versioned rule sets: how portals are ranked, which criteria apply to which role, and the
 * legal texts a report cites. Data, not code, because the rules change by decree (Circular
 * 22/2023, then Decree 224/2026 from 1 July 2026) and the exact text of Appendix III was not
 * published with a formula. A report names the version it used; an old report can be
 * rebuilt with its old version. To change a rule, add a new version — never edit a released one.
 */
import { CRITERIA, TRAFFIC_CRITERION, type Criterion } from '../criteria.ts';
import type { League } from '../records.ts';
import type { CheckId, LocalizedText } from '../types.ts';

export type RankingMetric = 'visits' | 'pageviews' | 'visitors';

export interface RankingRule {
  /** Traffic figure portals are ranked by. */
  metric: RankingMetric;
  order: 'desc' | 'asc';
  /** Order of portals with equal figures: by organisation name (Vietnamese collation) or host. */
  tieBreak: 'name' | 'host';
  /** Leagues ranked separately (2024: ministries and central bodies; provinces). */
  leagues: League[];
}

export interface LegalCitation extends LocalizedText {
  /** Short reference as written in Vietnamese documents. */
  citation: string;
}

/**
 * How the evaluation round (the window's months together) is judged; docs/reports.md, "Round".
 * - `latest-judged`: a site's round verdict on a criterion is its verdict (after overrides) of
 *   the latest window month in which it was judged (pass or fail); a site never judged in the
 *   window stays `unknown`.
 * - ranking `mean-of-months-with-data`: portals are ranked by the mean of their monthly figure
 *   (the ranking metric) over the window months with a figure; `total` sums them instead.
 *   Either way the months without a figure are named per portal.
 */
export interface RoundRule {
  verdict: 'latest-judged';
  ranking: 'mean-of-months-with-data' | 'total';
}

export interface RuleSet {
  version: string;
  /** First day (YYYY-MM-DD) the rule set is meant for. */
  validFrom: string;
  ranking: RankingRule;
  legal: LegalCitation[];
  /** The criteria table (core/criteria.ts): one definition for checks, CLI and reports. */
  criteria: Readonly<Record<CheckId, Criterion>>;
  /** The traffic ranking criterion (2.3). */
  trafficCriterion: Criterion;
  /**
   * The round's rules. Added to 2026.1 before any round report existed (no report read it,
   * so none changes); from now on a change needs a new version like any other rule.
   */
  round: RoundRule;
}

/** Every released rule set, by version. */
export const RULE_SETS: Readonly<Record<string, RuleSet>> = {
  '2026.1': {
    version: '2026.1',
    validFrom: '2026-01-01',
    ranking: { metric: 'visits', order: 'desc', tieBreak: 'name', leagues: ['ministry', 'province'] },
    legal: [
      {
        citation: 'Thông tư 22/2023/TT-BTTTT, Điều 4 khoản 6–7, Phụ lục III',
        vi: 'Thông tư số 22/2023/TT-BTTTT ngày 31/12/2023 của Bộ Thông tin và Truyền thông, Điều 4 khoản 6 và khoản 7; Phụ lục III (xếp hạng theo lượt truy cập từ hệ thống EMC)',
        en: 'Circular 22/2023/TT-BTTTT of 31 Dec 2023 (Ministry of Information and Communications), Article 4 clauses 6 and 7; Appendix III (ranking by visits from the EMC system)',
      },
      {
        citation: 'Công văn 2820/BTTTT (17/7/2024); Công văn 1612/STTTT-CNTT (23/7/2024)',
        vi: 'Công văn số 2820 ngày 17/7/2024 của Bộ Thông tin và Truyền thông về đánh giá cổng/trang thông tin điện tử, được chuyển tiếp bởi Công văn số 1612/STTTT-CNTT ngày 23/7/2024 của Sở Thông tin và Truyền thông Hải Phòng (tiêu chí 2.1, 2.2a, 2.2b, 2.2c, 2.3)',
        en: 'Letter 2820 of 17 Jul 2024 of the Ministry of Information and Communications on the evaluation of e-portals and websites, as relayed by letter 1612/STTTT-CNTT of 23 Jul 2024 of the Hai Phong Department of Information and Communications (criteria 2.1, 2.2a, 2.2b, 2.2c, 2.3)',
      },
      {
        citation: 'Nghị định 224/2026/NĐ-CP',
        vi: 'Nghị định số 224/2026/NĐ-CP (hiệu lực từ 01/7/2026): trang thông tin điện tử thành phần thuộc cổng thông tin điện tử; cổng kết nối với nền tảng đo lường quốc gia',
        en: 'Decree 224/2026/ND-CP (in force from 1 Jul 2026): component websites belong to a portal; portals connect to the national measuring platform',
      },
    ],
    criteria: CRITERIA,
    trafficCriterion: TRAFFIC_CRITERION,
    round: { verdict: 'latest-judged', ranking: 'mean-of-months-with-data' },
  },
};

/** The rule set used when none is named. */
export const DEFAULT_RULE_SET_VERSION = '2026.1';

/** The rule set of a version; throws on an unknown version (a report must not guess its rules). */
export function getRuleSet(version: string = DEFAULT_RULE_SET_VERSION): RuleSet {
  const ruleSet = RULE_SETS[version];
  if (!ruleSet) throw new Error(`Unknown rule set version "${version}" (known: ${Object.keys(RULE_SETS).join(', ')})`);
  return ruleSet;
}
