// Package indicator measures the action plan's targets (chỉ tiêu) from the
// ward's own map data. The catalogue of targets and the formulas'
// parameters are data (the store seeds them and users edit them, each
// change dated by valid_from); the computed indicators are pure functions
// of the registry and a period; the reported ones aggregate the figures
// that TDP heads and units enter. Every result carries the features behind
// its number, so that a dashboard can show which streets are not lit and
// which reports are overdue.
package indicator

import (
	"slices"
	"sort"
	"strings"

	"wardmap/gis"
)

// Group is one of the plan's four areas.
type Group string

const (
	Environment Group = "environment"
	UrbanOrder  Group = "urban_order"
	Culture     Group = "culture"
	Digital     Group = "digital"
)

// Groups in the plan's order.
var Groups = []Group{Environment, UrbanOrder, Culture, Digital}

// Label names the group in Vietnamese and English.
func (g Group) Label() gis.Label {
	switch g {
	case Environment:
		return gis.Label{VI: "Môi trường xanh", EN: "Environment"}
	case UrbanOrder:
		return gis.Label{VI: "Trật tự đô thị", EN: "Urban order"}
	case Culture:
		return gis.Label{VI: "Văn hóa, văn minh", EN: "Culture"}
	case Digital:
		return gis.Label{VI: "Chuyển đổi số", EN: "Digital"}
	}
	return gis.Label{VI: string(g), EN: string(g)}
}

// Direction says which way a value improves.
type Direction string

const (
	AtLeast Direction = "at_least" // the value must reach the target (100 %)
	AtMost  Direction = "at_most"  // the value must stay at or under it (0 hotspots)
)

// Kind says where a value comes from.
type Kind string

const (
	Computed Kind = "computed" // a formula over the registry
	Reported Kind = "reported" // a figure entered by its owner
)

// Scope is what a value is measured for.
type Scope string

const (
	Ward         Scope = "ward"
	TDP          Scope = "tdp"
	Street       Scope = "street"
	Organisation Scope = "organisation"
)

// Frequency is how often a figure is measured or entered.
type Frequency string

const (
	Monthly   Frequency = "month"
	Quarterly Frequency = "quarter"
	Yearly    Frequency = "year"
	PlanSpan  Frequency = "plan"
)

// Target is one indicator of the plan.
type Target struct {
	Code  string    `json:"code"`
	Name  gis.Label `json:"name"`
	Group Group     `json:"group"`
	Unit  string    `json:"unit"` // "%", "cây", "điểm", "vụ"
	// Baseline is the value in BaselinePeriod, when known (nil: not yet
	// entered; a computed indicator may measure it from the registry).
	Baseline       *float64  `json:"baseline,omitempty"`
	BaselinePeriod string    `json:"baseline_period,omitempty"`
	Value          float64   `json:"target"`
	Direction      Direction `json:"direction"`
	Frequency      Frequency `json:"frequency"`
	Scopes         []Scope   `json:"scopes"`
	Kind           Kind      `json:"kind"`
	// Cumulative targets add up over time (1,000 trees over the plan): a
	// shorter period's target is the plan's share of its length, and the
	// expectation grows linearly through the period.
	Cumulative bool `json:"cumulative,omitempty"`
	// Ramp targets are reached by the plan's end (−80 % encroachment by
	// 2030): the expectation moves linearly from the baseline at the plan's
	// start to the target at its end.
	Ramp bool `json:"ramp,omitempty"`
	// PerTDP says what the target asks of one residential group: the
	// ward's own rate or value (SameRate: every main road lit, no hotspot)
	// or its share of the ward's number (ShareOfWard: 1,000 trees split by
	// households). Empty: see TDPRule.
	PerTDP TDPRule `json:"per_tdp,omitempty"`
	// Min and Max bound a reported figure (a share of households is 0–100).
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// Method says in words how the value is measured (Vietnamese).
	Method    string   `json:"method"`
	ValidFrom gis.Date `json:"-"`
}

// TDPRule is what a ward's target means for one residential group.
type TDPRule string

const (
	// SameRate holds each group to the ward's own rate or value: a share
	// of main roads lit is a share in every group, and "no hotspot" holds
	// in each.
	SameRate TDPRule = "same"
	// ShareOfWard gives each group its part of the ward's number, in
	// proportion to its households (equal parts when a group has no
	// household count): the ward's 1,000 trees are not asked of each group.
	ShareOfWard TDPRule = "share"
)

