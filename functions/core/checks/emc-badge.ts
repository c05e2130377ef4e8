/**
 * `emc-badge` (criterion 2.2a), static tier. The "Đã kết nối EMC" badge is injected by EMC's
 * script at run time, so only a browser can see it (docs/detection.md §2). From the served HTML this
 * check can only prove the negative: CSS or a script that hides the widget, or a static copy
 * of the widget on a page without the code (a fake badge). Everything else is `unknown`.
 */
import type { PageModel } from '../page/page-model.ts';
import {
  BADGE_CLASSES,
  BADGE_IDS,
  BADGE_SELECTORS,
  HIDING_DECLARATION_PATTERN,
  SCRIPT_HIDING_PATTERN,
  SCRIPT_HIDING_WINDOW,
} from '../rules/emc.ts';
import type { CheckResult, Evidence, LocalizedText } from '../types.ts';
import type { Check, CheckContext } from './check.ts';
import { pageCarriesCode } from './emc-tracking-code.ts';

const EXCERPT_LENGTH = 600;

/** Why the static tier failed the badge. */
export type BadgeFailure = 'css-hidden' | 'script-hidden' | 'fake-static-badge';

/** `.yhy-append` must not match `.yhy-append-wrap`: a selector ends where no name character follows. */
const SELECTOR_PATTERNS = BADGE_SELECTORS.map((selector) => new RegExp(`${selector.replace(/[.#-]/g, '\\$&')}(?![\\w-])`));
/** Badge ids and classes as a script names them (`getElementById('btnEMC')`, `'.yhy-append-wrap'`). */
const SCRIPT_NAME_PATTERN = new RegExp(`(?<![\\w-])(?:${[...BADGE_IDS, ...BADGE_CLASSES].join('|')})(?![\\w-])`, 'g');

export const emcBadge: Check = {
  id: 'emc-badge',
  run(context: CheckContext): CheckResult {
    const page = context.homepage;
    const code = pageCarriesCode(page);
    const data = { tier: 'static', codePresent: code !== undefined, staticBadge: page.staticBadge !== undefined };

    const cssRule = findHidingCss(page.styles);
    if (cssRule !== undefined) {
      return failed('css-hidden', { kind: 'style', pageUrl: page.url, excerpt: cssRule }, data);
    }
    const hidingScript = findHidingScript(page);
    if (hidingScript !== undefined) {
      return failed('script-hidden', { kind: 'script', pageUrl: page.url, excerpt: hidingScript }, data);
    }
    if (page.staticBadge !== undefined && code === undefined) {
      return failed('fake-static-badge', { kind: 'note', pageUrl: page.url, excerpt: page.staticBadge.excerpt }, data);
    }

    const warnings: LocalizedText[] = [];
    const evidence: Evidence[] = [];
    if (code !== undefined) {
      evidence.push({ kind: 'script', pageUrl: page.url, excerpt: code.excerpt, href: code.scriptUrl, region: code.placement });
      if (page.staticBadge !== undefined) {
        evidence.push({ kind: 'note', pageUrl: page.url, excerpt: page.staticBadge.excerpt });
        warnings.push({
          vi: 'Trang có sẵn một bản sao mã HTML của nhãn EMC; nhãn thật do mã EMC chèn vào khi chạy.',
          en: 'The page holds a static copy of the EMC badge markup; the real badge is injected by the EMC script at run time.',
        });
      }
    }
    return {
      id: 'emc-badge',
      verdict: 'unknown',
      summary: code !== undefined
        ? {
          vi: 'Có mã EMC; nhãn "Đã kết nối EMC" chỉ kiểm tra được bằng trình duyệt.',
          en: 'Code present, badge not verifiable statically.',
        }
        : {
          vi: 'Không tìm thấy mã EMC: nhãn không thể xuất hiện trừ khi mã được chèn lúc chạy.',
          en: 'No code found: the badge cannot appear unless the code is injected at run time.',
        },
      hint: code !== undefined
        ? {
          vi: 'Kiểm tra bằng trình duyệt (tầng kết xuất) để xác nhận nhãn hiển thị.',
          en: 'Verify with the browser (rendered) tier that the badge is visible.',
        }
        : {
          vi: 'Nhúng mã theo dõi EMC; nhãn sẽ do mã này tự chèn vào trang.',
          en: 'Embed the EMC tracking code; the code injects the badge itself.',
        },
      warnings,
      evidence,
      data,
    };
  },
};

