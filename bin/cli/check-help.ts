import { DEFAULT_SAMPLE_PAGES } from '../../functions/core/audit-site.ts';
import type { Lang } from '../../functions/core/types.ts';

/** Where screenshots go when `--screenshots` is not given (relative to the working directory). */
export const DEFAULT_SCREENSHOT_DIR = '.gov-audit/screenshots';

/**
 * The full help of `gov-audit check`. A module of its own so that `gov-audit check --help`
 * loads only this text, not the fetcher and browser the check itself needs.
 */
export const CHECK_HELP: Record<Lang, string> = {
  vi: `Cách dùng: gov-audit check <địa chỉ...> [tuỳ chọn]

Kiểm tra trang theo Thông tư 22/2023/TT-BTTTT: 2.1 mã theo dõi EMC, 2.2a nhãn EMC,
2.2b cổng chính liên kết trang thành phần, 2.2c trang thành phần liên kết về cổng chính.

Tuỳ chọn:
  --role portal|component|auto   Loại trang (mặc định auto: tên miền gốc như hanoi.gov.vn là
                                 cổng chính, tên miền con là trang thành phần)
  --parent <địa chỉ>             Cổng chính của trang thành phần (mặc định: suy ra từ tên miền)
  --components <đc1,đc2,...>     Danh sách trang thành phần của cổng chính (ngoài các trang tự phát hiện)
  --pages N                      Số trang con lấy mẫu ngoài trang chủ (mặc định ${DEFAULT_SAMPLE_PAGES})
  --resolve host:port:địa-chỉ    Trỏ tên miền tới địa chỉ IP (cú pháp curl, dùng nhiều lần được);
                                 cách duy nhất để kiểm tra trang trên mạng nội bộ/127.0.0.1
  --ca <tệp.pem>                 Chứng chỉ CA bổ sung (HTTPS nội bộ)
  --timeout <giây>               Thời gian tối đa cho một trang (mặc định 30)
  --render auto|always|never     Kiểm tra bằng trình duyệt Chromium (mặc định auto: hiển thị trang chủ,
                                 nơi có nhãn EMC, và các trang mà HTML chưa đủ kết luận; always: mọi
                                 trang đã xét; never: chỉ HTML, nhãn EMC để "chưa xác định"). Không
                                 tìm thấy trình duyệt thì auto chuyển sang never và có thông báo
  --screenshots <thư-mục>        Nơi lưu ảnh chụp màn hình PNG (mặc định ${DEFAULT_SCREENSHOT_DIR})
  --lang vi|en                   Ngôn ngữ (mặc định vi)
  --json                         Xuất JSON (lược đồ gov-audit/check-result@1, mỗi dòng một trang)

Mã thoát: 0 đạt hết; 1 có tiêu chí không đạt; 3 không có gì sai nhưng có tiêu chí chưa xác định;
2 sai cú pháp hoặc dữ liệu vào.
`,
  en: `Usage: gov-audit check <url...> [options]

Checks sites against Circular 22/2023/TT-BTTTT: 2.1 EMC tracking code, 2.2a EMC badge,
2.2b portal links to components, 2.2c component links back to its portal.

Options:
  --role portal|component|auto   Kind of site (default auto: a registrable domain such as hanoi.gov.vn
                                 is a portal, a subdomain is a component)
  --parent <url>                 A component's portal (default: inferred from the domain)
  --components <url1,url2,...>   A portal's component sites (in addition to those discovered)
  --pages N                      Internal pages sampled besides the homepage (default ${DEFAULT_SAMPLE_PAGES})
  --resolve host:port:address    Map a host name to an address (curl syntax, repeatable); the only
                                 way to check a site on a private network or 127.0.0.1
  --ca <file.pem>                Extra CA certificate (internal HTTPS)
  --timeout <seconds>            Time limit for one page (default 30)
  --render auto|always|never     Browser tier in Chromium (default auto: render the homepage, where
                                 the EMC badge lives, and pages whose HTML is inconclusive; always:
                                 every judged page; never: HTML only, the EMC badge stays "unknown").
                                 Without a browser, auto falls back to never and says so
  --screenshots <dir>            Where PNG screenshots are written (default ${DEFAULT_SCREENSHOT_DIR})
  --lang vi|en                   Language (default vi)
  --json                         JSON output (schema gov-audit/check-result@1, one line per site)

Exit codes: 0 all pass; 1 a criterion failed; 3 nothing failed but something is unknown;
2 usage or input error.
`,
};
