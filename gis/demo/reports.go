package demo

import (
	"fmt"
	"strconv"

	"wardmap/gis"
)

const reportCount = 80

var (
	reportStatuses = []string{"received", "assigned", "in_progress", "answered", "closed", "duplicate", "not_competent"}
	reportChannels = []string{"portal", "zalo", "hotline", "inspector", "tdp_head", "open311", "other"}
)

// reportTopic is what a category of report says and who handles it.
type reportTopic struct {
	category string
	weight   float64
	text     string // %s is the place, "số 45 Trần Thành Ngọ"
	unit     string
	answer   string // %s is the day the work was done
	refusal  string // why it is not the ward's to handle
}

var reportTopics = []reportTopic{
	{"waste", 16, "Rác thải tập kết bừa bãi trước %s, bốc mùi nhiều ngày chưa được thu gom", unitServices,
		"Ngày %s, Trung tâm dịch vụ sự nghiệp công đã thu gom, làm sạch điểm rác. Cảm ơn ông/bà đã phản ánh.",
		"Điểm rác nằm trong khuôn viên doanh nghiệp, đã chuyển doanh nghiệp tự xử lý"},
	{"encroachment", 16, "Hàng quán bày bán lấn chiếm hết vỉa hè trước %s, người đi bộ phải xuống lòng đường", unitOrder,
		"Ngày %s, Đội trật tự đô thị phường đã kiểm tra, nhắc nhở và yêu cầu hộ kinh doanh thu dọn.",
		"Khu vực thuộc đất dự án do thành phố quản lý, đã chuyển Sở Xây dựng"},
	{"lighting", 14, "Đèn đường trước %s không sáng %d ngày nay", unitServices,
		"Ngày %s, đơn vị quản lý chiếu sáng đã thay bộ đèn, đèn đã sáng trở lại.",
		"Đèn thuộc lưới điện của Công ty Điện lực Kiến An, đã chuyển Điện lực xử lý"},
	{"trees", 8, "Cây xanh trước %s nghiêng, có nguy cơ đổ khi mưa bão", unitServices,
		"Ngày %s, đã cắt tỉa, chằng chống cây. Cây được theo dõi định kỳ.",
		"Cây nằm trong khuôn viên nhà dân, hướng dẫn chủ hộ tự cắt tỉa"},
	{"drainage", 10, "Hố ga trước %s bị vỡ nắp, nước đọng mỗi khi mưa", unitUrban,
		"Ngày %s, đã thay nắp hố ga và nạo vét đoạn cống.",
		"Tuyến cống do Công ty Thoát nước Hải Phòng quản lý, đã chuyển công ty xử lý"},
	{"roads", 8, "Vỉa hè trước %s bị sụt lún, gạch bong tróc gây nguy hiểm", unitUrban,
		"Ngày %s, đã lát lại đoạn vỉa hè hư hỏng.",
		"Tuyến đường do thành phố quản lý, đã chuyển Sở Xây dựng"},
	{"illegal_ads", 8, "Quảng cáo rao vặt dán kín cột điện, tường rào trước %s", unitOrder,
		"Ngày %s, Đội trật tự đô thị đã bóc xóa quảng cáo, rao vặt trái phép.",
		"Biển quảng cáo đã được Sở Văn hóa cấp phép"},
	{"construction", 8, "Công trình trước %s đổ vật liệu xây dựng ra lòng đường, không che chắn", unitUrban,
		"Ngày %s, đã lập biên bản, yêu cầu chủ công trình thu dọn và che chắn.",
		"Công trình do thành phố cấp phép và thanh tra, đã chuyển Thanh tra Sở Xây dựng"},
	{"security", 6, "Nhóm thanh niên tụ tập gây ồn ào đêm khuya tại %s", unitPolice,
		"Ngày %s, Công an phường đã tăng cường tuần tra khu vực.",
		"Tranh chấp dân sự giữa các hộ, hướng dẫn gửi đơn đến Tòa án nhân dân"},
	{"other", 6, "Đề nghị lắp gương cầu lồi tại khúc cua gần %s", unitUrban,
		"Ngày %s, phường đã đưa vào kế hoạch lắp đặt năm 2027.",
		"Nội dung không thuộc thẩm quyền của phường, đã hướng dẫn người dân"},
}

// place is a generated address on a street: where, the street segment,
// and how people write it.
type place struct {
	at     xy
	piece  int
	street string
	number int
}