// TDPRule is the target's per-group meaning. A catalogue read from a
// store that does not keep it (wm_targets has no column for it yet) gets
// the rule the defaults follow: a cumulative count is shared, anything
// else applies as it is.
func (t *Target) TDPRule() TDPRule {
	switch {
	case t.PerTDP != "":
		return t.PerTDP
	case t.Cumulative && t.Unit != "%":
		return ShareOfWard
	}
	return SameRate
}

// Explain says in words what the target asks of one group.
func (r TDPRule) Explain() gis.Label {
	if r == ShareOfWard {
		return gis.Label{VI: "Chỉ tiêu của tổ = phần của tổ (theo số hộ) trong chỉ tiêu toàn phường",
			EN: "A group's target is its share (by households) of the ward's target"}
	}
	return gis.Label{VI: "Mỗi tổ cùng mức chỉ tiêu như toàn phường", EN: "Each group has the ward's own target"}
}

// Whole reports whether the target counts things (trees, places, cases):
// its target and expectation are whole numbers, not 199,9 trees.
func (t *Target) Whole() bool { return t.Unit != "%" }

// HasScope reports whether the target is measured for s.
func (t *Target) HasScope(s Scope) bool { return slices.Contains(t.Scopes, s) }

// Binary reports whether a reported figure is a yes/no (1 = done).
func (t *Target) Binary() bool { return t.Kind == Reported && t.Max == 1 }

// Codes of the plan's targets. Computed ones are the formula's name too.
const (
	EnvClean     = "MT-01" // main roads cleaned
	EnvGreenSun  = "MT-02" // Green Sunday in every TDP
	EnvWaste     = "MT-03" // household waste collected
	EnvSort      = "MT-04" // offices and schools sort waste
	EnvTrees     = "MT-05" // new trees 2026–2030
	EnvAds       = "MT-06" // illegal ads removed
	EnvTidy      = "MT-07" // no long-standing waste on main streets
	OrdEncroach  = "TT-01" // encroachment on key routes
	OrdInspected = "TT-02" // main streets inspected
	OrdHotspots  = "TT-03" // hotspots of disorder
	OrdLit       = "TT-04" // main roads lit
	OrdPlates    = "TT-05" // house plates and alley signs
	CulFamilies  = "VH-01" // cultured families
	CulTDP       = "VH-02" // civilised TDPs
	CulSchools   = "VH-03" // schools teach green living
	CulOffices   = "VH-04" // civilised offices
	DigReports   = "CS-01" // field reports processed in time
	DigPlatforms = "CS-02" // officials on digital platforms
)

func ptr(x float64) *float64 { return &x }

