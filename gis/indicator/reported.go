package indicator

import (
	"fmt"
	"math"
	"strings"
	"time"

	"wardmap/gis"
)

// Entry is one reported figure: a TDP head's or a unit's value for one
// reporting period. A correction is a new entry for the same target, scope
// and period; the latest wins and the earlier ones stay as history.
type Entry struct {
	Code    string    `json:"code"`
	Scope   Scope     `json:"scope"`    // ward, tdp or organisation
	ScopeID string    `json:"scope_id"` // the TDP's id, the organisation's name, "" for the ward
	Period  string    `json:"period"`   // "2026-10" (monthly) or "2026" (yearly)
	Value   float64   `json:"value"`
	Note    string    `json:"note,omitempty"`
	By      string    `json:"entered_by"`
	At      time.Time `json:"entered_at"`
}

// TDPInfo is what the rules need to know about a residential group.
type TDPInfo struct {
	ID, Name, Head string
	Households     int64
}

// Check validates an entry before it is stored: the target exists and is
// reported, the scope is one the target is measured for, the period has
// the target's frequency, the value is in range, and a TDP figure is
// entered by the head of that TDP. userTDP is the TDP the user heads (""
// when none); tdp describes the entry's TDP (nil for other scopes).
func Check(t *Target, e *Entry, userTDP string, tdp *TDPInfo) error {
	if t.Kind != Reported {
		return gis.Errorf(gis.EINVALID, "chỉ tiêu %s được tính tự động từ bản đồ, không nhập tay (target %s is computed, not entered)", t.Code, t.Code)
	}
	if strings.TrimSpace(e.By) == "" {
		return gis.Errorf(gis.EINVALID, "cần tên người nhập số liệu (who enters the figure is required)")
	}
	if !t.HasScope(e.Scope) {
		return gis.Errorf(gis.EINVALID, "chỉ tiêu %s không nhập theo %s; nhập theo: %s (target is not entered per %s)", t.Code, e.Scope, scopeList(t), e.Scope)
	}
	if e.Scope != Ward && strings.TrimSpace(e.ScopeID) == "" {
		return gis.Errorf(gis.EINVALID, "cần chỉ rõ %s (which %s is required)", scopeWord(e.Scope), e.Scope)
	}
	p, err := ParsePeriod(e.Period)
	if err != nil {
		return err
	}
	if !periodHasFrequency(p, t.Frequency) {
		return gis.Errorf(gis.EINVALID, "chỉ tiêu %s báo cáo theo %s: kỳ %q không hợp lệ, ví dụ %s (the target is reported per %s)",
			t.Code, freqWord(t.Frequency), e.Period, freqExample(t.Frequency), t.Frequency)
	}
	e.Period = p.Name
	if math.IsNaN(e.Value) || math.IsInf(e.Value, 0) || e.Value < t.Min || e.Value > t.Max {
		what := fmt.Sprintf("%s–%s", num(t.Min), num(t.Max))
		if t.Binary() {
			what = "0 (chưa đạt) hoặc 1 (đạt)"
		} else if t.Unit == "%" {
			what += " %"
		}
		return gis.Errorf(gis.EINVALID, "giá trị %s ngoài khoảng cho phép %s của chỉ tiêu %s (value out of range)", num(e.Value), what, t.Code)
	}
	if t.Binary() && e.Value != 0 && e.Value != 1 {
		return gis.Errorf(gis.EINVALID, "chỉ tiêu %s nhận 0 (chưa đạt) hoặc 1 (đạt), không nhận %s (yes/no figure)", t.Code, num(e.Value))
	}
	if e.Scope == TDP {
		if tdp == nil {
			return gis.Errorf(gis.ENOTFOUND, "không có tổ dân phố %q (no such residential group)", e.ScopeID)
		}
		if userTDP == "" {
			return gis.Errorf(gis.EFORBIDDEN, "%s không phải tổ trưởng tổ dân phố nào: chỉ tổ trưởng nhập số liệu của tổ mình (only a TDP head enters their TDP's figures)", e.By)
		}
		if userTDP != tdp.ID {
			return gis.Errorf(gis.EFORBIDDEN, "%s chỉ được nhập số liệu cho tổ dân phố mình phụ trách, không cho %s (a TDP head enters figures only for their own TDP)", e.By, tdp.Name)
		}
	}
	return nil
}

func periodHasFrequency(p Period, f Frequency) bool {
	switch f {
	case Monthly:
		return len(p.Name) == 7 && p.Name[4] == '-' && p.Name[5] != 'Q' && p.Name[5] != 'H'
	case Yearly:
		return len(p.Name) == 4
	}
	return true
}

func freqWord(f Frequency) string {
	return map[Frequency]string{Monthly: "tháng", Quarterly: "quý", Yearly: "năm", PlanSpan: "giai đoạn"}[f]
}

func freqExample(f Frequency) string {
	return map[Frequency]string{Monthly: "2026-10", Quarterly: "2026-Q4", Yearly: "2026", PlanSpan: "2026-2030"}[f]
}

func scopeWord(s Scope) string {
	return map[Scope]string{Ward: "phường", TDP: "tổ dân phố", Street: "tuyến phố", Organisation: "cơ quan, đơn vị"}[s]
}

func scopeList(t *Target) string {
	var s []string
	for _, sc := range t.Scopes {
		s = append(s, string(sc))
	}
	return strings.Join(s, ", ")
}

func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.4g", x)
}

// Latest keeps, for each target, scope id and period, the entry entered
// last (the history stays in the store).
func Latest(es []Entry) []Entry {
	type key struct{ code, scope, id, period string }
	idx := map[key]int{}
	var out []Entry
	for _, e := range es {
		k := key{e.Code, string(e.Scope), e.ScopeID, e.Period}
		if i, ok := idx[k]; ok {
			if !e.At.Before(out[i].At) {
				out[i] = e
			}
			continue
		}
		idx[k] = len(out)
		out = append(out, e)
	}
	return out
}

// ParseFigure reads a figure as a person types it: "96,5", "96.5 %", "1".
// `wardmap indicators figure` and the dashboard's form read it alike.
func ParseFigure(s string) (float64, error) {
	return gis.ParseDecimal(strings.TrimSuffix(strings.TrimSpace(s), "%"))
}
