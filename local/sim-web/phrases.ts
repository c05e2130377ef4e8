/**
 * Vietnamese phrase lists the simulated pages are written from (no lorem ipsum): news titles,
 * summaries, article sentences, menus and sidebar boxes, in the register of government sites.
 */
import type { Random } from './random.ts';

export const TOPICS = [
  'chuyển đổi số',
  'cải cách hành chính',
  'phát triển kinh tế - xã hội',
  'xây dựng nông thôn mới',
  'phòng, chống thiên tai',
  'bảo đảm an toàn thông tin mạng',
  'dịch vụ công trực tuyến toàn trình',
  'triển khai Đề án 06',
  'thu hút đầu tư',
  'phát triển du lịch bền vững',
  'giảm nghèo bền vững',
  'phòng, chống tham nhũng, tiêu cực',
  'chăm sóc sức khỏe nhân dân',
  'đổi mới giáo dục phổ thông',
  'quản lý đất đai và tài nguyên',
  'bảo vệ môi trường',
  'phát triển hạ tầng giao thông',
  'sắp xếp tổ chức bộ máy',
  'hỗ trợ doanh nghiệp nhỏ và vừa',
  'xây dựng chính quyền số',
  'phổ biến, giáo dục pháp luật',
  'an sinh xã hội',
];

const TITLE_TEMPLATES = [
  '{org} tổ chức hội nghị triển khai nhiệm vụ {topic} năm {year}',
  'Tăng cường công tác {topic} trong tình hình mới',
  'Sơ kết 6 tháng đầu năm {year} về {topic}',
  'Hội thảo khoa học về {topic} tại {place}',
  'Lãnh đạo {org} làm việc với các đơn vị về {topic}',
  'Ban hành kế hoạch thực hiện {topic} giai đoạn {year}-2030',
  'Kiểm tra tiến độ thực hiện các dự án {topic}',
  'Đẩy mạnh {topic} gắn với nâng cao sự hài lòng của người dân',
  'Tập huấn nghiệp vụ {topic} cho cán bộ, công chức cấp xã',
  'Công bố kết quả đánh giá {topic} năm {year}',
  'Phát động phong trào thi đua về {topic}',
  'Tổng kết công tác {topic} và triển khai nhiệm vụ năm {next}',
  'Họp báo thông tin về {topic} tháng {month}/{year}',
  'Đoàn công tác của {org} khảo sát thực tế về {topic} tại {place}',
  'Ký kết chương trình phối hợp về {topic}',
  'Hướng dẫn mới về {topic} có hiệu lực từ tháng {month}',
];

const SUMMARY_SENTENCES = [
  'Chiều ngày {day}/{month}, {org} đã tổ chức cuộc họp để đánh giá kết quả thực hiện {topic}.',
  'Theo báo cáo, trong thời gian qua các cơ quan, đơn vị đã chủ động triển khai nhiều giải pháp đồng bộ.',
  'Tỷ lệ hồ sơ được giải quyết đúng hạn đạt trên 98%, góp phần nâng cao chỉ số hài lòng của người dân và doanh nghiệp.',
  'Phát biểu tại hội nghị, đồng chí lãnh đạo yêu cầu các đơn vị tập trung tháo gỡ khó khăn, vướng mắc.',
  'Hội nghị đã thống nhất các nhiệm vụ trọng tâm trong thời gian tới, bảo đảm tiến độ và chất lượng.',
  'Các đại biểu đã thảo luận, chia sẻ kinh nghiệm và đề xuất nhiều kiến nghị thiết thực.',
  'Kế hoạch được xây dựng nhằm cụ thể hóa các chủ trương của Đảng, chính sách, pháp luật của Nhà nước.',
  'Đến nay, 100% cơ quan hành chính đã kết nối với hệ thống quản lý văn bản và điều hành.',
  'Năm {year}, phấn đấu hoàn thành vượt mức các chỉ tiêu đã đề ra tại Nghị quyết của Hội đồng nhân dân.',
  'Người dân có thể tra cứu thông tin, nộp hồ sơ và theo dõi kết quả giải quyết trên Cổng Dịch vụ công.',
  'Công tác tuyên truyền được đẩy mạnh trên các phương tiện thông tin đại chúng và mạng xã hội.',
  'Đoàn đã kiểm tra thực tế tại một số địa phương và ghi nhận những kết quả tích cực.',
];

export const PLACES = [
  'Trung tâm Hội nghị tỉnh',
  'Nhà văn hóa trung tâm',
  'trụ sở Ủy ban nhân dân',
  'Khu công nghiệp phía Bắc',
  'xã vùng cao biên giới',
  'Trung tâm Phục vụ hành chính công',
  'Hà Nội',
  'Thành phố Hồ Chí Minh',
];

