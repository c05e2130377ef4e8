import { describe, expect, it } from 'vitest';
import {
  hostnameOf,
  inferParentHost,
  isUnderDomain,
  isWebPageLink,
  normaliseSiteUrl,
  registrableDomain,
  sameSite,
  siteRootUrl,
} from '../../functions/core/url.ts';

describe('normaliseSiteUrl accepts what users type', () => {
  it.each([
    { input: 'hanoi.gov.vn', url: 'https://hanoi.gov.vn/', host: 'hanoi.gov.vn', notes: ['https://'] },
    { input: '  https://hanoi.gov.vn  ', url: 'https://hanoi.gov.vn/', host: 'hanoi.gov.vn', notes: [] },
    { input: '//hanoi.gov.vn/tin-tuc', url: 'https://hanoi.gov.vn/tin-tuc', host: 'hanoi.gov.vn', notes: ['https://'] },
    { input: 'HTTPS://WWW.HaNoi.GOV.VN/Tin-Tuc', url: 'https://www.hanoi.gov.vn/Tin-Tuc', host: 'www.hanoi.gov.vn', notes: [] },
    { input: 'https://hanoi.gov.vn./', url: 'https://hanoi.gov.vn/', host: 'hanoi.gov.vn', notes: [] },
    { input: 'http://bộ.gov.vn', url: 'http://xn--b-8xm.gov.vn/', host: 'xn--b-8xm.gov.vn', notes: ['punycode'] },
    { input: 'sở-tttt.hànội.gov.vn/giới-thiệu', url: 'https://xn--s-tttt-bp8b.xn--hni-9ka0849a.gov.vn/gi%E1%BB%9Bi-thi%E1%BB%87u', host: 'xn--s-tttt-bp8b.xn--hni-9ka0849a.gov.vn', notes: ['https://', 'punycode'] },
    { input: 'http://hanoi.gov.vn:80/', url: 'http://hanoi.gov.vn/', host: 'hanoi.gov.vn', notes: [] },
    { input: 'https://hanoi.gov.vn:443', url: 'https://hanoi.gov.vn/', host: 'hanoi.gov.vn', notes: [] },
    { input: 'http://hanoi.gov.vn:443/', url: 'http://hanoi.gov.vn:443/', host: 'hanoi.gov.vn', notes: [] },
    { input: 'congthuonghn.gov.vn:8080', url: 'https://congthuonghn.gov.vn:8080/', host: 'congthuonghn.gov.vn', notes: ['https://'] },
    { input: 'http://congthuonghn.gov.vn:8080/Default.aspx', url: 'http://congthuonghn.gov.vn:8080/Default.aspx', host: 'congthuonghn.gov.vn', notes: [] },
    { input: 'localhost:3000', url: 'https://localhost:3000/', host: 'localhost', notes: ['https://'] },
    { input: 'https://hanoi.gov.vn/tin-tuc?id=5&p=2#top', url: 'https://hanoi.gov.vn/tin-tuc?id=5&p=2', host: 'hanoi.gov.vn', notes: [] },
    { input: 'https://hanoi.gov.vn#', url: 'https://hanoi.gov.vn/', host: 'hanoi.gov.vn', notes: [] },
    { input: 'https://hanoi.gov.vn/văn bản', url: 'https://hanoi.gov.vn/v%C4%83n%20b%E1%BA%A3n', host: 'hanoi.gov.vn', notes: [] },
    { input: 'http://203.113.131.2/', url: 'http://203.113.131.2/', host: '203.113.131.2', notes: [] },
    { input: 'http://[::1]:8080/x', url: 'http://[::1]:8080/x', host: '[::1]', notes: [] },
  ])('$input → $url', ({ input, url, host, notes }) => {
    // Prepare
    // Act
    const result = normaliseSiteUrl(input);
    // Assess
    expect(result).toMatchObject({ ok: true, url, host });
    if (!result.ok) return;
    expect(result.notes).toHaveLength(notes.length);
    notes.forEach((fragment, i) => expect(result.notes[i].en).toContain(fragment));
    for (const note of result.notes) expect(note.vi).not.toBe(note.en);
  });
});

