/**
 * The traffic of `gov-audit demo`: an EMC-style export for the simulated portals per month
 * (Vietnamese headers, `;` separators, thousand separators, a title row, one bad row and one
 * row for a site that is not registered), imported through the same code as
 * `gov-audit traffic import`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { StoredTrafficImport } from '../../functions/import-traffic/import-file.ts';
import { importTrafficUpload } from './traffic-upload.ts';
import type { SimManifest } from '../sim-web/manifest.ts';

/** A host EMC counts but the registry does not list: the import must report it as unmatched. */
export const DEMO_UNMATCHED_HOST = 'sodulich.tinh-mo-phong.gov.vn';

/**
 * The export's text: every simulated portal and component but `omit` (hosts EMC has no figure
 * for that month) with deterministic figures that vary by period (the same manifest and period
 * give the same file), the last site's visits written as a decimal (`12,5`, rejected on import)
 * and one unregistered site at the end.
 */
export function demoTrafficCsv(manifest: SimManifest, period: string, options: { omit?: readonly string[] } = {}): string {
  const omit = new Set(options.omit ?? []);
  const sites = manifest.hosts.filter((h) => h.role !== 'standalone' && !omit.has(h.host));
  const [year, month] = period.split('-');
  const group = new Intl.NumberFormat('vi-VN', { useGrouping: true });
  const lines = [
    `BÁO CÁO LƯỢT TRUY CẬP CÁC CỔNG/TRANG THÔNG TIN ĐIỆN TỬ THÁNG ${month}/${year};;;;;`,
    'Tên đơn vị;Tên miền;Mã site;Lượt truy cập;Lượt xem trang;Người dùng',
  ];
  sites.forEach((site, i) => {
    const base = site.role === 'portal' ? 20_000 + (hash(site.host) % 3_000_000) : 500 + (hash(site.host) % 80_000);
    // Up to ±20% from month to month.
    const visits = Math.round(base * (0.8 + (hash(`${site.host} ${period}`) % 401) / 1000));
    const visitsCell = i === sites.length - 1 ? '12,5' : group.format(visits);
    lines.push([site.org, `https://${site.host}/`, site.expectedSiteId ?? '', visitsCell, group.format(visits * 3 + 17), group.format(Math.round(visits * 0.4))].join(';'));
  });
  lines.push(`Sở Du lịch (không có trong danh sách);https://${DEMO_UNMATCHED_HOST}/;;4.321;9.876;1.234`);
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Writes the export of `period` under `<dataDir>/imports/` and imports it at `importedAt`, as `gov-audit traffic import` does. */
export async function importDemoTraffic(
  session: Parameters<typeof importTrafficUpload>[0],
  manifest: SimManifest,
  options: { period: string; dataDir: string; importedAt: Date; omit?: readonly string[] },
): Promise<{ trafficReport: StoredTrafficImport; trafficFile: string }> {
  const { period } = options;
  const fileName = `emc-luot-truy-cap-${period}.csv`;
  const importDir = resolve(options.dataDir, 'imports');
  await mkdir(importDir, { recursive: true });
  const trafficFile = join(importDir, fileName);
  const bytes = new TextEncoder().encode(demoTrafficCsv(manifest, period, options));
  await writeFile(trafficFile, bytes);
  const trafficReport = await importTrafficUpload(session, { fileName, bytes, period, importedAt: options.importedAt.toISOString() });
  return { trafficReport, trafficFile };
}

/** FNV-1a: stable figures per host without a random generator. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
