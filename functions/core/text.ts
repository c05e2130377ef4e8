/**
 * Text folding for Vietnamese pages. Site owners write the same words with and without
 * diacritics ("Liên kết website", "Lien ket website", "LIÊN KẾT WEBSITE"), in NFC or NFD, so
 * rules match on a folded form.
 */

/**
 * Removes Vietnamese (and any other combining) diacritics: NFD, drop the combining marks, and
 * map `đ`/`Đ` — a separate letter, not a base letter plus a mark — to `d`/`D`.
 */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * The form rules compare on: diacritics stripped, lower-cased, every run of characters that
 * are not letters or digits turned into one space, trimmed. `"Liên kết – Website!"` → `"lien ket website"`.
 */
export function foldText(text: string): string {
  return stripDiacritics(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether `phrase` occurs in `text` as whole words, both compared folded. `"Liên kết"` matches
 * `"Liên kết website"` but `"kết"` does not match `"kếtnối"`.
 */
export function containsPhrase(text: string, phrase: string): boolean {
  const folded = foldText(phrase);
  if (folded === '') return false;
  return ` ${foldText(text)} `.includes(` ${folded} `);
}
