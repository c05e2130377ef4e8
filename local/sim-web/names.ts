/**
 * Vietnamese organisation names and host labels the simulated fleet is built from. Hosts follow
 * the domain rules of docs/detection.md §3 (`tenbo.gov.vn`, `tendonvi.tenbo.gov.vn`,
 * `tentinh.gov.vn`, `tencoquan.tentinh.gov.vn`, `tenxa.tentinh.gov.vn`).
 */

export interface NamedUnit {
  /** Host label (ASCII, no dots). */
  slug: string;
  /** Organisation name with diacritics. */
  name: string;
}

/** Provinces (after the 2025 merger); `abbr` builds off-pattern hosts such as `congthuong-qn.gov.vn`. */
export const PROVINCES: readonly (NamedUnit & { abbr: string; city?: boolean })[] = [
  { slug: 'quangninh', name: 'Quảng Ninh', abbr: 'qn' },
  { slug: 'laocai', name: 'Lào Cai', abbr: 'lc' },
  { slug: 'thanhhoa', name: 'Thanh Hóa', abbr: 'th' },
  { slug: 'nghean', name: 'Nghệ An', abbr: 'na' },
  { slug: 'khanhhoa', name: 'Khánh Hòa', abbr: 'kh' },
  { slug: 'lamdong', name: 'Lâm Đồng', abbr: 'ld' },
  { slug: 'haiphong', name: 'Hải Phòng', abbr: 'hp', city: true },
  { slug: 'danang', name: 'Đà Nẵng', abbr: 'dn', city: true },
  { slug: 'angiang', name: 'An Giang', abbr: 'ag' },
  { slug: 'camau', name: 'Cà Mau', abbr: 'cm' },
  { slug: 'tayninh', name: 'Tây Ninh', abbr: 'tn' },
  { slug: 'daklak', name: 'Đắk Lắk', abbr: 'dl' },
];

/**
 * The central league (ranked together, as the evaluation does): ministries and the agencies
 * under the Government (the academies). Host label and full name.
 */
export const MINISTRIES: readonly NamedUnit[] = [
  { slug: 'mst', name: 'Bộ Khoa học và Công nghệ' },
  { slug: 'moh', name: 'Bộ Y tế' },
  { slug: 'moet', name: 'Bộ Giáo dục và Đào tạo' },
  { slug: 'mof', name: 'Bộ Tài chính' },
  { slug: 'moit', name: 'Bộ Công Thương' },
  { slug: 'moj', name: 'Bộ Tư pháp' },
  { slug: 'moha', name: 'Bộ Nội vụ' },
  { slug: 'mae', name: 'Bộ Nông nghiệp và Môi trường' },
  { slug: 'vast', name: 'Viện Hàn lâm Khoa học và Công nghệ Việt Nam' },
  { slug: 'vass', name: 'Viện Hàn lâm Khoa học xã hội Việt Nam' },
];

/** Agencies under a ministry (`tendonvi.tenbo.gov.vn`). */
export const MINISTRY_UNITS: readonly NamedUnit[] = [
  { slug: 'thanhtra', name: 'Thanh tra Bộ' },
  { slug: 'vanphong', name: 'Văn phòng Bộ' },
  { slug: 'cuccds', name: 'Cục Chuyển đổi số quốc gia' },
  { slug: 'ttdl', name: 'Trung tâm Dữ liệu và Thông tin' },
  { slug: 'vienchienluoc', name: 'Viện Chiến lược và Chính sách' },
  { slug: 'tapchi', name: 'Tạp chí điện tử của Bộ' },
  { slug: 'vukhtc', name: 'Vụ Kế hoạch - Tài chính' },
  { slug: 'vuphapche', name: 'Vụ Pháp chế' },
  { slug: 'cucqlcl', name: 'Cục Quản lý chất lượng' },
  { slug: 'truongcb', name: 'Trường Cán bộ quản lý' },
];

/** Provincial departments (`tencoquan.tentinh.gov.vn`); `short` builds off-pattern hosts. */
export const PROVINCE_AGENCIES: readonly (NamedUnit & { short: string })[] = [
  { slug: 'sokhcn', short: 'khcn', name: 'Sở Khoa học và Công nghệ' },
  { slug: 'sotc', short: 'taichinh', name: 'Sở Tài chính' },
  { slug: 'soyt', short: 'yte', name: 'Sở Y tế' },
  { slug: 'sogddt', short: 'giaoduc', name: 'Sở Giáo dục và Đào tạo' },
  { slug: 'socongthuong', short: 'congthuong', name: 'Sở Công Thương' },
  { slug: 'sonnmt', short: 'nnmt', name: 'Sở Nông nghiệp và Môi trường' },
  { slug: 'sotuphap', short: 'tuphap', name: 'Sở Tư pháp' },
  { slug: 'sonoivu', short: 'noivu', name: 'Sở Nội vụ' },
  { slug: 'soxaydung', short: 'xaydung', name: 'Sở Xây dựng' },
  { slug: 'sovhttdl', short: 'vhttdl', name: 'Sở Văn hóa, Thể thao và Du lịch' },
  { slug: 'thanhtra', short: 'thanhtra', name: 'Thanh tra' },
  { slug: 'vpubnd', short: 'vpubnd', name: 'Văn phòng Ủy ban nhân dân' },
];

/** Communes and wards (`tenxa.tentinh.gov.vn`). */
export const COMMUNES: readonly NamedUnit[] = [
  { slug: 'tanlap', name: 'xã Tân Lập' },
  { slug: 'hoaan', name: 'xã Hòa An' },
  { slug: 'binhminh', name: 'xã Bình Minh' },
  { slug: 'phuoclong', name: 'phường Phước Long' },
  { slug: 'dongtien', name: 'xã Đồng Tiến' },
  { slug: 'thanhson', name: 'xã Thanh Sơn' },
  { slug: 'quangtrung', name: 'phường Quang Trung' },
  { slug: 'yenhung', name: 'phường Yên Hưng' },
  { slug: 'namhoa', name: 'xã Nam Hòa' },
  { slug: 'thuanthanh', name: 'xã Thuận Thành' },
];

/**
 * Independent sites (role `standalone`): under `.gov.vn` but under no simulated portal, and
 * ranked in no league — units of a central body, never a central body themselves.
 */
export const STANDALONE_UNITS: readonly NamedUnit[] = [
  { slug: 'thuvienquocgia', name: 'Thư viện Quốc gia Việt Nam' },
  { slug: 'baotanglichsu', name: 'Bảo tàng Lịch sử Quốc gia' },
  { slug: 'hocvienhcqg', name: 'Học viện Hành chính và Quản trị công' },
  { slug: 'bvbachmai', name: 'Bệnh viện Bạch Mai' },
  { slug: 'luutruquocgia', name: 'Cục Văn thư và Lưu trữ nhà nước' },
  { slug: 'trungtamdbkttv', name: 'Trung tâm Dự báo khí tượng thủy văn quốc gia' },
  { slug: 'quyphattrienkhcn', name: 'Quỹ Phát triển khoa học và công nghệ quốc gia' },
  { slug: 'baotangdantoc', name: 'Bảo tàng Dân tộc học Việt Nam' },
];