// Defaults is the plan's catalogue as the store's migration seeds it.
func Defaults() []Target {
	all := []Scope{Ward, TDP}
	pct := func(code, vi, en string, g Group, target float64, freq Frequency, method string) Target {
		return Target{Code: code, Name: gis.Label{VI: vi, EN: en}, Group: g, Unit: "%", Value: target,
			Direction: AtLeast, Frequency: freq, Scopes: all, Kind: Computed, Min: 0, Max: 100, Method: method}
	}
	rep := func(t Target, scopes []Scope, min, max float64) Target {
		t.Kind, t.Scopes, t.Min, t.Max = Reported, scopes, min, max
		return t
	}
	out := []Target{
		pct(EnvClean, "Tỷ lệ tuyến phố chính được vệ sinh thường xuyên", "Main roads cleaned regularly", Environment, 100, Quarterly,
			"Đoạn đường chính có bản ghi vệ sinh trong chu kỳ vệ sinh / tổng số đoạn đường chính"),
		rep(pct(EnvGreenSun, "Tỷ lệ tổ dân phố duy trì \"Ngày Chủ nhật xanh\"", "TDPs keeping Green Sunday", Environment, 100, Monthly,
			"Tổ trưởng báo cáo hằng tháng (1 = có tổ chức, 0 = không); tháng chưa báo cáo tính là chưa đạt"), []Scope{Ward, TDP}, 0, 1),
		rep(pct(EnvWaste, "Tỷ lệ chất thải rắn sinh hoạt được thu gom", "Household solid waste collected", Environment, 98, Monthly,
			"Số liệu hằng tháng của đơn vị thu gom"), []Scope{Ward}, 0, 100),
		rep(pct(EnvSort, "Tỷ lệ cơ quan, trường học phân loại rác tại nguồn", "Offices and schools sorting waste at source", Environment, 100, Yearly,
			"Từng cơ quan, trường học báo cáo (1 = có phân loại, 0 = chưa)"), []Scope{Ward, Organisation}, 0, 1),
		{Code: EnvTrees, Name: gis.Label{VI: "Số cây xanh trồng mới giai đoạn 2026–2030 (còn sống)", EN: "New trees planted 2026–2030, alive"},
			Group: Environment, Unit: "cây", Baseline: ptr(0), BaselinePeriod: "2025", Value: 1000, Direction: AtLeast, Frequency: PlanSpan,
			Scopes: all, Kind: Computed, Cumulative: true, PerTDP: ShareOfWard, Max: 1e9,
			Method: "Cây có ngày trồng trong kỳ và tình trạng khác \"chết\"; chỉ tiêu của kỳ ngắn hơn tính theo tỷ lệ thời gian của 1.000 cây"},
		pct(EnvAds, "Tỷ lệ quảng cáo, rao vặt trái phép được xử lý", "Illegal ads and flyers removed", Environment, 90, Quarterly,
			"Vi phạm quảng cáo, rao vặt phát hiện trong kỳ đã khắc phục / tổng số phát hiện trong kỳ"),
		{Code: EnvTidy, Name: gis.Label{VI: "Số điểm rác tồn đọng lâu ngày trên tuyến phố chính", EN: "Long-standing waste on main streets"},
			Group: Environment, Unit: "điểm", Value: 0, Direction: AtMost, Frequency: Quarterly, Scopes: all, Kind: Computed, Max: 1e9,
			Method: "Vi phạm rác thải, phế thải chưa khắc phục trên đường chính, phát hiện quá N ngày (tham số waste_age_days)"},
		{Code: OrdEncroach, Name: gis.Label{VI: "Mức giảm lấn chiếm vỉa hè, lòng đường trên tuyến trọng điểm", EN: "Cut in encroachment on key routes"},
			Group: UrbanOrder, Unit: "%", BaselinePeriod: "2025", Value: 80, Direction: AtLeast, Frequency: Quarterly, Scopes: all,
			Kind: Computed, Ramp: true, Min: -1e9, Max: 100,
			Method: "1 − (số vụ lấn chiếm trên tuyến trọng điểm trong kỳ / số vụ kỳ gốc quy đổi theo độ dài kỳ); kỳ gốc lấy từ dữ liệu, nếu không có thì lấy giá trị gốc đã nhập"},
		pct(OrdInspected, "Tỷ lệ tuyến phố chính được kiểm tra định kỳ", "Main streets inspected periodically", UrbanOrder, 100, Quarterly,
			"Đoạn đường chính có lần kiểm tra gần nhất còn trong chu kỳ kiểm tra (bảng chu kỳ)"),
		{Code: OrdHotspots, Name: gis.Label{VI: "Số điểm nóng về trật tự đô thị, ô nhiễm", EN: "Hotspots of disorder or pollution"},
			Group: UrbanOrder, Unit: "điểm", Value: 0, Direction: AtMost, Frequency: Quarterly, Scopes: all, Kind: Computed, Max: 1e9,
			Method: "Cụm vi phạm trong bán kính R mét có từ ngưỡng trở lên, phát hiện trong kỳ (tham số hotspot_radius_m, hotspot_threshold)"},
		pct(OrdLit, "Tỷ lệ tuyến đường chính được chiếu sáng", "Main roads lit", UrbanOrder, 100, Quarterly,
			"Đoạn đường chính có đủ đèn hoạt động (⌈chiều dài / khoảng cách⌉) trong vòng lamp_buffer_m mét"),
		pct(OrdPlates, "Tỷ lệ biển số nhà, biển ngõ được gắn đầy đủ", "House-number plates and alley signs complete", UrbanOrder, 100, Quarterly,
			"Biển số nhà và biển ngõ ở trạng thái \"đã gắn\" / tổng số"),
		rep(pct(CulFamilies, "Tỷ lệ hộ gia đình đạt \"Gia đình văn hóa\"", "Households recognised as Cultured Families", Culture, 95, Yearly,
			"Tổ trưởng báo cáo tỷ lệ hộ đạt của tổ hằng năm; toàn phường tính bình quân theo số hộ"), []Scope{Ward, TDP}, 0, 100),
		rep(pct(CulTDP, "Tỷ lệ tổ dân phố đăng ký \"Tổ dân phố văn minh đô thị\"", "TDPs registered as civilised urban TDPs", Culture, 100, Yearly,
			"Tổ trưởng báo cáo hằng năm (1 = đã đăng ký, 0 = chưa)"), []Scope{Ward, TDP}, 0, 1),
		rep(pct(CulSchools, "Tỷ lệ trường học giáo dục kỹ năng bảo vệ môi trường, sống xanh", "Schools teaching environment and green living", Culture, 100, Yearly,
			"Từng trường báo cáo (1 = có, 0 = chưa)"), []Scope{Ward, Organisation}, 0, 1),
		rep(pct(CulOffices, "Tỷ lệ cơ quan thực hiện quy tắc ứng xử văn minh công sở", "Offices following the civilised-office code", Culture, 100, Yearly,
			"Từng cơ quan báo cáo (1 = có, 0 = chưa)"), []Scope{Ward, Organisation}, 0, 1),
		pct(DigReports, "Tỷ lệ phản ánh hiện trường được tiếp nhận, xử lý đúng hạn", "Field reports processed within their deadline", Digital, 100, Quarterly,
			"Phản ánh tiếp nhận trong kỳ đã xử lý xong trước hạn / phản ánh đã đến hạn hoặc đã xử lý"),
		rep(pct(DigPlatforms, "Tỷ lệ cán bộ, công chức sử dụng nền tảng số", "Officials using digital platforms", Digital, 100, Yearly,
			"Từng đơn vị báo cáo tỷ lệ cán bộ sử dụng"), []Scope{Ward, Organisation}, 0, 100),
	}
	for i := range out {
		if out[i].PerTDP == "" {
			out[i].PerTDP = SameRate
		}
	}
	// The street formulas are also measured per named street (migration
	// 0007 gives the stored catalogue the same scope).
	for i := range out {
		if slices.Contains(streetFormulas, out[i].Code) {
			out[i].Scopes = []Scope{Ward, TDP, Street}
		}
	}
	return out
}

