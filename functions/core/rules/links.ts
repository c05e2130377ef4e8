/**
 * Rules data for links: which internal pages to sample first, which hrefs are not pages, and
 * which hosts are never component sites. Matching code lives in sampling.ts and discovery.ts;
 * a new real-world shape is one more entry here.
 */
import type { PageRegion } from '../types.ts';

/**
 * Anchor texts of the "links / websites" pages that list a portal's component sites, most
 * specific first (the order ranks the sampled pages). Matched as whole words on folded text
 * (no diacritics, any case), so "LIÊN KẾT WEBSITE" and "Lien ket website" both match.
 */
export const LINKS_PAGE_ANCHOR_TEXTS: readonly string[] = [
  'Liên kết website',
  'Website thành phần',
  'Danh bạ website',
  'Cổng thành phần',
  'Trang thông tin thành phần',
  'Trang thông tin điện tử thành phần',
  'Danh sách website',
  'Liên kết web',
  'Weblink',
  'Web link',
  'Liên kết',
];

/**
 * Extensions of files that are not pages: documents, spreadsheets, slides, archives, images,
 * audio and video. A link whose path ends with one is never sampled.
 */
export const SKIPPED_FILE_EXTENSIONS: readonly string[] = [
  'pdf', 'doc', 'docx', 'odt', 'rtf', 'txt',
  'xls', 'xlsx', 'ods', 'csv',
  'ppt', 'pptx', 'odp',
  'zip', 'rar', '7z', 'gz', 'tar',
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'svg', 'tif', 'tiff', 'ico',
  'mp4', 'mp3', 'avi', 'wmv', 'mov', 'flv', 'webm', 'wav', 'ogg',
  'exe', 'msi', 'apk', 'iso', 'xml', 'json',
];

/** Schemes of hrefs that never lead to a web page (the parser leaves their `url` undefined; this is the belt to its braces). */
export const NON_PAGE_SCHEMES: readonly string[] = [
  'javascript', 'mailto', 'tel', 'sms', 'fax', 'data', 'blob', 'file', 'ftp', 'about', 'skype', 'zalo', 'viber',
];

/** Regions whose links are read as link lists: "Liên kết website" boxes, select widgets, footers. */
export const LINK_LIST_REGIONS: readonly PageRegion[] = ['link-block', 'select-widget', 'footer'];

/** Regions whose links are sampled before the others: the site's own navigation. */
export const NAVIGATION_REGIONS: readonly PageRegion[] = ['header', 'nav'];

/**
 * The public suffix under which any host found in a link list is a component candidate, even
 * off the portal's domain (`congthuonghn.gov.vn` on `hanoi.gov.vn`).
 */
export const GOVERNMENT_SUFFIX = 'gov.vn';

/**
 * Hosts (and their subdomains) that are never component sites although government pages link
 * to them: the EMC monitoring service (docs/detection.md §1) and the Tín Nhiệm Mạng trust badge.
 */
export const NEVER_COMPONENT_DOMAINS: readonly string[] = [
  'f-emc.ngsp.gov.vn',
  'tracking.aita.gov.vn',
  'tinnhiemmang.vn',
];

/**
 * First labels of hosts that are services, not sites: webmail, file transfer, VPN, static
 * content (`mail.hanoi.gov.vn`, `cdn.hanoi.gov.vn`).
 */
export const NON_SITE_HOST_LABELS: readonly string[] = ['mail', 'webmail', 'email', 'smtp', 'ftp', 'vpn', 'cdn', 'static'];
