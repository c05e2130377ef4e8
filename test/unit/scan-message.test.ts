/**
 * The scan/render queue message schema: what the dispatcher and a portal's scan send is
 * accepted unchanged; every field a scan reads is checked, the optional ones included (they
 * decide 2.2b, 2.2c and the duplicate-site-id rule), and the error names the field.
 */
import { describe, expect, it } from 'vitest';
import { parseScanMessage } from '../../functions/core/pipeline/scan-message.ts';
import { planDispatch } from '../../functions/core/pipeline/scan-plan.ts';
import { component, portal } from '../../local/sim-records/report-factory.ts';

const quangNinh = portal('quangninh.gov.vn', 'UBND tỉnh Quảng Ninh', 'province', { expectedSiteId: '227', components: ['sotttt.quangninh.gov.vn'] });
const soTttt = component('sotttt.quangninh.gov.vn', 'Sở Thông tin và Truyền thông Quảng Ninh', quangNinh);
const [portalMessage, componentMessage] = planDispatch([quangNinh, soTttt], 'run-2026-09-07');

describe('parseScanMessage', () => {
  it('accepts the messages the dispatcher sends, unchanged', () => {
    for (const message of [portalMessage, componentMessage]) {
      expect(parseScanMessage(JSON.stringify(message))).toEqual({ ok: true, value: message });
    }
    expect(componentMessage.parentUrl).toBe('https://quangninh.gov.vn/');
    expect(portalMessage.expectedSiteId).toBe('227');
  });

  it('drops fields it does not know (a newer sender), keeping the message', () => {
    const parsed = parseScanMessage(JSON.stringify({ ...componentMessage, priority: 'high' }));
    expect(parsed).toEqual({ ok: true, value: componentMessage });
  });

  it.each([
    ['parentUrl', { ...componentMessage, parentUrl: 'javascript:alert(1)' }],
    ['parentUrl', { ...componentMessage, parentUrl: 42 }],
    ['expectedSiteId', { ...portalMessage, expectedSiteId: '${siteId}' }],
    ['expectedSiteId', { ...portalMessage, expectedSiteId: 227 }],
    ['depth', { ...componentMessage, depth: -1 }],
    ['depth', { ...componentMessage, depth: 'một' }],
    ['components.0', { ...portalMessage, components: ['ftp://sotttt.quangninh.gov.vn/'] }],
    ['role', { ...portalMessage, role: 'bo' }],
    ['league', { ...portalMessage, league: 'tinh' }],
    ['source', { ...portalMessage, source: undefined }],
    ['runId', { ...portalMessage, runId: '' }],
    ['url', { ...portalMessage, url: 'quangninh.gov.vn' }],
    ['url', { ...portalMessage, url: 'file:///etc/passwd' }],
  ])('refuses a bad %s and names it', (field, message) => {
    const parsed = parseScanMessage(JSON.stringify(message));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(`field ${field}:`);
  });

  it('refuses a body that is not a JSON object', () => {
    expect(parseScanMessage('{"runId":')).toEqual({ ok: false, error: 'body is not JSON' });
    expect(parseScanMessage('"quangninh.gov.vn"').ok).toBe(false);
    expect(parseScanMessage('[]')).toEqual({ ok: false, error: expect.stringContaining('expected object') });
  });
});
