/**
 * Why a site could not be checked, in words an evaluator understands. One entry per
 * transport failure kind (the classification itself happens once, in the fetcher adapter).
 */
import type { LocalizedText, TransportFailure, TransportFailureKind } from './types.ts';

const REASONS: Record<TransportFailureKind, LocalizedText> = {
  'invalid-url': { vi: 'Địa chỉ không hợp lệ', en: 'Invalid address' },
  dns: { vi: 'Không phân giải được tên miền (DNS)', en: 'Domain name does not resolve (DNS)' },
  refused: { vi: 'Máy chủ từ chối kết nối', en: 'Connection refused' },
  reset: { vi: 'Kết nối bị ngắt giữa chừng', en: 'Connection reset' },
  timeout: { vi: 'Máy chủ không trả lời trong thời gian cho phép', en: 'Server did not answer in time' },
  tls: { vi: 'Lỗi chứng chỉ hoặc kết nối TLS/HTTPS', en: 'TLS/HTTPS certificate or handshake error' },
  'http-status': { vi: 'Máy chủ trả về mã lỗi HTTP', en: 'Server answered with an HTTP error status' },
  'waf-challenge': {
    vi: 'Tường lửa/chống bot chặn công cụ kiểm tra (trang thử thách)',
    en: 'Blocked by a firewall/bot challenge page',
  },
  'not-html': { vi: 'Trang chủ không phải HTML', en: 'Homepage is not HTML' },
  'too-large': { vi: 'Trang quá lớn, vượt giới hạn tải về', en: 'Page exceeds the download size limit' },
  'redirect-loop': { vi: 'Chuyển hướng vòng lặp hoặc quá nhiều lần', en: 'Redirect loop or too many redirects' },
  'too-complex': {
    vi: 'Trang quá phức tạp để đọc trong giới hạn cho phép (lồng thẻ quá sâu hoặc vượt ngân sách xử lý)',
    en: 'Page too complex to read within the limits (nesting too deep or over the processing budget)',
  },
  'blocked-address': {
    vi: 'Địa chỉ trỏ tới mạng nội bộ/riêng, công cụ không truy cập',
    en: 'Address points to a private/internal network; not fetched',
  },
};

/** Localised reason for a transport failure, with the HTTP status when there is one. */
export function describeTransportFailure(failure: Pick<TransportFailure, 'kind' | 'status'>): LocalizedText {
  const base = REASONS[failure.kind];
  if (failure.status === undefined) return base;
  return { vi: `${base.vi} (HTTP ${failure.status})`, en: `${base.en} (HTTP ${failure.status})` };
}

/** What the site owner (or the evaluator) can do about it. */
export function transportHint(failure: Pick<TransportFailure, 'kind' | 'retryable'>): LocalizedText {
  if (failure.kind === 'waf-challenge') {
    return {
      vi: 'Cho phép công cụ đánh giá (User-Agent gov-portal-auditor) truy cập trang chủ, hoặc đánh giá thủ công.',
      en: 'Allow the evaluation tool (User-Agent gov-portal-auditor) to reach the homepage, or review manually.',
    };
  }
  if (failure.kind === 'too-complex') {
    return {
      vi: 'Trang chủ có cấu trúc bất thường (lồng thẻ hàng trăm nghìn cấp hoặc cực nhiều nội dung); cần người đánh giá kiểm tra thủ công. Công cụ không thử lại.',
      en: 'The homepage is abnormally built (elements nested hundreds of thousands deep, or vast content); review it manually. The tool does not retry.',
    };
  }
  if (failure.retryable) {
    return {
      vi: 'Lỗi tạm thời: công cụ sẽ thử lại; nếu lặp lại, kiểm tra máy chủ của trang.',
      en: 'Transient error: the tool retries; if it persists, check the site’s server.',
    };
  }
  return {
    vi: 'Kiểm tra địa chỉ trang và cấu hình máy chủ, rồi chạy lại; chưa thể kết luận là không đạt.',
    en: 'Check the site address and server configuration, then run again; this is not a failing verdict.',
  };
}
