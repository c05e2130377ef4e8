/**
 * The link service's answer to one request: a 302 to a fresh short-lived presigned S3 link for
 * a valid token, 410 with a page saying how to get a new link for an expired one, 403 for
 * anything else (docs/infrastructure.md, "Download links"). Pure: key, clock and presigner are
 * passed in.
 */
import { escapeHtml, htmlPage } from '../report/safe-text.ts';
import { verifyLink } from './token.ts';

/** Validity of the presigned S3 link the service redirects to: enough to start a download. */
export const REDIRECT_LINK_SECONDS = 300;

export interface LinkRequest {
  method: string;
  /** The request path (the S3 key, percent-encoded, with a leading `/`). */
  path: string;
  /** The `t` query parameter. */
  token: string | undefined;
}

export interface LinkResponse {
  statusCode: 302 | 403 | 405 | 410;
  headers: Record<string, string>;
  body: string;
}

export interface AnswerLinkDeps {
  signingKey: Uint8Array;
  now: Date;
  /** A presigned GET of `key`, valid `seconds`. */
  presign(key: string, seconds: number): Promise<string>;
}

/** Pages are self-contained: no script, no external asset, nothing cached, no referrer (the token is in the URL). */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
};

export async function answerLink(request: LinkRequest, deps: AnswerLinkDeps): Promise<LinkResponse> {
  // GET only: the presigned URL it redirects to is signed for GET, so a HEAD would fail at S3.
  if (request.method !== 'GET') {
    return { statusCode: 405, headers: { ...PAGE_HEADERS, allow: 'GET' }, body: page('Phương thức không được hỗ trợ', ['Liên kết này chỉ dùng để tải tệp.']) };
  }
  const verdict = verifyLink(request.token ?? '', request.path, deps.signingKey, deps.now);
  if (verdict.ok) {
    const location = await deps.presign(verdict.key, REDIRECT_LINK_SECONDS);
    return { statusCode: 302, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, body: '' };
  }
  if (verdict.reason === 'expired') return { statusCode: 410, headers: PAGE_HEADERS, body: expiredPage(verdict.grant.expiresAt) };
  return { statusCode: 403, headers: PAGE_HEADERS, body: forbiddenPage() };
}

const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** `07:00 ngày 01/10/2026`, in Vietnam time. */
function vietnamTime(instant: Date): string {
  const part = Object.fromEntries(VIETNAM_TIME.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.hour}:${part.minute} ngày ${part.day}/${part.month}/${part.year}`;
}

function expiredPage(expiresAt: number): string {
  const when = vietnamTime(new Date(expiresAt * 1000));
  return page('Liên kết đã hết hạn', [
    `Liên kết tải tệp này đã hết hiệu lực lúc ${when} (giờ Việt Nam).`,
    'Để nhận liên kết mới, đề nghị đơn vị vận hành hệ thống đánh giá (nơi đã gửi thư thông báo báo cáo) tạo lại báo cáo của kỳ này: thư thông báo mới sẽ kèm các liên kết mới. Báo cáo các kỳ sau được gửi kèm liên kết mới theo lịch.',
    'This download link has expired. Ask the operators of the evaluation system to generate the period’s report again; the new announcement carries new links.',
  ]);
}

function forbiddenPage(): string {
  return page('Liên kết không hợp lệ', [
    'Liên kết này không hợp lệ hoặc không cho phép mở tệp được yêu cầu. Hãy dùng đúng liên kết trong thư thông báo báo cáo, không sửa đổi.',
    'This link is not valid for the requested file.',
  ]);
}

function page(title: string, paragraphs: string[]): string {
  return htmlPage({
    lang: 'vi',
    title,
    style: 'body{font-family:"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;max-width:640px;margin:40px auto;padding:0 16px;color:#222}h1{font-size:16pt;color:#1f4e8c}',
    body: paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n'),
  });
}