// Catalogue is the set of targets in force, looked up by code.
type Catalogue []Target

// Get returns the target with the code (case-insensitive).
func (c Catalogue) Get(code string) (*Target, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	for i := range c {
		if c[i].Code == code {
			return &c[i], true
		}
	}
	return nil, false
}

// Lookup is Get with the error a user sees.
func (c Catalogue) Lookup(code string) (*Target, error) {
	if t, ok := c.Get(code); ok {
		return t, nil
	}
	var codes []string
	for _, t := range c {
		codes = append(codes, t.Code)
	}
	return nil, gis.Errorf(gis.EINVALID, "mã chỉ tiêu không rõ %q; dùng một trong (unknown target code; use one of): %s", code, strings.Join(codes, ", "))
}

// Sort orders by group (plan order) then code.
func (c Catalogue) Sort() {
	sort.SliceStable(c, func(i, j int) bool {
		gi, gj := slices.Index(Groups, c[i].Group), slices.Index(Groups, c[j].Group)
		if gi != gj {
			return gi < gj
		}
		return c[i].Code < c[j].Code
	})
}

// Params are the formulas' parameters, by name.
type Params map[string]float64

// Param names and the plan's values (seeded by the store's migration).
const (
	LampSpacing      = "lamp_spacing_m"      // one working lamp per this many metres of main road
	LampBuffer       = "lamp_buffer_m"       // a lamp serves a segment within this distance
	StreetBuffer     = "street_buffer_m"     // a violation without street_id is on a street this close
	HotspotRadius    = "hotspot_radius_m"    // violations this close are one place
	HotspotThreshold = "hotspot_threshold"   // this many violations at one place make a hotspot
	WasteAgeDays     = "waste_age_days"      // open waste older than this is long-standing
	CleaningCycle    = "cleaning_cycle_days" // a main road is cleaned at least this often
	AtRiskTolerance  = "at_risk_pct"         // short of expectation by at most this share of the span: at risk
)

// DefaultParams are the values the migration seeds.
func DefaultParams() Params {
	return Params{
		LampSpacing: 40, LampBuffer: 25, StreetBuffer: 20,
		HotspotRadius: 30, HotspotThreshold: 3,
		WasteAgeDays: 3, CleaningCycle: 7, AtRiskTolerance: 10,
	}
}

// Get returns a parameter, or its default when absent.
func (p Params) Get(name string) float64 {
	if v, ok := p[name]; ok {
		return v
	}
	return DefaultParams()[name]
}
