package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// helpText is what `wardmap CMD --help` prints above the flags: the
// synopsis, what the command does (Vietnamese, then English) and an example.
// The flags themselves come from the command's own FlagSet, so they cannot
// drift from what the command accepts.
type helpText struct {
	usage   string // after "wardmap "
	vi, en  string
	example string
	// noFlags: the command has no flag set, so help is printed without
	// running it (it would otherwise do its work).
	noFlags bool
}

// helps is keyed by the command's path: "stats", "import features".
// TestEveryCommandHasHelp fails when a command or subcommand lacks one.
var helps = map[string]helpText{
	"": {usage: "[--db FILE] [--view lon,lat,zoom]",
		vi:      "Mở cửa sổ bản đồ (cơ sở dữ liệu lần trước, hoặc bản sao phường mẫu).",
		en:      "Opens the map window (the last database, or a copy of the demo ward).",
		example: "wardmap --db phuong.gpkg"},
	"version": {usage: "version", vi: "In phiên bản.", en: "Prints the version.", example: "wardmap version", noFlags: true},
	"init": {usage: "init --db FILE [--demo]",
		vi:      "Tạo cơ sở dữ liệu phường mới (GeoPackage), trống hoặc với phường mẫu.",
		en:      "Creates a new ward database (a GeoPackage), empty or holding the demo ward.",
		example: "wardmap init --db phuong.gpkg --demo"},
	"query": {usage: "query --db FILE --kind KIND [--bbox …] [--search TEXT] [--near lon,lat --limit N] [--json]",
		vi:      "Tìm đối tượng theo vùng, chữ (không phân biệt dấu) hoặc gần một điểm.",
		en:      "Finds features by area, by text (diacritics ignored) or near a point.",
		example: `wardmap query --db phuong.gpkg --kind street --search "tran thanh ngo"`},
	"stats": {usage: "stats --db FILE [--json]",
		vi:      "Số đối tượng theo loại và khung bao của phường.",
		en:      "Counts per kind and the ward's bounding box.",
		example: "wardmap stats --db phuong.gpkg"},
	"export": {usage: "export OUT --db FILE --kind KIND [--crs EPSG:NNNN] [--public]",
		vi:      "Xuất một loại đối tượng ra .geojson, .csv, .gpkg hoặc .kml (theo đuôi tệp OUT).",
		en:      "Writes one kind to .geojson, .csv, .gpkg or .kml (by OUT's extension).",
		example: "wardmap export cay.gpkg --db phuong.gpkg --kind tree --crs EPSG:9210"},
	"import": {usage: "import osm|features FILE --db FILE …",
		vi:      "Nhập dữ liệu: đường phố từ OpenStreetMap, hoặc danh mục cây, đèn… của đơn vị khác.",
		en:      "Imports data: streets from OpenStreetMap, or another body's inventory of trees, lamps…",
		example: "wardmap import osm kienan.osm.pbf --db phuong.gpkg"},
	"import osm": {usage: "import osm FILE.osm|.osm.gz|.osm.pbf --db FILE [--boundary POLYGON.geojson] [--quiet]",
		vi:      "Đoạn đường, địa chỉ và nền bản đồ từ OpenStreetMap; nhập lại giữ mã và lịch sử kiểm tra của đoạn đường.",
		en:      "Street segments, addresses and the basemap from OpenStreetMap; a re-import keeps segments' ids and inspections.",
		example: "wardmap import osm kienan.osm.pbf --db phuong.gpkg --boundary ranh-gioi.geojson"},
	"import features": {usage: "import features FILE --db FILE --kind KIND [--map M.json] [--crs EPSG:n] [--dry-run] [--rejects R.csv]",
		vi:      "Nhập danh mục (GeoJSON, CSV) qua bảng ánh xạ cột; mọi dòng bị loại đều được báo kèm lý do.",
		en:      "Imports an inventory (GeoJSON, CSV) through a column mapping; every rejected row is reported with its reason.",
		example: "wardmap import features cay.geojson --db phuong.gpkg --kind tree --map cay.map.json --rejects bi-loai.csv"},
	"crs": {usage: "crs convert|list",
		vi:      "Đổi tọa độ giữa WGS 84, VN-2000 và Web Mercator.",
		en:      "Converts coordinates between WGS 84, VN-2000 and Web Mercator.",
		example: "echo '106.63 20.82' | wardmap crs convert --from EPSG:4326 --to EPSG:9210"},
	"crs convert": {usage: "crs convert --from EPSG:A --to EPSG:B  (dòng \"x y\" từ stdin / \"x y\" lines on stdin)",
		vi:      "Đổi từng dòng \"x y\": kinh độ vĩ độ cho hệ địa lý, E N cho hệ phẳng.",
		en:      "Converts each \"x y\" line: lon lat for geographic systems, E N for projected ones.",
		example: "echo '106.63 20.82' | wardmap crs convert --from EPSG:4326 --to EPSG:9210"},
	"crs list": {usage: "crs list", vi: "Các hệ tọa độ được hỗ trợ.", en: "The supported coordinate systems.",
		example: "wardmap crs list"},
	"indicators": {usage: "indicators --db FILE [--period P] [--date D] [--scope ward|tdp|street] [--json] [--drill CODE] | figure|targets|set …",
		vi:      "Các chỉ tiêu của kế hoạch: giá trị, mục tiêu, tiến độ, trạng thái.",
		en:      "The plan's targets: value, target, progress, status.",
		example: "wardmap indicators --db phuong.gpkg --period 2026-Q4 --scope tdp"},
	"indicators figure": {usage: "indicators figure --db FILE --code CODE --period P --value V --user NAME [--tdp ID | --org NAME]",
		vi:      "Nhập số liệu báo cáo của tổ dân phố hoặc đơn vị.",
		en:      "Enters a reported figure of a TDP or a unit.",
		example: "wardmap indicators figure --db phuong.gpkg --code VH-01 --period 2026 --value 92 --tdp TDP-03 --user lan"},
	"indicators targets": {usage: "indicators targets --db FILE [--date D] [--json]",
		vi:      "Danh mục chỉ tiêu và tham số công thức đang áp dụng.",
		en:      "The catalogue of targets and the formula parameters in force.",
		example: "wardmap indicators targets --db phuong.gpkg"},
	"indicators set": {usage: "indicators set NAME VALUE | CODE --baseline X --target Y --from DATE --user NAME --db FILE",
		vi:      "Đổi một tham số hoặc mục tiêu, có hiệu lực từ một ngày (giữ phiên bản cũ).",
		en:      "Changes a parameter or a target from a day on (the old version is kept).",
		example: "wardmap indicators set MT-05 --target 250 --from 2027-01-01 --user an --db phuong.gpkg"},
	"bulletin": {usage: "bulletin --db FILE --period P --out FILE.xlsx|FILE.pdf [--unit NAME]",
		vi:      "Báo cáo định kỳ (quý, 6 tháng, năm) các chỉ tiêu ra XLSX hoặc PDF.",
		en:      "The periodic (quarterly, half-year, annual) report of the targets, as XLSX or PDF.",
		example: "wardmap bulletin --db phuong.gpkg --period 2026-H2 --out bao-cao.pdf"},
	"due": {usage: "due --db FILE [--date D] [--start D] [--limit N] [--json]",
		vi:      "Việc kiểm tra đến hạn và quá hạn theo loại và đoạn phố (tổ dân phố, phố cắt ngang, cách UBND), quá hạn lâu nhất trước; --json giữ mã các cạnh của mỗi đoạn.",
		en:      "What is due or overdue for inspection, by kind and street section (TDP, cross streets, distance from the office), most overdue first; --json keeps each section's edge ids.",
		example: "wardmap due --db phuong.gpkg --date 2026-12-07 --limit 20"},
	"cycles": {usage: "cycles --db FILE [set KIND[/CLASS] DAYS --user NAME | start YYYY-MM-DD|none]",
		vi:      "Chu kỳ kiểm tra theo loại: xem, đặt số ngày, hoặc ngày phường bắt đầu (việc chưa kiểm tra lần nào chia đều trong chu kỳ đầu).",
		en:      "Inspection cycles per kind: list them, set the days, or the ward's start (never inspected records are spread over their first cycle).",
		example: "wardmap cycles --db phuong.gpkg set lamp 30 --user an"},
	"assignments": {usage: "assignments --db FILE [--to U] [--day D] | add --to U --day D [--targets ID,…] --user U | done|cancel ID --user U",
		vi:      "Phân công kiểm tra: ai kiểm tra gì, ngày nào (được đồng bộ).",
		en:      "Inspection assignments: who inspects what, on which day (synced).",
		example: "wardmap assignments --db phuong.gpkg add --to binh --day 2026-12-08 --user an"},
	"route": {usage: "route plan|tsp|vrp …",
		vi:      "Lộ trình: kế hoạch kiểm tra trong ngày chia cho cán bộ, hoặc bộ giải TSPLIB.",
		en:      "Routes: the day's inspection plan split among inspectors, or the TSPLIB solver.",
		example: "wardmap route plan --db phuong.gpkg --inspectors 3 --out lo-trinh"},
	"route plan": {usage: "route plan --db FILE [--date D] [--inspectors N] [--shift 4h] [--profile walk|motorbike] [--start lon,lat] [--starts \"lon,lat;lon,lat\"] [--device generic|garmin-legacy] --out DIR",
		vi:      "Lập lộ trình tối ưu qua việc đến hạn, chia cho cán bộ; mỗi người một tệp GPX và một phiếu lộ trình PDF để in (inspector-N.gpx, inspector-N.pdf). Mặc định mọi người xuất phát từ trụ sở; --starts cho mỗi cán bộ một điểm xuất phát riêng (để trống: trụ sở).",
		en:      "Plans optimised routes over what is due, split among inspectors; each gets a GPX file and a printable route sheet PDF (inspector-N.gpx, inspector-N.pdf). Everyone leaves from the office unless --starts gives each inspector their own start (an empty entry: the office).",
		example: "wardmap route plan --db phuong.gpkg --date 2026-12-07 --inspectors 2 --out lo-trinh"},
	"route tsp": {usage: "route tsp FILE.tsp [--time-limit 2s]",
		vi:      "Giải một bài TSPLIB và in độ dài cùng hành trình (để so với kết quả đã công bố).",
		en:      "Solves a TSPLIB instance and prints the length and the tour (to check against published optima).",
		example: "wardmap route tsp berlin52.tsp --time-limit 2s"},
	"route vrp": {usage: "route vrp FILE.vrp [--time-limit 10s] [--seed N] [--cpu-time]",
		vi:      "Giải một bài CVRPLIB (CVRP hoặc VRPTW) và in lời giải dạng .sol (để so với lời giải tốt nhất đã biết).",
		en:      "Solves a CVRPLIB instance (CVRP or VRPTW) and prints the solution in .sol form (to check against best-known solutions).",
		example: "wardmap route vrp X-n101-k25.vrp --time-limit 10s"},
	"track": {usage: "track import FILE.gpx --db FILE [--inspector NAME] [--tolerance 20m] [--json]",
		vi:      "Nhập nhật ký GPS của máy cầm tay: đánh dấu các đoạn đường đã thực sự đi qua.",
		en:      "Imports a handheld's GPS track log: marks the streets actually covered.",
		example: "wardmap track import ngay-7.gpx --db phuong.gpkg --inspector binh"},
	"track import": {usage: "track import FILE.gpx --db FILE [--inspector NAME] [--tolerance 20m] [--json]",
		vi:      "Nhập nhật ký GPS của máy cầm tay: đánh dấu các đoạn đường đã thực sự đi qua.",
		en:      "Imports a handheld's GPS track log: marks the streets actually covered.",
		example: "wardmap track import ngay-7.gpx --db phuong.gpkg --inspector binh"},
	"reports": {usage: "reports --db FILE [--status S] [--overdue] [--json] | assign|progress|answer|close|duplicate|reject ID … --user U",
		vi:      "Phản ánh hiện trường của người dân: xem, lọc, giao, trả lời, đóng.",
		en:      "Citizens' field reports: list, filter, assign, answer, close.",
		example: `wardmap reports --db phuong.gpkg answer 7f3c… --text "Đã thu gom" --user an`},
	"violations": {usage: "violations --db FILE [--kind K] [--hotspots] [--routes] [--json] | record|reinspect ID … --user U",
		vi:      "Vi phạm như hồ sơ: danh sách, tái diễn, điểm nóng, lập biên bản, tái kiểm tra.",
		en:      "Violations as cases: list, repeats, hotspots, write the record, re-inspect.",
		example: "wardmap violations --db phuong.gpkg --hotspots"},
	"login": {usage: "login --server URL --user NAME",
		vi:      "Đăng nhập máy chủ phường; mật khẩu hỏi không hiện (hoặc từ stdin); phiên lưu quyền 0600.",
		en:      "Logs in to the ward server; the password is asked without echo (or read from stdin); the session is kept 0600.",
		example: "wardmap login --server https://wardd.kienan.vn --user binh"},
	"sync": {usage: "sync --db FILE [--server URL] [--bbox …] [--kinds K,…]",
		vi:      "Gửi thay đổi, nhận thay đổi và ảnh từ máy chủ phường; chạy lại an toàn.",
		en:      "Pushes changes, pulls changes and photos from the ward server; safe to re-run.",
		example: "wardmap sync --db phuong.gpkg"},
	"conflicts": {usage: "conflicts --db FILE [--json] | resolve ID mine|theirs|edit [--value V]",
		vi:      "Xem và xử lý xung đột đồng bộ: giữ của tôi, lấy của máy chủ, hoặc sửa.",
		en:      "Lists and resolves sync conflicts: keep mine, take theirs, or edit.",
		example: "wardmap conflicts --db phuong.gpkg resolve 12 mine"},
	"history": {usage: "history --db FILE [--server URL] [--json] ID",
		vi:      "Lịch sử thay đổi của một bản ghi trên máy chủ.",
		en:      "A record's history of changes on the server.",
		example: "wardmap history --db phuong.gpkg 5b1e…"},
}

