/**
 * The badge's "connected" wording, matched with or without Vietnamese diacritics
 * ("Đã kết nối EMC", "Da ket noi EMC"). The wording may change after the 2025 ministry merger,
 * so the judge keys on ids and classes first and uses the text second (DETECTION.md §2).
 */

/** "da ket noi (voi) emc" after {@link foldVietnamese}. */
export const CONNECTED_TEXT_PATTERN = /\bda ket noi (?:voi )?emc\b/;

/**
 * Lower case, no diacritics (`đ` → `d`), whitespace collapsed. The same folding runs inside the
 * browser when the renderer looks for the badge by its text.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a badge text says it is connected to EMC. */
export function isConnectedText(text: string | undefined): boolean {
  return text !== undefined && CONNECTED_TEXT_PATTERN.test(foldVietnamese(text));
}
