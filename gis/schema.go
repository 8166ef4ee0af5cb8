package gis

// The schemas of every kind in DOMAIN.md. Field names are the column names
// of the GeoPackage and the keys of the sync protocol: add fields freely,
// never rename one (a migration and every laptop depend on it).

func text(name, vi, en string) Field { return Field{Name: name, Type: Text, Label: Label{vi, en}} }
func ref(name, vi, en string) Field  { return Field{Name: name, Type: Ref, Label: Label{vi, en}} }
func date(name, vi, en string) Field { return Field{Name: name, Type: DateType, Label: Label{vi, en}} }
func when(name, vi, en string) Field { return Field{Name: name, Type: TimeType, Label: Label{vi, en}} }
func flag(name, vi, en string) Field { return Field{Name: name, Type: Bool, Label: Label{vi, en}} }

func real(name, vi, en, unit string, min, max float64) Field {
	return Field{Name: name, Type: Real, Label: Label{vi, en}, Unit: unit, Min: min, Max: max, HasRange: true}
}

func integer(name, vi, en, unit string, min, max float64) Field {
	return Field{Name: name, Type: Int, Label: Label{vi, en}, Unit: unit, Min: min, Max: max, HasRange: true}
}

func enum(name, vi, en string, opts ...Option) Field {
	return Field{Name: name, Type: EnumType, Label: Label{vi, en}, Options: opts}
}

func opt(value, vi, en string) Option { return Option{Value: value, Label: Label{vi, en}} }

func required(f Field) Field { f.Required = true; return f }
func private(f Field) Field  { f.Private = true; return f }
func computed(f Field) Field { f.Computed = true; return f }

// ReportTextMax is the longest field report text, in characters: Open311
// GeoReport v2's limit on a request's description, which every report can
// become, whatever path it entered by (issue 15).
const ReportTextMax = 4000

func maxLen(f Field, n int) Field { f.MaxLen = n; return f }

var fundingField = enum("funding", "Nguồn kinh phí", "Funding",
	opt("budget", "Ngân sách", "Public budget"),
	opt("socialized", "Xã hội hóa", "Residents and businesses"),
	opt("other", "Khác", "Other"))

var plateStatus = []Option{
	opt("missing", "Chưa có", "Missing"),
	opt("installed", "Đã gắn", "Installed"),
	opt("damaged", "Hư hỏng", "Damaged"),
}

// ViolationKinds are the kinds of violation the plan names.
var ViolationKinds = []Option{
	opt("encroachment", "Lấn chiếm vỉa hè, lòng đường", "Sidewalk or roadway encroachment"),
	opt("market", "Họp chợ trái phép", "Unauthorised market"),
	opt("parking", "Đỗ xe sai quy định", "Wrong parking"),
	opt("illegal_ads", "Quảng cáo, rao vặt trái phép", "Illegal ads and flyers"),
	opt("construction_waste", "Vật liệu, phế thải xây dựng", "Building materials or construction waste"),
	opt("household_waste", "Đổ rác sai quy định", "Household waste dumped"),
	opt("construction_unpermitted", "Xây dựng không phép, sai phép", "Construction without or against a permit"),
	opt("unsafe_construction", "Công trường mất an toàn", "Unsafe construction site"),
	opt("tangled_cables", "Dây điện, cáp viễn thông lộn xộn", "Tangled cables"),
	opt("dangerous_tree", "Cây xanh nguy hiểm", "Dangerous tree"),
	opt("other", "Khác", "Other"),
}

// ReportCategories are the categories of a citizen's field report.
var ReportCategories = []Option{
	opt("waste", "Rác thải, vệ sinh môi trường", "Waste and cleanliness"),
	opt("encroachment", "Lấn chiếm vỉa hè, lòng đường", "Encroachment"),
	opt("lighting", "Chiếu sáng công cộng", "Street lighting"),
	opt("trees", "Cây xanh", "Trees"),
	opt("drainage", "Thoát nước, ngập úng", "Drainage and flooding"),
	opt("roads", "Hư hỏng đường, vỉa hè", "Damaged road or sidewalk"),
	opt("illegal_ads", "Quảng cáo trái phép", "Illegal ads"),
	opt("construction", "Trật tự xây dựng", "Construction order"),
	opt("security", "An ninh trật tự", "Public order"),
	opt("other", "Khác", "Other"),
}