describe('normaliseSiteUrl rejects what cannot be a site address, naming the problem', () => {
  it.each([
    { input: '', en: 'empty', vi: 'trống' },
    { input: '   ', en: 'empty', vi: 'trống' },
    { input: 'javascript:alert(1)', en: 'Unsupported scheme "javascript:"', vi: 'Giao thức "javascript:"' },
    { input: 'JavaScript:alert(1)', en: 'Unsupported scheme "javascript:"', vi: 'không được hỗ trợ' },
    { input: 'ftp://hanoi.gov.vn/', en: 'Unsupported scheme "ftp:"', vi: 'chỉ chấp nhận http:// hoặc https://' },
    { input: 'mailto:vanthu@hanoi.gov.vn', en: 'Unsupported scheme "mailto:"', vi: 'Giao thức "mailto:"' },
    { input: 'data:text/html,<h1>x</h1>', en: 'Unsupported scheme "data:"', vi: 'Giao thức "data:"' },
    { input: 'http://', en: 'no host name', vi: 'thiếu tên miền' },
    { input: 'https:///', en: 'no host name', vi: 'thiếu tên miền' },
    { input: 'http://:8080/', en: 'no host name', vi: 'thiếu tên miền' },
    { input: 'http://.', en: 'no host name', vi: 'thiếu tên miền' },
    { input: 'http://ha noi.gov.vn/', en: 'contains spaces: "ha noi.gov.vn"', vi: 'khoảng trắng' },
    { input: 'hanoi.gov.vn trang chủ', en: 'contains spaces', vi: 'khoảng trắng' },
    { input: 'http://han\toi.gov.vn/', en: 'control characters', vi: 'ký tự điều khiển' },
    { input: 'https://admin:secret@hanoi.gov.vn/', en: 'user name or password', vi: 'mật khẩu' },
    { input: 'https://hanoi.gov.vn@evil.example/', en: 'user name or password', vi: 'mật khẩu' },
    { input: 'https://hanoi.gov.vn:99999/', en: 'Invalid port: "99999"', vi: 'Cổng không hợp lệ' },
    { input: 'https://hanoi.gov.vn:0/', en: 'Invalid port: "0"', vi: 'Cổng không hợp lệ' },
    { input: 'hanoi.gov.vn:http', en: 'Invalid port: "http"', vi: 'Cổng không hợp lệ' },
    { input: 'http://hanoi<gov>.vn/', en: 'Invalid address', vi: 'Địa chỉ không hợp lệ' },
  ])('$input', ({ input, en, vi }) => {
    // Prepare
    // Act
    const result = normaliseSiteUrl(input);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.en).toContain(en);
    expect(result.error.vi).toContain(vi);
  });

  it('never echoes a password back', () => {
    // Prepare
    const input = 'https://admin:S3cret-pw@hanoi.gov.vn/';
    // Act
    const result = normaliseSiteUrl(input);
    // Assess
    expect(JSON.stringify(result)).not.toContain('S3cret-pw');
  });
});

describe('sameSite', () => {
  it.each([
    { a: 'hanoi.gov.vn', b: 'www.hanoi.gov.vn', same: true },
    { a: 'WWW.HANOI.GOV.VN.', b: 'hanoi.gov.vn', same: true },
    { a: 'hanoi.gov.vn:8080', b: 'hanoi.gov.vn', same: true },
    { a: 'congthuonghn.gov.vn:8080', b: 'www.congthuonghn.gov.vn', same: true },
    { a: 'bộ.gov.vn', b: 'xn--b-8xm.gov.vn', same: true },
    { a: 'so-tttt.hanoi.gov.vn', b: 'hanoi.gov.vn', same: false },
    { a: 'www2.hanoi.gov.vn', b: 'hanoi.gov.vn', same: false },
    { a: 'hanoi.gov.vn', b: 'hanoi.gov.vn.evil.example', same: false },
    { a: '', b: '', same: false },
    { a: '203.113.131.2', b: '203.113.131.2:8080', same: true },
  ])('$a ~ $b → $same', ({ a, b, same }) => {
    // Prepare
    // Act
    const forward = sameSite(a, b);
    const backward = sameSite(b, a);
    // Assess
    expect(forward).toBe(same);
    expect(backward).toBe(same);
  });
});

