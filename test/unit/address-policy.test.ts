import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../functions/adapters/net/address-policy.ts';

describe('isPublicAddress', () => {
  const cases: Array<[string, boolean, string]> = [
    // Public unicast: what real Vietnamese government servers resolve to.
    ['203.162.4.190', true, 'public IPv4 (VNPT)'],
    ['14.225.0.1', true, 'public IPv4 (Viettel IDC)'],
    ['8.8.8.8', true, 'public IPv4'],
    ['1.1.1.1', true, 'public IPv4'],
    ['100.63.255.255', true, 'just below CGNAT'],
    ['100.128.0.0', true, 'just above CGNAT'],
    ['172.15.255.255', true, 'just below 172.16/12'],
    ['172.32.0.0', true, 'just above 172.16/12'],
    ['198.17.255.255', true, 'just below benchmarking'],
    ['198.20.0.0', true, 'just above benchmarking'],
    ['223.255.255.255', true, 'last unicast before multicast'],
    ['2001:4860:4860::8888', true, 'public IPv6'],
    ['2402:800:20ff::1', true, 'public IPv6 in Vietnam'],
    ['[2606:4700::1111]', true, 'bracketed public IPv6'],
    ['::ffff:8.8.8.8', true, 'IPv4-mapped public'],
    ['64:ff9b::808:808', true, 'NAT64 of a public IPv4'],
    ['2002:0808:0808::1', true, '6to4 of a public IPv4'],
    // IPv4 non-public.
    ['127.0.0.1', false, 'loopback'],
    ['127.255.255.254', false, 'loopback range'],
    ['10.0.0.1', false, 'RFC 1918 10/8'],
    ['172.16.0.1', false, 'RFC 1918 172.16/12'],
    ['172.31.255.255', false, 'RFC 1918 172.16/12 end'],
    ['192.168.1.1', false, 'RFC 1918 192.168/16'],
    ['169.254.169.254', false, 'cloud metadata (link-local)'],
    ['169.254.0.1', false, 'link-local'],
    ['100.64.0.1', false, 'CGNAT'],
    ['100.127.255.255', false, 'CGNAT end'],
    ['224.0.0.1', false, 'multicast'],
    ['239.255.255.250', false, 'multicast SSDP'],
    ['255.255.255.255', false, 'limited broadcast'],
    ['240.0.0.1', false, 'reserved'],
    ['0.0.0.0', false, 'unspecified'],
    ['0.1.2.3', false, '"this network" 0/8'],
    ['198.18.0.1', false, 'benchmarking'],
    ['198.19.255.255', false, 'benchmarking end'],
    ['192.0.2.10', false, 'documentation TEST-NET-1'],
    ['198.51.100.7', false, 'documentation TEST-NET-2'],
    ['203.0.113.9', false, 'documentation TEST-NET-3'],
    ['192.0.0.8', false, 'IETF protocol assignments'],
    // IPv6 non-public.
    ['::1', false, 'IPv6 loopback'],
    ['[::1]', false, 'bracketed IPv6 loopback'],
    ['::', false, 'IPv6 unspecified'],
    ['fc00::1', false, 'ULA fc00::/7'],
    ['fd12:3456:789a::1', false, 'ULA fd00::/8'],
    ['fe80::1', false, 'link-local'],
    ['fe80::1%eth0', false, 'link-local with zone'],
    ['febf::1', false, 'link-local end'],
    ['fec0::1', false, 'deprecated site-local'],
    ['ff02::1', false, 'multicast'],
    ['2001:db8::1', false, 'documentation'],
    ['100::1', false, 'discard-only'],
    ['::ffff:127.0.0.1', false, 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', false, 'IPv4-mapped loopback in hex'],
    ['::ffff:169.254.169.254', false, 'IPv4-mapped metadata'],
    ['::ffff:10.0.0.1', false, 'IPv4-mapped private'],
    ['::127.0.0.1', false, 'IPv4-compatible loopback'],
    ['64:ff9b::127.0.0.1', false, 'NAT64 of loopback'],
    ['64:ff9b::a9fe:a9fe', false, 'NAT64 of metadata'],
    ['64:ff9b:1::1', false, 'local-use NAT64'],
    ['2002:c0a8:0101::1', false, '6to4 of 192.168.1.1'],
    ['2002:7f00:1::1', false, '6to4 of loopback'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', false, 'Teredo whose client is 10.0.0.1'],
    // Not addresses at all.
    ['so-tttt.hanoi.gov.vn', false, 'host name'],
    ['', false, 'empty'],
    ['256.1.1.1', false, 'octet out of range'],
    ['1.2.3', false, 'too few octets'],
    ['0x7f.1', false, 'hex shorthand that some resolvers accept'],
  ];

  it.each(cases)('%s → %s (%s)', (ip, expected) => {
    // Prepare: the table row.
    // Act
    const result = isPublicAddress(ip);
    // Assess
    expect(result).toBe(expected);
  });
});