func (p place) text() string  { return "số " + strconv.Itoa(p.number) + " " + p.street }
func (p place) title() string { return "Số " + strconv.Itoa(p.number) + " " + p.street }

// randomPlace picks a house-fronted spot, on main streets most often.
func (b *builder) randomPlace(g *gen) place {
	pieces := b.piecesOf([]string{"main", "secondary", "alley"}[g.weighted(60, 25, 15)])
	for {
		i := pick(g, pieces)
		p := b.net.pieces[i]
		sts := stations(p.pts, 5, 10, 5)
		if len(sts) == 0 {
			continue
		}
		st := pick(g, sts)
		side := 1.0
		if g.chance(0.5) {
			side = -1
		}
		return place{at: st.at.add(st.dir.left().scale(side * 8)), piece: i,
			street: b.pieceLine(i).name, number: houseNumber(p.d0+st.d, side > 0)}
	}
}

// makeReports files field reports in every status and through every
// channel; the open ones are recent, as they would be.
func (b *builder) makeReports() {
	g := newGen(10)
	ws := make([]float64, len(reportTopics))
	for i, t := range reportTopics {
		ws[i] = t.weight
	}
	for i := range reportCount {
		topic := reportTopics[g.weighted(ws...)]
		status := reportStatuses[i%len(reportStatuses)]
		channel := reportChannels[(i+i/len(reportStatuses))%len(reportChannels)]
		b.reports = append(b.reports, b.report(g, topic, status, channel))
	}
}

func (b *builder) report(g *gen, t reportTopic, status, channel string) *gis.Feature {
	pl := b.randomPlace(g)
	f := g.feature(gis.Report, toLonLat(pl.at))
	received := g.date(day(2026, 1, 5), day(2026, 11, 10))
	if status == "received" || status == "assigned" || status == "in_progress" {
		received = g.date(day(2026, 11, 10), demoToday)
	}
	var earlier *gis.Feature
	if status == "duplicate" {
		// The same problem, reported again a day or two after the first.
		if earlier = b.earlierReport(g, t.category); earlier != nil {
			rt, _ := earlier.Time("received_at")
			received = gis.LocalDate(rt).AddDays(1 + g.r.IntN(2))
		}
	}
	f.Attrs["status"] = status
	f.Attrs["channel"] = channel
	f.Attrs["category"] = t.category
	text := fmt.Sprintf(t.text, pl.text())
	if t.category == "lighting" {
		text = fmt.Sprintf(t.text, pl.text(), 2+g.r.IntN(6))
	}
	f.Attrs["text"] = text
	f.Attrs["address"] = pl.title()
	f.Attrs["received_at"] = g.workTime(received, 6, 22)
	f.Attrs["reporter_name"] = personName(g)
	f.Attrs["reporter_phone"] = fakePhone(g)
	if status == "received" {
		return f
	}
	deadline := received.AddDays(10)
	f.Attrs["deadline"] = deadline
	f.Attrs["unit"] = t.unit
	switch status {
	case "answered", "closed":
		done := received.AddDays(1 + g.r.IntN(12)) // a few run late
		f.Attrs["public_answer"] = fmt.Sprintf(t.answer, done.String())
		if status == "closed" {
			f.Attrs["closed_on"] = done.AddDays(g.r.IntN(3))
		}
	case "duplicate":
		if earlier != nil {
			f.Attrs["duplicate_of"] = earlier.ID
			rt, _ := earlier.Time("received_at")
			f.Attrs["reason"] = "Trùng với phản ánh tiếp nhận ngày " + gis.LocalDate(rt).String()
		} else {
			f.Attrs["reason"] = "Trùng với phản ánh đã tiếp nhận qua đường dây nóng"
		}
		f.Attrs["closed_on"] = received.AddDays(1)
	case "not_competent":
		f.Attrs["reason"] = t.refusal
		f.Attrs["closed_on"] = received.AddDays(2)
	}
	if g.chance(0.2) {
		f.Attrs["private_note"] = "Đã liên hệ người phản ánh qua điện thoại"
	}
	return f
}

// earlierReport returns an earlier report of the same category, if any.
func (b *builder) earlierReport(g *gen, category string) *gis.Feature {
	var same []*gis.Feature
	for _, r := range b.reports {
		if r.Text("category") == category && r.Text("status") != "duplicate" {
			same = append(same, r)
		}
	}
	if len(same) == 0 {
		return nil
	}
	return pick(g, same)
}