var (
	StreetSchema = register(&Schema{Kind: Street, Geom: LineString,
		Label: Label{"Đoạn đường", "Street segment"},
		Title: []string{"name"}, Search: []string{"name", "name_en"},
		Fields: []Field{
			required(text("name", "Tên đường", "Name")),
			text("name_en", "Tên tiếng Anh", "English name"),
			required(enum("class", "Cấp đường", "Class",
				opt("main", "Đường chính", "Main street"),
				opt("secondary", "Đường nhánh", "Secondary street"),
				opt("alley", "Ngõ, hẻm", "Alley"))),
			flag("key_route", "Tuyến trọng điểm", "Key route"),
			enum("oneway", "Một chiều", "One-way",
				opt("no", "Hai chiều", "Two-way"),
				opt("forward", "Một chiều theo hướng vẽ", "One-way, drawn direction"),
				opt("backward", "Một chiều ngược hướng vẽ", "One-way, against drawn direction")),
			computed(real("length_m", "Chiều dài", "Length", "m", 0, 100000)),
			flag("lit", "Có chiếu sáng", "Lit"),
			integer("cycle_days", "Chu kỳ kiểm tra", "Inspection cycle", "ngày", 1, 3650),
			date("last_inspected", "Kiểm tra lần cuối", "Last inspected"),
			integer("osm_id", "Mã OSM", "OSM way id", "", -1e15, 1e15),
			integer("from_node", "Nút đầu", "From node", "", -1e15, 1e15),
			integer("to_node", "Nút cuối", "To node", "", -1e15, 1e15),
			// osm_part numbers the segments of one OSM way from 0 along it:
			// (osm_id, osm_part) is what a re-import matches on.
			integer("osm_part", "Phần của tuyến OSM", "Part of the OSM way", "", 0, 1e6),
		}})

	AddressSchema = register(&Schema{Kind: Address, Geom: Point,
		Label: Label{"Địa chỉ", "Address"},
		Title: []string{"housenumber", "street"}, Search: []string{"housenumber", "street"},
		Fields: []Field{
			required(text("housenumber", "Số nhà", "House number")),
			text("street", "Đường, ngõ", "Street or alley"),
			enum("osm_type", "Loại đối tượng OSM", "OSM element type",
				opt("node", "Điểm", "Node"),
				opt("way", "Tòa nhà", "Building (way)")),
			integer("osm_id", "Mã OSM", "OSM id", "", -1e15, 1e15),
		}})

	BasemapSchema = register(&Schema{Kind: Basemap, Geom: Polygon,
		Label: Label{"Nền bản đồ", "Basemap polygon"},
		Title: []string{"kind", "subkind"}, Search: []string{},
		Fields: []Field{
			required(enum("kind", "Loại", "Kind",
				opt("building", "Nhà, công trình", "Building"),
				opt("water", "Mặt nước", "Water"),
				opt("landuse", "Sử dụng đất", "Land use"))),
			text("subkind", "Phân loại", "Subkind"),
			integer("osm_id", "Mã OSM", "OSM way id", "", -1e15, 1e15),
		}})

	TreeSchema = register(&Schema{Kind: Tree, Geom: Point,
		Label: Label{"Cây xanh", "Tree"},
		Title: []string{"code", "species_vi"}, Search: []string{"code", "species_vi", "species_sci", "address"},
		Fields: []Field{
			text("code", "Mã cây", "Code"),
			text("species_vi", "Loài (tiếng Việt)", "Species (Vietnamese)"),
			text("species_sci", "Tên khoa học", "Scientific name"),
			date("planted_on", "Ngày trồng", "Planted on"),
			real("height_m", "Chiều cao", "Height", "m", 0, 60),
			real("trunk_diameter_cm", "Đường kính thân", "Trunk diameter", "cm", 0, 400),
			enum("condition", "Tình trạng", "Condition",
				opt("good", "Tốt", "Good"),
				opt("fair", "Khá", "Fair"),
				opt("poor", "Kém", "Poor"),
				opt("dangerous", "Nguy hiểm", "Dangerous"),
				opt("dead", "Chết", "Dead")),
			ref("plot_id", "Ô trồng", "Planting plot"),
			date("last_pruned", "Cắt tỉa lần cuối", "Last pruned"),
			// Set by an import on trees that share one address-level point
			// with others (a property's trees all geocoded to its address):
			// the tree exists, its exact place is still to be surveyed.
			flag("position_approximate", "Vị trí gần đúng (cần đo lại)", "Approximate position (to survey)"),
			fundingField,
			text("address", "Địa chỉ", "Address"),
			// What real inventories carry (issue 14): the day the tree was
			// surveyed, where it stands at its address, and its number
			// there (address + tree number is how a city names a tree).
			date("surveyed_on", "Ngày khảo sát", "Survey date"),
			enum("street_side", "Vị trí so với nhà", "Side of street",
				opt("front", "Mặt tiền", "Front"),
				opt("side", "Bên hông", "Side"),
				opt("rear", "Phía sau", "Rear"),
				opt("median", "Dải phân cách", "Median"),
				opt("park", "Công viên, vườn hoa", "Park"),
				opt("lot", "Khu đất", "Lot"),
				opt("left", "Bên trái đường", "Left of the street"),
				opt("right", "Bên phải đường", "Right of the street")),
			integer("tree_number", "Số thứ tự cây tại địa chỉ", "Tree number at the address", "", 0, 10000),
		}})

	LampSchema = register(&Schema{Kind: Lamp, Geom: Point,
		Label: Label{"Đèn chiếu sáng", "Street lamp"},
		Title: []string{"pole_code"}, Search: []string{"pole_code", "cabinet", "street"},
		Fields: []Field{
			text("pole_code", "Mã cột", "Pole code"),
			enum("lamp_type", "Loại đèn", "Lamp type",
				opt("led", "LED", "LED"),
				opt("sodium", "Sodium (cao áp)", "High-pressure sodium"),
				opt("metal_halide", "Metal halide", "Metal halide"),
				opt("compact", "Compact", "Compact fluorescent"),
				opt("other", "Khác", "Other")),
			real("power_w", "Công suất", "Power", "W", 0, 2000),
			text("cabinet", "Tủ điện", "Cabinet"),
			text("circuit", "Lộ", "Circuit"),
			required(enum("status", "Trạng thái", "Status",
				opt("working", "Hoạt động", "Working"),
				opt("broken", "Hỏng", "Broken"),
				opt("missing", "Mất", "Missing"))),
			fundingField,
			date("installed_on", "Ngày lắp", "Installed on"),
			text("street", "Đường", "Street"),
		}})

	PlateSchema = register(&Schema{Kind: Plate, Geom: Point,
		Label: Label{"Biển số nhà", "House-number plate"},
		Title: []string{"number", "street"}, Search: []string{"number", "street", "address"},
		Fields: []Field{
			required(text("number", "Số nhà", "Number")),
			required(text("street", "Đường, ngõ", "Street or alley")),
			text("address", "Địa chỉ", "Address"),
			required(enum("status", "Trạng thái", "Status", plateStatus...)),
			date("installed_on", "Ngày gắn", "Installed on"),
		}})

	AlleySignSchema = register(&Schema{Kind: AlleySign, Geom: Point,
		Label: Label{"Biển ngõ", "Alley sign"},
		Title: []string{"name"}, Search: []string{"name", "street"},
		Fields: []Field{
			required(text("name", "Tên ngõ", "Alley name")),
			text("street", "Thuộc đường", "On street"),
			required(enum("status", "Trạng thái", "Status", plateStatus...)),
			date("installed_on", "Ngày gắn", "Installed on"),
		}})

	DrainSchema = register(&Schema{Kind: Drain, Geom: Point,
		Label: Label{"Hố ga, cống", "Drain"},
		Title: []string{"code"}, Search: []string{"code", "street"},
		Fields: []Field{
			text("code", "Mã", "Code"),
			enum("drain_type", "Loại", "Type",
				opt("manhole", "Hố ga", "Manhole"),
				opt("culvert", "Cống", "Culvert"),
				opt("ditch", "Rãnh", "Ditch"),
				opt("grate", "Cửa thu nước", "Grate inlet")),
			required(enum("status", "Trạng thái", "Status",
				opt("clear", "Thông thoáng", "Clear"),
				opt("silted", "Bồi lắng", "Silted"),
				opt("blocked", "Tắc", "Blocked"),
				opt("broken_cover", "Vỡ nắp", "Broken cover"))),
			flag("flood_prone", "Dễ ngập", "Flood-prone"),
			date("last_dredged", "Nạo vét lần cuối", "Last dredged"),
			text("street", "Đường", "Street"),
		}})

	FloodPointSchema = register(&Schema{Kind: FloodPoint, Geom: Point,
		Label: Label{"Điểm úng ngập", "Flood point"},
		Title: []string{"name"}, Search: []string{"name", "street"},
		Fields: []Field{
			required(text("name", "Tên điểm", "Name")),
			real("depth_cm", "Độ sâu ngập", "Depth", "cm", 0, 300),
			enum("frequency", "Tần suất", "How often",
				opt("rare", "Hiếm khi", "Rarely"),
				opt("seasonal", "Mùa mưa", "In the rainy season"),
				opt("every_heavy_rain", "Mỗi trận mưa lớn", "Every heavy rain")),
			text("street", "Đường", "Street"),
			text("note", "Ghi chú", "Note"),
		}})

	PlotSchema = register(&Schema{Kind: Plot, Geom: Polygon,
		Label: Label{"Ô trồng cây", "Planting plot"},
		Title: []string{"name"}, Search: []string{"name", "planned_species"},
		Fields: []Field{
			required(text("name", "Tên ô", "Name")),
			text("planned_species", "Loài dự kiến", "Planned species"),
			real("spacing_m", "Khoảng cách trồng", "Spacing", "m", 1, 50),
			computed(integer("capacity", "Sức chứa", "Tree capacity", "cây", 0, 1e7)),
			computed(real("area_m2", "Diện tích", "Area", "m²", 0, 1e8)),
			integer("planned_year", "Năm dự kiến", "Planned year", "", 2000, 2100),
			required(enum("status", "Trạng thái", "Status",
				opt("planned", "Dự kiến", "Planned"),
				opt("approved", "Đã duyệt", "Approved"),
				opt("planting", "Đang trồng", "Planting"),
				opt("planted", "Đã trồng", "Planted"),
				opt("cancelled", "Hủy", "Cancelled"))),
		}})

	TDPSchema = register(&Schema{Kind: TDP, Geom: Polygon,
		Label: Label{"Tổ dân phố", "Residential group"},
		Title: []string{"name"}, Search: []string{"name", "code", "head"},
		Fields: []Field{
			required(text("name", "Tên tổ dân phố", "Name")),
			text("code", "Mã", "Code"),
			text("head", "Tổ trưởng", "Head"),
			integer("households", "Số hộ", "Households", "hộ", 0, 100000),
			integer("population", "Số dân", "Population", "người", 0, 1000000),
		}})

	ViolationSchema = register(&Schema{Kind: Violation, Geom: Point,
		Label: Label{"Vi phạm", "Violation"},
		Title: []string{"kind", "address"}, Search: []string{"description", "address", "record_no", "violator"},
		Fields: []Field{
			required(enum("kind", "Loại vi phạm", "Kind", ViolationKinds...)),
			text("description", "Mô tả", "Description"),
			text("address", "Địa điểm", "Address"),
			required(date("found_on", "Ngày phát hiện", "Found on")),
			text("found_by", "Người phát hiện", "Found by"),
			required(enum("status", "Trạng thái", "Status",
				opt("found", "Phát hiện", "Found"),
				opt("recorded", "Đã lập biên bản", "Record made"),
				opt("resolved", "Đã khắc phục", "Resolved"),
				opt("recurred", "Tái phạm", "Recurred"),
				opt("escalated", "Chuyển cấp trên", "Escalated"))),
			text("record_no", "Số biên bản", "Record number"),
			date("record_date", "Ngày lập biên bản", "Record date"),
			private(text("violator", "Người vi phạm", "Violator")),
			date("deadline", "Hạn khắc phục", "Deadline"),
			text("unit", "Đơn vị xử lý", "Unit responsible"),
			ref("street_id", "Đoạn đường", "Street segment"),
			ref("report_id", "Phản ánh", "Field report"),
		}})

	ReportSchema = register(&Schema{Kind: Report, Geom: Point,
		Label: Label{"Phản ánh hiện trường", "Field report"},
		Title: []string{"category", "address"}, Search: []string{"text", "address", "public_answer"},
		Fields: []Field{
			required(enum("channel", "Kênh tiếp nhận", "Channel",
				opt("portal", "Cổng thông tin", "Web portal"),
				opt("zalo", "Zalo OA", "Zalo OA"),
				opt("hotline", "Đường dây nóng", "Hotline"),
				opt("inspector", "Cán bộ kiểm tra", "Inspector"),
				opt("tdp_head", "Tổ trưởng TDP", "TDP head"),
				opt("open311", "Open311", "Open311 partner"),
				opt("other", "Khác", "Other"))),
			required(enum("category", "Lĩnh vực", "Category", ReportCategories...)),
			required(maxLen(text("text", "Nội dung", "Text"), ReportTextMax)),
			text("address", "Địa điểm", "Address"),
			required(when("received_at", "Thời điểm tiếp nhận", "Received at")),
			date("deadline", "Hạn xử lý", "Deadline"),
			text("unit", "Đơn vị xử lý", "Unit assigned"),
			required(enum("status", "Trạng thái", "Status",
				opt("received", "Đã tiếp nhận", "Received"),
				opt("assigned", "Đã giao xử lý", "Assigned"),
				opt("in_progress", "Đang xử lý", "In progress"),
				opt("answered", "Đã trả lời", "Answered"),
				opt("closed", "Đã đóng", "Closed"),
				opt("duplicate", "Trùng lặp", "Duplicate"),
				opt("not_competent", "Không thuộc thẩm quyền", "Not within competence"))),
			text("public_answer", "Trả lời công khai", "Public answer"),
			private(text("private_note", "Ghi chú nội bộ", "Private note")),
			private(text("reporter_name", "Người phản ánh", "Reporter")),
			private(text("reporter_phone", "Điện thoại", "Phone")),
			ref("duplicate_of", "Trùng với", "Duplicate of"),
			text("reason", "Lý do", "Reason"),
			date("closed_on", "Ngày đóng", "Closed on"),
		}})

	InspectionSchema = register(&Schema{Kind: Inspection,
		Label: Label{"Kiểm tra", "Inspection"},
		Title: []string{"target_kind", "inspected_at"}, Search: []string{"inspector", "notes"},
		Fields: []Field{
			required(text("target_kind", "Loại đối tượng", "Target kind")),
			required(ref("target_id", "Đối tượng", "Target")),
			required(when("inspected_at", "Thời điểm", "Inspected at")),
			text("inspector", "Người kiểm tra", "Inspector"),
			required(enum("result", "Kết quả", "Result",
				opt("ok", "Đạt", "OK"),
				opt("issue", "Có vấn đề", "Issue found"))),
			text("notes", "Ghi nhận", "Findings"),
			ref("violation_id", "Vi phạm", "Violation"),
			ref("track_id", "Nhật ký GPS", "GPS track"),
			enum("activity", "Nội dung", "Activity",
				opt("inspection", "Kiểm tra", "Inspection"),
				opt("cleaning", "Vệ sinh", "Cleaning"),
				opt("repair", "Sửa chữa", "Repair")),
		}})

	AttachmentSchema = register(&Schema{Kind: Attachment,
		Label: Label{"Tệp đính kèm", "Attachment"},
		Title: []string{"filename"}, Search: []string{"filename", "note"},
		Fields: []Field{
			required(text("owner_kind", "Loại đối tượng", "Owner kind")),
			required(ref("owner_id", "Thuộc về", "Owner")),
			required(text("sha256", "Mã băm SHA-256", "SHA-256")),
			text("filename", "Tên tệp", "File name"),
			text("mime", "Kiểu tệp", "MIME type"),
			integer("size_bytes", "Dung lượng", "Size", "byte", 0, 1<<40),
			when("taken_at", "Thời điểm chụp", "Taken at"),
			text("note", "Ghi chú", "Note"),
		}})
)
