import { describe, expect, it } from 'vitest';
import { containsPhrase, foldText, stripDiacritics } from '../../functions/core/text.ts';

describe('stripDiacritics', () => {
  it.each([
    { input: 'Liên kết website', output: 'Lien ket website' },
    { input: 'ĐẢNG BỘ TỈNH Đắk Lắk', output: 'DANG BO TINH Dak Lak' },
    { input: 'Chứng nhận Tín Nhiệm Mạng', output: 'Chung nhan Tin Nhiem Mang' },
    // The same words typed in decomposed form (NFD), as some editors save them.
    { input: 'Lie\u0302n ke\u0302\u0301t', output: 'Lien ket' },
    { input: 'plain ASCII 123', output: 'plain ASCII 123' },
  ])('$input → $output', ({ input, output }) => {
    // Prepare
    // Act
    const result = stripDiacritics(input);
    // Assess
    expect(result).toBe(output);
  });
});

describe('foldText and containsPhrase', () => {
  it.each([
    { input: '  LIÊN KẾT – Website!  ', output: 'lien ket website' },
    { input: 'Trang thông tin\n\tthành phần', output: 'trang thong tin thanh phan' },
  ])('foldText($input) → $output', ({ input, output }) => {
    // Prepare
    // Act
    const result = foldText(input);
    // Assess
    expect(result).toBe(output);
  });

  it.each([
    { text: 'Xem tất cả LIÊN KẾT WEBSITE »', phrase: 'Liên kết website', found: true },
    { text: 'Lien ket website', phrase: 'Liên kết website', found: true },
    { text: 'Liên kết', phrase: 'Liên kết website', found: false },
    { text: 'Weblinks', phrase: 'Weblink', found: false },
    { text: 'Cổng thành phần', phrase: 'Cong thanh phan', found: true },
    { text: 'anything', phrase: '  ', found: false },
  ])('containsPhrase($text, $phrase) → $found', ({ text, phrase, found }) => {
    // Prepare
    // Act
    const result = containsPhrase(text, phrase);
    // Assess
    expect(result).toBe(found);
  });
});
