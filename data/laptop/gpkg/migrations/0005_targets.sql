-- The action plan's targets (chỉ tiêu) as data, the parameters of the
-- computed indicators' formulas, and the figures reported by TDP heads and
-- units. Targets and parameters are versioned: a change is a new row with
-- the day it takes effect (valid_from); a period is measured with the rows
-- in force on its last day. Until the ward's server hands the catalogue
-- out, it lives here; gis/indicator.Defaults holds the same seed.

-- Chỉ tiêu của kế hoạch (the plan's targets). scopes lists ward, tdp,
-- street, organisation; min_value/max_value bound a reported figure.
CREATE TABLE wm_targets (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL,
  valid_from DATE NOT NULL,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  grp TEXT NOT NULL CHECK (grp IN ('environment', 'urban_order', 'culture', 'digital')),
  unit TEXT NOT NULL,
  baseline REAL,
  baseline_period TEXT NOT NULL DEFAULT '',
  target REAL NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('at_least', 'at_most')),
  frequency TEXT NOT NULL CHECK (frequency IN ('month', 'quarter', 'year', 'plan')),
  scopes TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('computed', 'reported')),
  cumulative BOOLEAN NOT NULL DEFAULT 0,
  ramp BOOLEAN NOT NULL DEFAULT 0,
  min_value REAL NOT NULL,
  max_value REAL NOT NULL,
  method TEXT NOT NULL DEFAULT '',
  updated_at DATETIME,
  updated_by TEXT NOT NULL DEFAULT '',
  UNIQUE (code, valid_from)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_targets', 'attributes', 'wm_targets', 'Chỉ tiêu của kế hoạch (the plan''s targets)');