// flagVI is the Vietnamese meaning of a flag, by "command/flag" or by flag
// name alone; the flag's own usage (English) follows it in brackets.
var flagVI = map[string]string{
	"db": "tệp cơ sở dữ liệu phường", "kind": "loại đối tượng", "json": "in dạng JSON",
	"date": "ngày", "user": "người thực hiện", "note": "ghi chú", "period": "kỳ",
	"crs": "hệ tọa độ", "bbox": "vùng", "limit": "số dòng tối đa", "search": "chữ cần tìm",
	"near": "gần điểm", "lang": "ngôn ngữ", "demo": "dữ liệu phường mẫu", "public": "bỏ trường riêng tư",
	"map": "tệp ánh xạ cột", "extent": "vùng hợp lệ", "rejects": "tệp CSV các dòng bị loại", "report": "tên cũ của --rejects",
	"dry-run": "chỉ kiểm tra, không ghi", "strict": "không nhập gì nếu có dòng bị loại",
	"boundary": "ranh giới", "quiet": "không in tiến trình", "scope": "phạm vi", "drill": "chi tiết một chỉ tiêu",
	"tdp": "tổ dân phố", "org": "đơn vị", "code": "mã chỉ tiêu", "value": "giá trị", "from": "từ",
	"to": "đến", "baseline": "giá trị gốc", "baseline-period": "kỳ gốc", "target": "mục tiêu",
	"out": "tệp hoặc thư mục ra", "unit": "đơn vị", "inspectors": "số cán bộ", "shift": "độ dài ca",
	"profile": "cách đi", "start": "điểm xuất phát", "device": "loại máy GPS", "time-limit": "thời gian giải",
	"inspector": "cán bộ", "tolerance": "sai số cho phép", "status": "trạng thái", "overdue": "chỉ việc quá hạn",
	"deadline": "hạn", "text": "câu trả lời công khai", "reason": "lý do", "of": "phản ánh gốc",
	"hotspots": "điểm nóng", "radius": "bán kính (m)", "threshold": "ngưỡng", "geojson": "in GeoJSON",
	"routes": "theo tuyến trọng điểm", "no": "số biên bản", "days": "số ngày khắc phục", "violator": "người vi phạm",
	"outcome": "kết quả", "season": "tháng đến hạn thêm", "targets": "mã đối tượng", "day": "ngày",
	"view": "khung nhìn đầu", "server": "máy chủ", "retries": "số lần thử lại", "kinds": "các loại",
	"assignments/to": "người được giao", "crs convert/from": "hệ nguồn", "crs convert/to": "hệ đích",
	"indicators set/from": "ngày có hiệu lực", "bulletin/unit": "cơ quan ban hành",
	"reports/unit": "đơn vị xử lý", "track import/tolerance": "khoảng cách tối đa tới đường",
}