describe('registrable domains and parents', () => {
  it.each([
    { host: 'so-tttt.hanoi.gov.vn', domain: 'hanoi.gov.vn', parent: 'hanoi.gov.vn' },
    { host: 'SO-TTTT.HANOI.GOV.VN.', domain: 'hanoi.gov.vn', parent: 'hanoi.gov.vn' },
    { host: 'www.sotttt.hanoi.gov.vn', domain: 'hanoi.gov.vn', parent: 'hanoi.gov.vn' },
    { host: 'xaphuthuong.hanoi.gov.vn', domain: 'hanoi.gov.vn', parent: 'hanoi.gov.vn' },
    { host: 'hanoi.gov.vn', domain: 'hanoi.gov.vn', parent: undefined },
    { host: 'www.hanoi.gov.vn', domain: 'hanoi.gov.vn', parent: undefined },
    { host: 'cuc-atttt.mic.gov.vn', domain: 'mic.gov.vn', parent: 'mic.gov.vn' },
    { host: 'congthuonghn.gov.vn:8080', domain: 'congthuonghn.gov.vn', parent: undefined },
    { host: 'baochinhphu.vn', domain: 'baochinhphu.vn', parent: undefined },
    { host: 'gov.vn', domain: undefined, parent: undefined },
    { host: '203.113.131.2', domain: undefined, parent: undefined },
    { host: 'localhost', domain: undefined, parent: undefined },
  ])('$host → $domain / parent $parent', ({ host, domain, parent }) => {
    // Prepare
    // Act
    const registrable = registrableDomain(host);
    const inferred = inferParentHost(host);
    // Assess
    expect(registrable).toBe(domain);
    expect(inferred).toBe(parent);
  });

  it.each([
    { host: 'so-tttt.hanoi.gov.vn', domain: 'hanoi.gov.vn', under: true },
    { host: 'hanoi.gov.vn', domain: 'hanoi.gov.vn', under: true },
    { host: 'WWW.Hanoi.gov.vn.', domain: 'hanoi.gov.vn', under: true },
    { host: 'hanoi.gov.vn:8080', domain: 'gov.vn', under: true },
    { host: 'nothanoi.gov.vn', domain: 'hanoi.gov.vn', under: false },
    { host: 'hanoi.gov.vn.example.com', domain: 'hanoi.gov.vn', under: false },
    { host: 'hanoi.gov.vn', domain: '', under: false },
  ])('isUnderDomain($host, $domain) → $under', ({ host, domain, under }) => {
    // Prepare
    // Act
    const result = isUnderDomain(host, domain);
    // Assess
    expect(result).toBe(under);
  });
});

describe('small host and link helpers', () => {
  it.each([
    { host: ' WWW.Hanoi.GOV.vn.:8080 ', name: 'www.hanoi.gov.vn' },
    { host: '[::1]:8080', name: '[::1]' },
    { host: 'bộ.gov.vn', name: 'xn--b-8xm.gov.vn' },
  ])('hostnameOf($host) → $name', ({ host, name }) => {
    // Prepare
    // Act
    const result = hostnameOf(host);
    // Assess
    expect(result).toBe(name);
  });

  it.each([
    { url: 'http://congthuonghn.gov.vn:8080/tin-tuc/a.html?x=1#y', root: 'http://congthuonghn.gov.vn:8080/' },
    { url: 'https://www.sotttt.hanoi.gov.vn', root: 'https://www.sotttt.hanoi.gov.vn/' },
    { url: 'https://hanoi.gov.vn:443/x', root: 'https://hanoi.gov.vn/' },
    { url: 'mailto:a@hanoi.gov.vn', root: undefined },
    { url: 'not a url', root: undefined },
  ])('siteRootUrl($url) → $root', ({ url, root }) => {
    // Prepare
    // Act
    const result = siteRootUrl(url);
    // Assess
    expect(result).toBe(root);
  });

  it.each([
    { href: '/gioi-thieu', url: 'https://hanoi.gov.vn/gioi-thieu', page: true },
    { href: '/van-ban?id=3', url: 'https://hanoi.gov.vn/van-ban?id=3', page: true },
    { href: '/Uploads/QD-123.PDF', url: 'https://hanoi.gov.vn/Uploads/QD-123.PDF', page: false },
    { href: '/files/bieu-mau.docx', url: 'https://hanoi.gov.vn/files/bieu-mau.docx', page: false },
    { href: '/anh/banner.jpg', url: 'https://hanoi.gov.vn/anh/banner.jpg', page: false },
    { href: '/tai-lieu.rar', url: 'https://hanoi.gov.vn/tai-lieu.rar', page: false },
    { href: '/tin-tuc/bai-viet.html', url: 'https://hanoi.gov.vn/tin-tuc/bai-viet.html', page: true },
    { href: '/Default.aspx', url: 'https://hanoi.gov.vn/Default.aspx', page: true },
    { href: 'javascript:void(0)', url: undefined, page: false },
    { href: 'mailto:vanthu@hanoi.gov.vn', url: undefined, page: false },
    { href: 'JAVASCRIPT:void(0)', url: 'https://hanoi.gov.vn/', page: false },
  ])('isWebPageLink($href) → $page', ({ href, url, page }) => {
    // Prepare
    // Act
    const result = isWebPageLink({ href, url });
    // Assess
    expect(result).toBe(page);
  });
});
