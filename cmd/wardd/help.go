package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Help texts, Vietnamese first then English, printed on stdout for -h,
// -help and --help with exit status 0 (a person asked for them).

const warddHelp = `Cách dùng (usage): wardd --db FILE|postgres://… [--listen ADDR] [--tls-cert F --tls-key F] [--ward ID]
             [--public-layers tree,lamp,…]
       wardd user add|passwd|disable|enable NAME --db … [--role ROLE] [--tdp ID]

Máy chủ trung tâm của phường: API đồng bộ (/api/v1), Open311 GeoReport v2
(/open311/v2/), trang phản ánh công khai (/phan-anh/) và OGC API – Features
(/ogc: QGIS, GDAL "OAPIF:http://…/ogc").
The ward's central server: the sync API (/api/v1), Open311 GeoReport v2
(/open311/v2/), the public report page (/phan-anh/) and OGC API – Features
(/ogc: QGIS, GDAL "OAPIF:http://…/ogc").
Bảng chỉ tiêu cho lãnh đạo (the leaders' dashboard): /dashboard/

OGC API (/ogc): mỗi loại là một tập (collection); người đã đăng nhập đọc mọi
tập với "Authorization: Bearer TOKEN" (phiên của API đồng bộ); chỉ các lớp
tài sản trong --public-layers mở cho mọi người; phản ánh và vi phạm không
bao giờ công khai ở đây, trường riêng tư chỉ đến vai trò xử lý phản ánh.
limit tối đa 1000 (mặc định 100), trang tối đa 16 MiB.
OGC API (/ogc): one collection per kind; logged-in users read every
collection with "Authorization: Bearer TOKEN" (the sync API's sessions);
only the asset layers in --public-layers are open to anyone; reports and
violations are never public here, and private fields reach only the roles
that handle reports. limit at most 1000 (default 100), a page at most 16 MiB.

Ví dụ (example):
  wardd --db ward.db --listen :8443 --tls-cert cert.pem --tls-key key.pem
  wardd --db postgres://wardd@localhost/wardd --listen 127.0.0.1:8080
  wardd --db ward.db --public-layers tree,lamp     # ogrinfo OAPIF:http://localhost:8080/ogc
`

const userHelp = `Cách dùng (usage): wardd user add|passwd|disable|enable NAME --db FILE|postgres://… [--role ROLE] [--tdp ID] [--ward ID]

Quản lý tài khoản: add tạo (hỏi mật khẩu, hoặc đọc từ stdin), passwd đổi mật
khẩu, disable / enable khóa và mở tài khoản.
Manages accounts: add creates one (the password is asked, or read from
stdin), passwd changes it, disable / enable lock and unlock an account.

Ví dụ (example):
  wardd user add lan --db ward.db --role tdp_head --tdp TDP-03
  wardd user disable binh --db ward.db
`

// flagVI is the Vietnamese meaning of each flag; its usage (English) follows.
var flagVI = map[string]string{
	"db": "cơ sở dữ liệu", "listen": "địa chỉ lắng nghe", "tls-cert": "chứng chỉ TLS",
	"tls-key": "khóa TLS", "ward": "phường", "open311-keys": "tệp khóa api của đối tác Open311",
	"public-layers": "lớp tài sản công khai qua OGC API",
	"role":          "vai trò", "tdp": "tổ dân phố",
}

// helpUsage makes fs print text and its flags to w on -h.
func helpUsage(fs *flag.FlagSet, w io.Writer, text string) {
	fs.Usage = func() {
		fmt.Fprint(w, text)
		fmt.Fprintln(w, "\nTham số (flags):")
		fs.VisitAll(func(f *flag.Flag) {
			line := "  --" + f.Name
			text := f.Usage
			if vi := flagVI[f.Name]; vi != "" {
				text = vi + " (" + f.Usage + ")"
			}
			if !slices.Contains([]string{"", "0", "false"}, f.DefValue) {
				text += "; mặc định (default): " + f.DefValue
			}
			fmt.Fprintf(w, "%-18s %s\n", line, text)
		})
	}
}

func isHelpArg(a string) bool { return a == "-h" || a == "-help" || a == "--help" || a == "help" }

// userVerbs are the verbs of wardd user.
var userVerbs = []string{"add", "passwd", "disable", "enable"}

func userUsage(w io.Writer) {
	fmt.Fprint(w, userHelp)
	fmt.Fprintf(w, "\nLệnh con (verbs): %s\n", strings.Join(userVerbs, ", "))
}