export const MENU: readonly { label: string; path: string; sub: string[] }[] = [
  { label: 'Giới thiệu', path: '/gioi-thieu', sub: ['Chức năng, nhiệm vụ', 'Cơ cấu tổ chức', 'Lãnh đạo đương nhiệm', 'Lịch sử hình thành', 'Sơ đồ trang'] },
  { label: 'Tin tức - Sự kiện', path: '/tin-tuc', sub: ['Tin hoạt động', 'Tin trong nước', 'Tin chuyên ngành', 'Ảnh hoạt động', 'Video'] },
  { label: 'Chỉ đạo điều hành', path: '/chi-dao-dieu-hanh', sub: ['Lịch công tác', 'Thông báo kết luận', 'Ý kiến chỉ đạo'] },
  { label: 'Văn bản', path: '/van-ban', sub: ['Văn bản quy phạm pháp luật', 'Văn bản chỉ đạo', 'Dự thảo lấy ý kiến', 'Văn bản hợp nhất'] },
  { label: 'Thủ tục hành chính', path: '/thu-tuc-hanh-chinh', sub: ['Bộ thủ tục hành chính', 'Dịch vụ công trực tuyến', 'Tra cứu hồ sơ', 'Kết quả giải quyết'] },
  { label: 'Chuyển đổi số', path: '/chuyen-doi-so', sub: ['Chính quyền số', 'Kinh tế số', 'Xã hội số'] },
  { label: 'Thông tin tuyên truyền', path: '/tuyen-truyen', sub: ['Phổ biến pháp luật', 'Cải cách hành chính', 'Phòng chống tham nhũng'] },
  { label: 'Quy hoạch - Kế hoạch', path: '/quy-hoach', sub: ['Quy hoạch phát triển', 'Kế hoạch 5 năm', 'Dự án đầu tư'] },
  { label: 'Thống kê', path: '/thong-ke', sub: ['Số liệu thống kê', 'Báo cáo định kỳ'] },
  { label: 'Hỏi đáp', path: '/hoi-dap', sub: ['Gửi câu hỏi', 'Câu hỏi thường gặp'] },
  { label: 'Liên hệ', path: '/lien-he', sub: [] },
  { label: 'Liên kết website', path: '/lien-ket-website', sub: [] },
];

export const SECTION_TITLES = [
  'Tin hoạt động',
  'Chỉ đạo điều hành',
  'Cải cách hành chính',
  'Chuyển đổi số',
  'Kinh tế - Xã hội',
  'Văn hóa - Du lịch',
  'Y tế - Giáo dục',
  'Quốc phòng - An ninh',
  'Thông tin tuyên truyền',
  'Thông báo',
  'Tin trong nước',
  'Gương người tốt việc tốt',
];

export const DOCUMENT_TYPES = ['Quyết định', 'Kế hoạch', 'Công văn', 'Thông báo', 'Chỉ thị', 'Báo cáo'];

/** External (non-.gov.vn) links every site carries in its select widget. */
export const EXTERNAL_LINKS: readonly { name: string; url: string }[] = [
  { name: 'Cổng Thông tin điện tử Chính phủ', url: 'https://chinhphu.vn/' },
  { name: 'Báo điện tử Chính phủ', url: 'https://baochinhphu.vn/' },
  { name: 'Báo Nhân Dân điện tử', url: 'https://nhandan.vn/' },
  { name: 'Thông tấn xã Việt Nam', url: 'https://vnanet.vn/' },
  { name: 'Báo Quân đội nhân dân', url: 'https://www.qdnd.vn/' },
];

/** Fills `{org}`, `{topic}`, `{year}`… in a template. */
export function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? key);
}

/** A news title and its summary. */
export function newsItem(rng: Random, org: string, year: number): { title: string; summary: string; topic: string } {
  const topic = rng.pick(TOPICS);
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const slots = {
    org,
    topic,
    year: String(year),
    next: String(year + 1),
    month,
    day: String(rng.int(1, 28)).padStart(2, '0'),
    place: rng.pick(PLACES),
  };
  const title = fill(rng.pick(TITLE_TEMPLATES), slots);
  const first = rng.int(0, SUMMARY_SENTENCES.length - 1);
  const second = (first + rng.int(1, SUMMARY_SENTENCES.length - 1)) % SUMMARY_SENTENCES.length;
  const summary = [SUMMARY_SENTENCES[first], SUMMARY_SENTENCES[second]].map((s) => fill(s, slots)).join(' ');
  return { title: title.charAt(0).toUpperCase() + title.slice(1), summary, topic };
}

/** Several article paragraphs. */
export function paragraphs(rng: Random, org: string, year: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = rng.int(3, 5);
    const sentences: string[] = [];
    for (let s = 0; s < n; s++) sentences.push(newsItem(rng, org, year).summary);
    out.push(sentences.join(' '));
  }
  return out;
}

/** ASCII slug of a Vietnamese title, as CMSs build URLs. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