INSERT INTO wm_targets (code, valid_from, name_vi, name_en, grp, unit, baseline, baseline_period, target,
  direction, frequency, scopes, kind, cumulative, ramp, min_value, max_value, method) VALUES
  ('MT-01', '2026-01-01', 'Tỷ lệ tuyến phố chính được vệ sinh thường xuyên',
   'Main roads cleaned regularly',
   'environment', '%', NULL, '', 100, 'at_least', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 100,
   'Đoạn đường chính có bản ghi vệ sinh trong chu kỳ vệ sinh / tổng số đoạn đường chính'),
  ('MT-02', '2026-01-01', 'Tỷ lệ tổ dân phố duy trì "Ngày Chủ nhật xanh"',
   'TDPs keeping Green Sunday',
   'environment', '%', NULL, '', 100, 'at_least', 'month', 'ward,tdp', 'reported', 0, 0, 0, 1,
   'Tổ trưởng báo cáo hằng tháng (1 = có tổ chức, 0 = không); tháng chưa báo cáo tính là chưa đạt'),
  ('MT-03', '2026-01-01', 'Tỷ lệ chất thải rắn sinh hoạt được thu gom',
   'Household solid waste collected',
   'environment', '%', NULL, '', 98, 'at_least', 'month', 'ward', 'reported', 0, 0, 0, 100,
   'Số liệu hằng tháng của đơn vị thu gom'),
  ('MT-04', '2026-01-01', 'Tỷ lệ cơ quan, trường học phân loại rác tại nguồn',
   'Offices and schools sorting waste at source',
   'environment', '%', NULL, '', 100, 'at_least', 'year', 'ward,organisation', 'reported', 0, 0, 0, 1,
   'Từng cơ quan, trường học báo cáo (1 = có phân loại, 0 = chưa)'),
  ('MT-05', '2026-01-01', 'Số cây xanh trồng mới giai đoạn 2026–2030 (còn sống)',
   'New trees planted 2026–2030, alive',
   'environment', 'cây', 0, '2025', 1000, 'at_least', 'plan', 'ward,tdp', 'computed', 1, 0, 0, 1e+09,
   'Cây có ngày trồng trong kỳ và tình trạng khác "chết"; chỉ tiêu của kỳ ngắn hơn tính theo tỷ lệ thời gian của 1.000 cây'),
  ('MT-06', '2026-01-01', 'Tỷ lệ quảng cáo, rao vặt trái phép được xử lý',
   'Illegal ads and flyers removed',
   'environment', '%', NULL, '', 90, 'at_least', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 100,
   'Vi phạm quảng cáo, rao vặt phát hiện trong kỳ đã khắc phục / tổng số phát hiện trong kỳ'),
  ('MT-07', '2026-01-01', 'Số điểm rác tồn đọng lâu ngày trên tuyến phố chính',
   'Long-standing waste on main streets',
   'environment', 'điểm', NULL, '', 0, 'at_most', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 1e+09,
   'Vi phạm rác thải, phế thải chưa khắc phục trên đường chính, phát hiện quá N ngày (tham số waste_age_days)'),
  ('TT-01', '2026-01-01', 'Mức giảm lấn chiếm vỉa hè, lòng đường trên tuyến trọng điểm',
   'Cut in encroachment on key routes',
   'urban_order', '%', NULL, '2025', 80, 'at_least', 'quarter', 'ward,tdp', 'computed', 0, 1, -1e+09, 100,
   '1 − (số vụ lấn chiếm trên tuyến trọng điểm trong kỳ / số vụ kỳ gốc quy đổi theo độ dài kỳ); kỳ gốc lấy từ dữ liệu, nếu không có thì lấy giá trị gốc đã nhập'),
  ('TT-02', '2026-01-01', 'Tỷ lệ tuyến phố chính được kiểm tra định kỳ',
   'Main streets inspected periodically',
   'urban_order', '%', NULL, '', 100, 'at_least', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 100,
   'Đoạn đường chính có lần kiểm tra gần nhất còn trong chu kỳ kiểm tra (bảng chu kỳ)'),
  ('TT-03', '2026-01-01', 'Số điểm nóng về trật tự đô thị, ô nhiễm',
   'Hotspots of disorder or pollution',
   'urban_order', 'điểm', NULL, '', 0, 'at_most', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 1e+09,
   'Cụm vi phạm trong bán kính R mét có từ ngưỡng trở lên, phát hiện trong kỳ (tham số hotspot_radius_m, hotspot_threshold)'),
  ('TT-04', '2026-01-01', 'Tỷ lệ tuyến đường chính được chiếu sáng',
   'Main roads lit',
   'urban_order', '%', NULL, '', 100, 'at_least', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 100,
   'Đoạn đường chính có đủ đèn hoạt động (⌈chiều dài / khoảng cách⌉) trong vòng lamp_buffer_m mét'),
  ('TT-05', '2026-01-01', 'Tỷ lệ biển số nhà, biển ngõ được gắn đầy đủ',
   'House-number plates and alley signs complete',
   'urban_order', '%', NULL, '', 100, 'at_least', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 100,
   'Biển số nhà và biển ngõ ở trạng thái "đã gắn" / tổng số'),
  ('VH-01', '2026-01-01', 'Tỷ lệ hộ gia đình đạt "Gia đình văn hóa"',
   'Households recognised as Cultured Families',
   'culture', '%', NULL, '', 95, 'at_least', 'year', 'ward,tdp', 'reported', 0, 0, 0, 100,
   'Tổ trưởng báo cáo tỷ lệ hộ đạt của tổ hằng năm; toàn phường tính bình quân theo số hộ'),
  ('VH-02', '2026-01-01', 'Tỷ lệ tổ dân phố đăng ký "Tổ dân phố văn minh đô thị"',
   'TDPs registered as civilised urban TDPs',
   'culture', '%', NULL, '', 100, 'at_least', 'year', 'ward,tdp', 'reported', 0, 0, 0, 1,
   'Tổ trưởng báo cáo hằng năm (1 = đã đăng ký, 0 = chưa)'),
  ('VH-03', '2026-01-01', 'Tỷ lệ trường học giáo dục kỹ năng bảo vệ môi trường, sống xanh',
   'Schools teaching environment and green living',
   'culture', '%', NULL, '', 100, 'at_least', 'year', 'ward,organisation', 'reported', 0, 0, 0, 1,
   'Từng trường báo cáo (1 = có, 0 = chưa)'),
  ('VH-04', '2026-01-01', 'Tỷ lệ cơ quan thực hiện quy tắc ứng xử văn minh công sở',
   'Offices following the civilised-office code',
   'culture', '%', NULL, '', 100, 'at_least', 'year', 'ward,organisation', 'reported', 0, 0, 0, 1,
   'Từng cơ quan báo cáo (1 = có, 0 = chưa)'),
  ('CS-01', '2026-01-01', 'Tỷ lệ phản ánh hiện trường được tiếp nhận, xử lý đúng hạn',
   'Field reports processed within their deadline',
   'digital', '%', NULL, '', 100, 'at_least', 'quarter', 'ward,tdp', 'computed', 0, 0, 0, 100,
   'Phản ánh tiếp nhận trong kỳ đã xử lý xong trước hạn / phản ánh đã đến hạn hoặc đã xử lý'),
  ('CS-02', '2026-01-01', 'Tỷ lệ cán bộ, công chức sử dụng nền tảng số',
   'Officials using digital platforms',
   'digital', '%', NULL, '', 100, 'at_least', 'year', 'ward,organisation', 'reported', 0, 0, 0, 100,
   'Từng đơn vị báo cáo tỷ lệ cán bộ sử dụng');

