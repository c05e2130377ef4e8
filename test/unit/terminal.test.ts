import { describe, expect, it } from 'vitest';
import { formatDuplicateSiteIds, formatRunSummary, formatTable, installOutputFilter, terminalSafe, writeTrusted } from '../../bin/cli/terminal.ts';
import type { DuplicateSiteIdGroup } from '../../functions/core/pipeline/duplicate-site-ids.ts';

function group(siteId: string, ...hosts: string[]): DuplicateSiteIdGroup {
  return { siteId, hosts: hosts.map((host) => ({ host, via: 'found' as const })) };
}

describe('formatDuplicateSiteIds (run summary line)', () => {
  it.each([
    { name: 'nothing when no id is shared', groups: [], lang: 'vi' as const, expected: '' },
    {
      name: 'one line naming each id and its hosts',
      groups: [group('90', 'sotp.haiphong.gov.vn', 'sonv.hanoi.gov.vn'), group('227', 'hue.gov.vn', 'moh.gov.vn')],
      lang: 'vi' as const,
      expected: 'Mã site EMC trùng nhau trên nhiều trang: 90 (sotp.haiphong.gov.vn, sonv.hanoi.gov.vn); 227 (hue.gov.vn, moh.gov.vn)\n',
    },
    {
      name: 'English, and only the first five groups named',
      groups: ['1', '2', '3', '4', '5', '6', '7'].map((id) => group(id, `a${id}.gov.vn`, `b${id}.gov.vn`)),
      lang: 'en' as const,
      expected:
        'EMC site id shared by several sites: 1 (a1.gov.vn, b1.gov.vn); 2 (a2.gov.vn, b2.gov.vn); 3 (a3.gov.vn, b3.gov.vn); 4 (a4.gov.vn, b4.gov.vn); 5 (a5.gov.vn, b5.gov.vn); … +2 more\n',
    },
  ])('$name', ({ groups, lang, expected }) => {
    // Prepare: the case's groups
    // Act
    const line = formatDuplicateSiteIds(groups, lang);
    // Assess
    expect(line).toBe(expected);
  });
});

describe('the output filter', () => {
  const hostile = '\x1b]0;PWNED\x07\x1b[31m';

  it.each([
    { name: 'a window-title and colour sequence', input: `Sở ${hostile}Nội vụ`, expected: 'Sở \ufffd]0;PWNED\ufffd\ufffd[31mNội vụ' },
    { name: 'a C1 CSI and a bidi override', input: 'a\u009b2Jb\u202ec', expected: 'a\ufffd2Jb\ufffdc' },
    { name: 'a carriage return that would overwrite the line', input: 'đạt\rkhông đạt', expected: 'đạt\ufffdkhông đạt' },
    { name: 'the line feeds and tabs of a source excerpt (read as spaces)', input: '<script>\n\tvar _govaq', expected: '<script>  var _govaq' },
  ])('neutralises $name', ({ input, expected }) => {
    // Prepare: the case's text
    // Act
    const safe = terminalSafe(input);
    // Assess
    expect(safe).toBe(expected);
  });

  it('keeps lines and tabs of whole outputs, and filters every string written once installed', () => {
    // Prepare: a stream that records what reaches it
    const written: string[] = [];
    const stream = { write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
    // Act
    installOutputFilter([stream]);
    installOutputFilter([stream]);
    stream.write(`quangninh.gov.vn\tUBND tỉnh ${hostile}\n`);
    writeTrusted(stream, '\x1b[32mĐạt\x1b[0m\n');
    // Assess
    expect(written).toEqual(['quangninh.gov.vn\tUBND tỉnh \ufffd]0;PWNED\ufffd\ufffd[31m\n', '\x1b[32mĐạt\x1b[0m\n']);
  });
});

describe('formatRunSummary and formatTable', () => {
  it('names unreachable sites by reason in words, never as transport codes', () => {
    const zero = { pass: 0, fail: 0, unknown: 2, 'not-applicable': 0 };
    const summary = { sites: 2, unreachable: { timeout: 1, 'not-html': 1 }, byCheck: { 'emc-tracking-code': zero, 'emc-badge': zero, 'portal-links-components': zero, 'component-links-portal': zero } };
    const text = formatRunSummary(summary, 1500, 'vi');
    expect(text).toContain('Không truy cập được: 2 (Máy chủ không trả lời trong thời gian cho phép: 1; Trang chủ không phải HTML: 1)');
    expect(text).not.toMatch(/\b(timeout|not-html)\b/);
  });

  it('prints a header, a rule and aligned rows, with control characters of untrusted cells removed', () => {
    const table = formatTable(['Tên miền', 'Ghi chú'], [['a.gov.vn', 'x'], ['dai-hon.gov.vn', 'y\u001b[31m']]);
    expect(table.split('\n')).toEqual(['Tên miền        Ghi chú', '──────────────  ───────', 'a.gov.vn        x', 'dai-hon.gov.vn  y\ufffd[31m', '']);
  });
});