const FAILURE_MESSAGES: Record<BadgeFailure, { summary: LocalizedText; hint: LocalizedText }> = {
  'css-hidden': {
    summary: {
      vi: 'CSS của trang ẩn nhãn EMC (display:none hoặc visibility:hidden).',
      en: 'The page CSS hides the EMC badge (display:none or visibility:hidden).',
    },
    hint: {
      vi: 'Xoá quy tắc CSS ẩn .yhy-append-wrap / #yhy-append / #btnEMC.',
      en: 'Remove the CSS rule hiding .yhy-append-wrap / #yhy-append / #btnEMC.',
    },
  },
  'script-hidden': {
    summary: {
      vi: 'Một đoạn script của trang ẩn hoặc xoá nhãn EMC.',
      en: 'A script on the page hides or removes the EMC badge.',
    },
    hint: {
      vi: 'Xoá đoạn script ẩn/xoá #yhy-append hoặc #btnEMC.',
      en: 'Remove the script that hides or removes #yhy-append or #btnEMC.',
    },
  },
  'fake-static-badge': {
    summary: {
      vi: 'Trang có nhãn EMC tĩnh (chép mã HTML) nhưng không có mã theo dõi EMC: nhãn giả.',
      en: 'The page has a static copy of the EMC badge but no EMC tracking code: a fake badge.',
    },
    hint: {
      vi: 'Xoá nhãn chép tay và nhúng mã theo dõi do EMC cấp; mã sẽ tự chèn nhãn.',
      en: 'Remove the copied badge and embed the tracking code issued by EMC; it injects the badge itself.',
    },
  },
};

function failed(reason: BadgeFailure, evidence: Evidence, data: Record<string, unknown>): CheckResult {
  return {
    id: 'emc-badge',
    verdict: 'fail',
    summary: FAILURE_MESSAGES[reason].summary,
    hint: FAILURE_MESSAGES[reason].hint,
    warnings: [],
    evidence: [evidence],
    data: { ...data, reason },
  };
}

/**
 * The first CSS rule whose subject (last compound selector) is a badge selector and whose
 * declarations hide it. `.yhy-append-wrap .other{display:none}` hides something else, and
 * `#btnEMC::before` a pseudo-element: neither counts. Rules nested in `@media` are found too.
 */
export function findHidingCss(styles: readonly string[]): string | undefined {
  for (const style of styles) {
    const css = style.includes('/*') ? style.replace(/\/\*[\s\S]*?\*\//g, '') : style;
    for (const rule of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      if (!HIDING_DECLARATION_PATTERN.test(`;${rule[2]}`)) continue;
      const hides = rule[1].split(',').some((selector) => {
        const parts = selector.trim().split(/\s*[\s>+~]\s*/);
        const subject = parts[parts.length - 1];
        return !subject.includes('::') && SELECTOR_PATTERNS.some((pattern) => pattern.test(subject));
      });
      if (hides) return clip(`${rule[1].trim()}{${rule[2].trim()}}`);
    }
  }
  return undefined;
}

/** An executable inline script statement that hides or removes the badge, as an excerpt. */
function findHidingScript(page: PageModel): string | undefined {
  for (const script of page.scripts) {
    if (!script.executable || script.text === '') continue;
    for (const name of script.text.matchAll(SCRIPT_NAME_PATTERN)) {
      const at = name.index;
      const window = script.text.slice(at, at + SCRIPT_HIDING_WINDOW);
      const action = SCRIPT_HIDING_PATTERN.exec(window);
      if (action) {
        const start = Math.max(0, script.text.lastIndexOf('\n', at) + 1, at - 120);
        return clip(script.text.slice(start, at + action.index + action[0].length + 40).trim());
      }
    }
  }
  return undefined;
}

function clip(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}
