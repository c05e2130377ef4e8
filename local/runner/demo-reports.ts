/**
 * The report half of `gov-audit demo`: an EMC-style traffic export for the simulated portals
 * (Vietnamese headers, `;` separators, thousand separators, a title row, one bad row and one
 * row for a site that is not registered), imported through the same code as
 * `gov-audit traffic import`, then the reports generated as `gov-audit report` does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Lang } from '../../functions/core/types.ts';
import type { StoredTrafficImport } from '../../functions/import-traffic/import-file.ts';
import type { EvidenceStore, TargetStore, TrafficStore } from '../../functions/core/stores.ts';
import { produceLocalReports } from './local-reports.ts';
import { importTrafficUpload } from './traffic-upload.ts';
import type { SimManifest } from '../sim-web/manifest.ts';

/** A host EMC counts but the registry does not list: the import must report it as unmatched. */
export const DEMO_UNMATCHED_HOST = 'sodulich.tinh-mo-phong.gov.vn';

/**
 * The export's text: every simulated portal and component with deterministic figures (the
 * same manifest gives the same file), the last site's visits written as a decimal (`12,5`,
 * rejected on import) and one unregistered site at the end.
 */
export function demoTrafficCsv(manifest: SimManifest, period: string): string {
  const sites = manifest.hosts.filter((h) => h.role !== 'standalone');
  const [year, month] = period.split('-');
  const group = new Intl.NumberFormat('vi-VN', { useGrouping: true });
  const lines = [
    `BÁO CÁO LƯỢT TRUY CẬP CÁC CỔNG/TRANG THÔNG TIN ĐIỆN TỬ THÁNG ${month}/${year};;;;;`,
    'Tên đơn vị;Tên miền;Mã site;Lượt truy cập;Lượt xem trang;Người dùng',
  ];
  sites.forEach((site, i) => {
    const visits = site.role === 'portal' ? 20_000 + (hash(site.host) % 3_000_000) : 500 + (hash(site.host) % 80_000);
    const visitsCell = i === sites.length - 1 ? '12,5' : group.format(visits);
    lines.push([site.org, `https://${site.host}/`, site.expectedSiteId ?? '', visitsCell, group.format(visits * 3 + 17), group.format(Math.round(visits * 0.4))].join(';'));
  });
  lines.push(`Sở Du lịch (không có trong danh sách);https://${DEMO_UNMATCHED_HOST}/;;4.321;9.876;1.234`);
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/**
 * Writes the export under `<dataDir>/imports/`, imports it for `period` and generates that
 * period's reports into `<dataDir>/reports/<period>/` (and the local S3).
 */
export async function produceDemoReports(
  session: Parameters<typeof produceLocalReports>[0] & { targets: TargetStore; traffic: TrafficStore; evidence: EvidenceStore },
  manifest: SimManifest,
  period: string,
  lang: Lang,
  dataDir: string,
): Promise<{ paths: string[]; links: string[]; trafficReport: StoredTrafficImport; trafficFile: string }> {
  const fileName = `emc-luot-truy-cap-${period}.csv`;
  const importDir = resolve(dataDir, 'imports');
  await mkdir(importDir, { recursive: true });
  const trafficFile = join(importDir, fileName);
  const bytes = new TextEncoder().encode(demoTrafficCsv(manifest, period));
  await writeFile(trafficFile, bytes);
  const trafficReport = await importTrafficUpload(session, { fileName, bytes, period });
  const reports = await produceLocalReports(session, { period, lang, outDir: join(dataDir, 'reports', period) });
  return { paths: reports.paths, links: [...reports.links.values()], trafficReport, trafficFile };
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
