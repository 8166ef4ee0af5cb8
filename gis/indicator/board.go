package indicator

// What a board shows, picked or spelled out as every reader of it (the
// CLI, the window, the printed bulletin) shows it.

// Results returns one indicator's results in a scope, in the board's
// order: the ward's one, or one per TDP or per street (empty, not nil,
// when none: a list printed as JSON reads []).
func (b *Board) Results(code string, scope Scope) []Result {
	var from [][]Result
	switch scope {
	case TDP:
		for _, tb := range b.TDPs {
			from = append(from, tb.Results)
		}
	case Street:
		for _, sb := range b.Streets {
			from = append(from, sb.Results)
		}
	default:
		from = [][]Result{b.Ward}
	}
	out := []Result{}
	for _, rs := range from {
		for _, r := range rs {
			if r.Code == code {
				out = append(out, r)
			}
		}
	}
	return out
}

// Dated is a board with its period and day spelled out, the form
// `wardmap indicators --json` prints (Board leaves them out of its JSON,
// which the server keeps as is).
type Dated struct {
	Period  string        `json:"period"`
	Label   string        `json:"label"`
	From    string        `json:"from"`
	To      string        `json:"to"`
	AsOf    string        `json:"as_of"`
	Ward    []Result      `json:"ward"`
	TDPs    []TDPBoard    `json:"tdps,omitempty"`
	Streets []StreetBoard `json:"streets,omitempty"`
}

// Dated is b as printed.
func (b *Board) Dated() Dated {
	p := b.Period
	return Dated{p.Name, p.Label(), p.From.String(), p.To.String(), b.AsOf.String(), b.Ward, b.TDPs, b.Streets}
}

// Sign is "≥" for a target to reach, "≤" for one to stay under.
func (d Direction) Sign() string {
	if d == AtMost {
		return "≤"
	}
	return "≥"
}

// TargetText is the target with its direction: "≥ 100 %", "≤ 0 điểm".
func (r Result) TargetText() string { return r.Direction.Sign() + " " + Format(&r.Target, r.Unit) }
