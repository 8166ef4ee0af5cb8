package demo

import "fmt"

// People in the demo are invented from common Vietnamese name parts; any
// likeness to a real person is chance. Every family name carries a
// diacritic, so every full name does.
var (
	families = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Phùng", "Lương"}
	middlesM = []string{"Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành"}
	middlesF = []string{"Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng"}
	givensM  = []string{"Hùng", "Dũng", "Tuấn", "Long", "Hải", "Nam", "Quân", "Thắng", "Sơn", "Cường", "Bình", "Khánh", "Toàn", "Hiếu"}
	givensF  = []string{"Hoa", "Lan", "Hương", "Mai", "Hạnh", "Thảo", "Linh", "Nga", "Yến", "Trang", "Huyền", "Phương", "Dung", "Hà"}
)

// personName invents a full name.
func personName(g *gen) string {
	if g.chance(0.5) {
		return pick(g, families) + " " + pick(g, middlesM) + " " + pick(g, givensM)
	}
	return pick(g, families) + " " + pick(g, middlesF) + " " + pick(g, givensF)
}

// fakePhone is a number in a range no operator has assigned, so that no
// real person is called by mistake.
func fakePhone(g *gen) string { return fmt.Sprintf("0900 000 %03d", g.r.IntN(1000)) }

// inspectors are the ward's (invented) field officers.
var inspectors = []string{"Nguyễn Văn Hùng", "Trần Thị Thu Hà", "Phạm Đức Thắng", "Lê Minh Tuấn", "Vũ Thị Lan"}

// Units that handle violations and reports.
const (
	unitOrder    = "Đội trật tự đô thị phường"
	unitPolice   = "Công an phường Kiến An"
	unitUrban    = "Phòng Kinh tế, Hạ tầng và Đô thị"
	unitServices = "Trung tâm dịch vụ sự nghiệp công"
	unitCulture  = "Phòng Văn hóa – Xã hội"
)

// species is a street tree planted in Hải Phòng, with how tall it grows and
// how fast, so that heights and trunks agree with the planting date.
type species struct {
	vi, sci          string
	maxHeight        float64 // m
	growth           float64 // m of height a year while young
	trunkGrowth      float64 // cm of diameter a year
	weight           float64 // share among street trees
	newPlantingShare float64 // share among the trees planted from 2026
}

var speciesList = []species{
	{"Bằng lăng", "Lagerstroemia speciosa", 15, 0.7, 1.1, 18, 30},
	{"Sao đen", "Hopea odorata", 30, 0.9, 1.4, 12, 20},
	{"Xà cừ", "Khaya senegalensis", 30, 1.1, 2.0, 14, 0},
	{"Phượng vĩ", "Delonix regia", 15, 0.9, 1.8, 14, 8},
	{"Lim xẹt", "Peltophorum pterocarpum", 20, 0.9, 1.5, 8, 10},
	{"Muồng hoàng yến", "Cassia fistula", 12, 0.7, 1.0, 7, 12},
	{"Sấu", "Dracontomelon duperreanum", 25, 0.7, 1.3, 9, 5},
	{"Hoa sữa", "Alstonia scholaris", 25, 1.0, 1.6, 8, 0},
	{"Long não", "Cinnamomum camphora", 20, 0.6, 1.2, 5, 5},
	{"Chò nâu", "Dipterocarpus retusus", 35, 0.9, 1.3, 3, 10},
	{"Ban tím", "Bauhinia variegata", 10, 0.6, 0.9, 2, 0},
}
