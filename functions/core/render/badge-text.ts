/**
 * The badge's "connected" wording, matched with or without Vietnamese diacritics
 * ("Đã kết nối EMC", "Da ket noi EMC"). The wording may change after the 2025 ministry merger,
 * so the judge keys on ids and classes first and uses the text second (docs/detection.md §2).
 */
import { foldText } from '../text.ts';

/** "da ket noi (voi) emc" after folding (functions/core/text.ts `foldText`; in-page.ts folds alike in the browser). */
export const CONNECTED_TEXT_PATTERN = /\bda ket noi (?:voi )?emc\b/;

/** Whether a badge text says it is connected to EMC. */
export function isConnectedText(text: string | undefined): boolean {
  return text !== undefined && CONNECTED_TEXT_PATTERN.test(foldText(text));
}
