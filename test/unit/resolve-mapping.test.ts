import { describe, expect, it } from 'vitest';
import {
  findResolveMapping,
  parseResolveMapping,
  type ResolveMapping,
} from '../../functions/adapters/net/resolve-mapping.ts';

describe('parseResolveMapping', () => {
  const valid: Array<[string, ResolveMapping]> = [
    ['so-tttt.hanoi.gov.vn:443:127.0.0.1', { host: 'so-tttt.hanoi.gov.vn', port: 443, address: '127.0.0.1' }],
    ['QuangNinh.GOV.VN:80:203.162.4.190', { host: 'quangninh.gov.vn', port: 80, address: '203.162.4.190' }],
    ['hanoi.gov.vn.:8080:10.0.0.5', { host: 'hanoi.gov.vn', port: 8080, address: '10.0.0.5' }],
    ['*:8443:127.0.0.1', { host: '*', port: 8443, address: '127.0.0.1' }],
    ['dichvucong.gov.vn:443:[::1]', { host: 'dichvucong.gov.vn', port: 443, address: '::1' }],
    ['dichvucong.gov.vn:443:2402:800:20ff::1', { host: 'dichvucong.gov.vn', port: 443, address: '2402:800:20ff::1' }],
    ['+baochinhphu.vn:443:127.0.0.2', { host: 'baochinhphu.vn', port: 443, address: '127.0.0.2' }],
    ['[::1]:8080:127.0.0.1', { host: '::1', port: 8080, address: '127.0.0.1' }],
    ['  cổng.gov.vn:443:127.0.0.1 ', { host: 'xn--cng-qmz.gov.vn', port: 443, address: '127.0.0.1' }],
  ];

  it.each(valid)('parses %s', (text, expected) => {
    // Prepare: the table row.
    // Act
    const mapping = parseResolveMapping(text);
    // Assess
    expect(mapping).toEqual(expected);
  });

  const invalid: Array<[string, RegExp]> = [
    ['so-tttt.hanoi.gov.vn', /expected host:port:address/],
    [':443:127.0.0.1', /expected host:port:address/],
    ['so-tttt.hanoi.gov.vn:443', /missing address/],
    ['so-tttt.hanoi.gov.vn:https:127.0.0.1', /port "https"/],
    ['so-tttt.hanoi.gov.vn:0:127.0.0.1', /port "0"/],
    ['so-tttt.hanoi.gov.vn:70000:127.0.0.1', /port "70000"/],
    ['so-tttt.hanoi.gov.vn:443:localhost', /address "localhost"/],
    ['so-tttt.hanoi.gov.vn:443:', /address ""/],
    ['so-tttt.hanoi.gov.vn:443:127.0.0.1,127.0.0.2', /several addresses/],
    ['so tttt.gov.vn:443:127.0.0.1', /host "so tttt.gov.vn"/],
    ['[not-ipv6]:443:127.0.0.1', /host "\[not-ipv6\]"/],
  ];

  it.each(invalid)('rejects %s with a message naming the bad part', (text, message) => {
    // Prepare: the table row.
    // Act
    const parse = (): ResolveMapping => parseResolveMapping(text);
    // Assess
    expect(parse).toThrow(message);
  });
});

describe('findResolveMapping', () => {
  const mappings = [
    parseResolveMapping('*:8080:127.0.0.9'),
    parseResolveMapping('so-tttt.hanoi.gov.vn:8080:127.0.0.1'),
    parseResolveMapping('so-tttt.hanoi.gov.vn:443:127.0.0.2'),
    parseResolveMapping('[::1]:8080:127.0.0.3'),
  ];

  const cases: Array<[string, number, string | undefined]> = [
    ['so-tttt.hanoi.gov.vn', 8080, '127.0.0.1'],
    ['so-tttt.hanoi.gov.vn', 443, '127.0.0.2'],
    ['other.gov.vn', 8080, '127.0.0.9'],
    ['other.gov.vn', 443, undefined],
    ['so-tttt.hanoi.gov.vn', 80, undefined],
    ['10.0.0.1', 8080, undefined],
    ['::1', 8080, '127.0.0.3'],
    ['[::1]', 8080, '127.0.0.3'],
  ];

  it.each(cases)('%s:%d → %s (exact host wins; the wildcard covers host names only)', (host, port, expected) => {
    // Prepare: the mappings above.
    // Act
    const found = findResolveMapping(mappings, host, port);
    // Assess
    expect(found?.address).toBe(expected);
  });
});