// helpRequest is returned by parseFlags for -h/--help: run prints the
// command's help from its FlagSet and exits 0.
type helpRequest struct{ fs *flag.FlagSet }

func (helpRequest) Error() string        { return "help requested" }
func (helpRequest) Is(target error) bool { return target == flag.ErrHelp }

// wantsHelp says whether a command line asks for help: -h, -help or --help
// before a "--", or "help" as the command's first word.
func wantsHelp(args []string) bool {
	if len(args) > 0 && args[0] == "help" {
		return true
	}
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// helpPath is the longest command path in helps that args start with:
// ["import", "features", "x.csv", "-h"] → "import features".
func helpPath(args []string) string {
	path := ""
	for _, a := range args {
		if strings.HasPrefix(a, "-") || a == "help" {
			continue
		}
		next := strings.TrimSpace(path + " " + a)
		if n, ok := formerNames[next]; ok {
			next = n
		}
		if _, ok := helps[next]; !ok {
			break
		}
		path = next
	}
	return path
}

// runHelp prints the help of the command args name (without "help" or the
// help flag): a group's verbs, or a leaf's text and flags. A leaf is run with
// --help so that its FlagSet, the one it really parses, lists the flags;
// every leaf parses its flags before doing anything.
func runHelp(ctx context.Context, e *env, c command, args []string) error {
	var words []string
	for _, a := range args {
		if a != "help" && a != "-h" && a != "-help" && a != "--help" {
			words = append(words, a)
		}
	}
	path := helpPath(words)
	h := helps[path]
	printHelpText(e.stdout, path, h)
	if subs := subcommandsOf(path); len(subs) > 0 && !hasFlags(path) {
		fmt.Fprintln(e.stdout, "\nLệnh con (subcommands):")
		for _, s := range subs {
			fmt.Fprintf(e.stdout, "  wardmap %-20s %s\n", s, helps[s].vi)
		}
		fmt.Fprintf(e.stdout, "\nXem (see) %s LỆNH --help\n", strings.TrimSpace("wardmap "+path))
		return nil
	}
	if h.noFlags {
		return nil
	}
	var rest []string
	if f := strings.Fields(path); len(f) > 1 {
		rest = f[1:]
	}
	err := c.run(ctx, &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, append(rest, "--help"))
	var hr helpRequest
	if !errors.As(err, &hr) {
		return fmt.Errorf("wardmap %s: không in được trợ giúp (help not available): %v", path, err)
	}
	printFlags(e.stdout, path, hr.fs)
	if subs := subcommandsOf(path); len(subs) > 0 {
		fmt.Fprintln(e.stdout, "\nLệnh con (subcommands):")
		for _, s := range subs {
			fmt.Fprintf(e.stdout, "  wardmap %-20s %s\n", s, helps[s].vi)
		}
		fmt.Fprintf(e.stdout, "\nXem (see) %s LỆNH --help\n", strings.TrimSpace("wardmap "+path))
	}
	if path == "" {
		fmt.Fprintln(e.stdout, "\nLoại (kinds):", kindNames())
	}
	return nil
}

func printHelpText(w io.Writer, path string, h helpText) {
	fmt.Fprintf(w, "Cách dùng (usage): wardmap %s\n\n%s\n%s\n", h.usage, h.vi, h.en)
	if h.example != "" {
		fmt.Fprintf(w, "\nVí dụ (example):\n  %s\n", h.example)
	}
}

// hasFlags: commands that are both a leaf with flags and a group
// (indicators and its report/targets/set).
func hasFlags(path string) bool { return path == "" || path == "indicators" }

func subcommandsOf(path string) []string {
	var subs []string
	for k := range helps {
		if parent, _, ok := cutLast(k); ok && parent == path {
			subs = append(subs, k)
		}
	}
	sort.Strings(subs)
	return subs
}

func cutLast(path string) (string, string, bool) {
	i := strings.LastIndexByte(path, ' ')
	if i < 0 {
		return "", path, path != ""
	}
	return path[:i], path[i+1:], true
}

func printFlags(w io.Writer, path string, fs *flag.FlagSet) {
	var fls []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { fls = append(fls, f) })
	if len(fls) == 0 {
		return
	}
	fmt.Fprintln(w, "\nTham số (flags):")
	for _, f := range fls {
		name, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if name == "string" {
			name = strings.ToUpper(f.Name) // --db DB, --period PERIOD
		}
		if name != "" {
			head += " " + name
		}
		text := usage
		if vi := flagMeaning(path, f.Name); vi != "" && !containsVietnamese(usage) {
			text = vi + " (" + usage + ")"
		}
		if !isZeroDefault(f) {
			text += "; mặc định (default): " + f.DefValue
		}
		fmt.Fprintf(w, "%-24s %s\n", head, text)
	}
}

func flagMeaning(path, name string) string {
	if vi, ok := flagVI[path+"/"+name]; ok {
		return vi
	}
	return flagVI[name]
}

// containsVietnamese: a usage already written "tiếng Việt (English)".
func containsVietnamese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r > 0x7f && r != '…' && r != '–' && r != '⇄' })
}

func isZeroDefault(f *flag.Flag) bool {
	return slices.Contains([]string{"", "0", "false", "0s"}, f.DefValue)
}