-- Tham số công thức (formula parameters): lamp spacing, hotspot radius and
-- threshold, the age of long-standing waste, the cleaning cycle... The
-- inspection cycles themselves are wm_cycles (migration 0004).
CREATE TABLE wm_target_params (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  valid_from DATE NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  updated_at DATETIME,
  updated_by TEXT NOT NULL DEFAULT '',
  UNIQUE (name, valid_from)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_target_params', 'attributes', 'wm_target_params', 'Tham số tính chỉ tiêu (indicator formula parameters)');
INSERT INTO wm_target_params (name, value, valid_from, note) VALUES
  ('at_risk_pct', 10, '2026-01-01', 'Thiếu so với tiến độ không quá 10 % khoảng cách gốc–mục tiêu: có nguy cơ chậm'),
  ('cleaning_cycle_days', 7, '2026-01-01', 'Đường chính được vệ sinh ít nhất mỗi 7 ngày'),
  ('hotspot_radius_m', 30, '2026-01-01', 'Vi phạm cách nhau không quá 30 m là cùng một chỗ'),
  ('hotspot_threshold', 3, '2026-01-01', 'Từ 3 vi phạm trở lên tại một chỗ trong kỳ là điểm nóng'),
  ('lamp_buffer_m', 25, '2026-01-01', 'Đèn trong vòng 25 m chiếu sáng cho đoạn đường'),
  ('lamp_spacing_m', 40, '2026-01-01', 'Đường chính cần một đèn hoạt động mỗi 40 m'),
  ('street_buffer_m', 20, '2026-01-01', 'Vi phạm chưa gắn đoạn đường thuộc đoạn gần nhất trong 20 m'),
  ('waste_age_days', 3, '2026-01-01', 'Rác chưa xử lý quá 3 ngày là tồn đọng lâu ngày');

-- Số liệu báo cáo (reported figures). A correction is a new row; the
-- latest entered_at for (code, scope_id, period) wins and the rest stay as
-- history.
CREATE TABLE wm_reported (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('ward', 'tdp', 'street', 'organisation')),
  scope_id TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL,
  value REAL NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  entered_by TEXT NOT NULL,
  entered_at DATETIME NOT NULL
);
CREATE INDEX wm_reported_key ON wm_reported (code, scope_id, period, entered_at);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_reported', 'attributes', 'wm_reported', 'Số liệu chỉ tiêu do tổ dân phố, đơn vị báo cáo (reported indicator figures)');
