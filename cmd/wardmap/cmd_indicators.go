package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

func init() {
	register(command{"indicators", runIndicators})
}

// currentQuarter is the quarter containing day d ("2026-Q4").
func currentQuarter(d gis.Date) string {
	return fmt.Sprintf("%04d-Q%d", d.Year, (int(d.Month)-1)/3+1)
}

// periodFlags reads --period and --date (defaults: today's quarter, today).
func periodFlags(period, date string) (indicator.Period, gis.Date, error) {
	today, err := parseDateFlag(date)
	if err != nil {
		return indicator.Period{}, today, err
	}
	if period == "" {
		period = currentQuarter(today)
	}
	p, err := indicator.ParsePeriod(period)
	if err != nil {
		return p, today, usagef("--period: %v", err)
	}
	return p, today, nil
}

func runIndicators(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "figure", "report": // "report" is its former name
			return runIndicatorsFigure(ctx, e, args[1:])
		case "targets":
			return runIndicatorsTargets(ctx, e, args[1:])
		case "set":
			return runIndicatorsSet(ctx, e, args[1:])
		}
	}
	fl := flag.NewFlagSet("indicators", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	period := fl.String("period", "", "2026-Q4, 2026-H2, 2026, 2026-2030, 2026-10 (default: this quarter)")
	date := fl.String("date", "", "day of evaluation (YYYY-MM-DD, default today)")
	scopeFlag := fl.String("scope", "ward", "ward, tdp or street")
	asJSON := fl.Bool("json", false, "print JSON")
	drill := fl.String("drill", "", "list the features behind one indicator (its code)")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("indicators: đối số thừa %q; lệnh con: report, targets, set (unexpected argument)", pos[0])
	}
	scope := indicator.Scope(*scopeFlag)
	if scope != indicator.Ward && scope != indicator.TDP && scope != indicator.Street {
		return usagef("--scope cần ward, tdp hoặc street (needs ward, tdp or street): %q", *scopeFlag)
	}
	p, today, err := periodFlags(*period, *date)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	cat, b, err := ward.Scoreboard(ctx, s, p, today, scope)
	if err != nil {
		return err
	}
	if *drill != "" {
		t, err := cat.Lookup(*drill)
		if err != nil {
			return usagef("--drill: %v", err)
		}
		if scope == indicator.Street && !t.PerStreet() {
			return usagef("--drill %s: chỉ tiêu không đo theo tuyến phố (not measured per street)", t.Code)
		}
		return printDrill(e.stdout, b, t, scope, *asJSON)
	}
	if *asJSON {
		out := struct {
			Period  string                  `json:"period"`
			Label   string                  `json:"label"`
			From    string                  `json:"from"`
			To      string                  `json:"to"`
			AsOf    string                  `json:"as_of"`
			Ward    []indicator.Result      `json:"ward"`
			TDPs    []indicator.TDPBoard    `json:"tdps,omitempty"`
			Streets []indicator.StreetBoard `json:"streets,omitempty"`
		}{p.Name, p.Label(), p.From.String(), p.To.String(), b.AsOf.String(), b.Ward, b.TDPs, b.Streets}
		return printJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "%s (%s → %s), số liệu đến ngày (as of) %s\n", p.Label(), p.From, p.To, b.AsOf)
	switch scope {
	case indicator.TDP:
		for _, tb := range b.TDPs {
			fmt.Fprintf(e.stdout, "\n%s (tổ trưởng: %s)\n", tb.TDP.Name, orDash(tb.TDP.Head))
			printResults(e.stdout, tb.Results)
		}
		return nil
	case indicator.Street:
		if len(b.Streets) == 0 {
			fmt.Fprintln(e.stdout, "\nKhông có tuyến phố nào được đo theo tuyến (no street measured per street)")
		}
		for _, sb := range b.Streets {
			kind := "đường chính"
			switch {
			case sb.Street.Main && sb.Street.KeyRoute:
				kind = "đường chính, tuyến trọng điểm"
			case sb.Street.KeyRoute:
				kind = "tuyến trọng điểm"
			}
			fmt.Fprintf(e.stdout, "\n%s (%s; %d đoạn, %s m)\n", sb.Street.Name, kind, sb.Street.Segments,
				strconv.FormatFloat(sb.Street.LengthM, 'f', 0, 64))
			printResults(e.stdout, sb.Results)
		}
		return nil
	}
	printResults(e.stdout, b.Ward)
	return nil
}

func printResults(w io.Writer, rs []indicator.Result) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ (CODE)\tCHỈ TIÊU (INDICATOR)\tGIÁ TRỊ (VALUE)\tMỤC TIÊU (TARGET)\tTIẾN ĐỘ (PROGRESS)\tTRẠNG THÁI (STATUS)\tCHI TIẾT (ITEMS)")
	for _, r := range rs {
		target := indicator.Format(&r.Target, r.Unit)
		if r.Direction == indicator.AtMost {
			target = "≤ " + target
		} else {
			target = "≥ " + target
		}
		progress := "—"
		if r.Value != nil {
			progress = strconv.FormatFloat(r.Progress*100, 'f', 0, 64) + " %"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", r.Code, r.Name.VI, indicator.Format(r.Value, r.Unit), target, progress,
			r.Status.Label().VI, len(r.Items))
	}
	tw.Flush()
}

func printDrill(w io.Writer, b *indicator.Board, t *indicator.Target, scope indicator.Scope, asJSON bool) error {
	rs := []indicator.Result{}
	pick := func(from []indicator.Result) {
		for _, r := range from {
			if r.Code == t.Code {
				rs = append(rs, r)
			}
		}
	}
	switch scope {
	case indicator.TDP:
		for _, tb := range b.TDPs {
			pick(tb.Results)
		}
	case indicator.Street:
		for _, sb := range b.Streets {
			pick(sb.Results)
		}
	default:
		pick(b.Ward)
	}
	if asJSON {
		return printJSON(w, rs)
	}
	for _, r := range rs {
		head := r.Name.VI
		if r.ScopeName != "" {
			head = r.ScopeName + ": " + head
		}
		fmt.Fprintf(w, "%s %s: %s (%s), %d mục (items)\n", r.Code, head, indicator.Format(r.Value, r.Unit), r.Status.Label().VI, len(r.Items))
		if r.Note != "" {
			fmt.Fprintln(w, "  ", r.Note)
		}
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		for _, it := range r.Items {
			loc := ""
			if it.Location != nil {
				loc = fmt.Sprintf("%.6f,%.6f", it.Location[0], it.Location[1])
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", it.Kind, it.Title, it.Reason, loc, it.ID)
		}
		tw.Flush()
	}
	return nil
}

func runIndicatorsFigure(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("indicators figure", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	tdp := fl.String("tdp", "", "the TDP (id, code or name) for a per-TDP figure")
	org := fl.String("org", "", "the organisation (school, office, unit) for a per-organisation figure")
	code := fl.String("code", "", "target code (VH-01 …)")
	period := fl.String("period", "", "reporting period: 2026-10 (monthly) or 2026 (yearly)")
	value := fl.String("value", "", "the figure (a share in %, or 1/0 for done/not done)")
	user := fl.String("user", "", "who enters it (a TDP head enters only their own TDP's figures)")
	note := fl.String("note", "", "note")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	if *code == "" || *period == "" || *value == "" || *user == "" {
		return usagef("indicators figure cần --code, --period, --value và --user (are required)")
	}
	if *tdp != "" && *org != "" {
		return usagef("indicators figure: chỉ một trong --tdp hoặc --org (one of --tdp or --org)")
	}
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSuffix(strings.TrimSpace(*value), "%"), ",", ".", 1), 64)
	if err != nil {
		return usagef("--value: %q không phải số (not a number)", *value)
	}
	en := &indicator.Entry{Code: *code, Scope: indicator.Ward, Period: *period, Value: v, By: *user, Note: *note}
	switch {
	case *tdp != "":
		en.Scope, en.ScopeID = indicator.TDP, *tdp
	case *org != "":
		en.Scope, en.ScopeID = indicator.Organisation, *org
	}
	s, err := openStore(ctx, *db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.AddEntry(ctx, en); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã ghi (recorded) %s kỳ %s: %s — %s, %s\n", en.Code, en.Period, strconv.FormatFloat(en.Value, 'f', -1, 64),
		en.By, en.At.In(gis.VietnamTime).Format(time.DateTime))
	return nil
}

// runIndicatorsTargets lists the catalogue and parameters in force on a day.
func runIndicatorsTargets(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("indicators targets", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	date := fl.String("date", "", "day (YYYY-MM-DD, default today)")
	asJSON := fl.Bool("json", false, "print JSON")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	day, err := parseDateFlag(*date)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	cat, err := s.Targets(ctx, day)
	if err != nil {
		return err
	}
	params, err := s.TargetParams(ctx, day)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.stdout, struct {
			Date    string              `json:"date"`
			Targets indicator.Catalogue `json:"targets"`
			Params  indicator.Params    `json:"params"`
		}{day.String(), cat, params})
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ (CODE)\tNHÓM (GROUP)\tCHỈ TIÊU (TARGET)\tLOẠI (KIND)\tGỐC (BASELINE)\tMỤC TIÊU (VALUE)\tKỲ (FREQUENCY)\tHIỆU LỰC TỪ (VALID FROM)")
	for _, t := range cat {
		base := "—"
		if t.Baseline != nil {
			base = strconv.FormatFloat(*t.Baseline, 'f', -1, 64)
			if t.BaselinePeriod != "" {
				base += " (" + t.BaselinePeriod + ")"
			}
		}
		dir := "≥"
		if t.Direction == indicator.AtMost {
			dir = "≤"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s %s %s\t%s\t%s\n", t.Code, t.Group.Label().VI, t.Name.VI, t.Kind, base, dir,
			strconv.FormatFloat(t.Value, 'f', -1, 64), t.Unit, t.Frequency, t.ValidFrom)
	}
	tw.Flush()
	fmt.Fprintln(e.stdout, "\nTham số (parameters):")
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(e.stdout, "  %s = %s\n", n, strconv.FormatFloat(params[n], 'f', -1, 64))
	}
	return nil
}

// runIndicatorsSet stores a new version of a parameter (set NAME VALUE) or
// of a target's baseline or value (set CODE --baseline X --target Y), in
// force from --from.
func runIndicatorsSet(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("indicators set", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	from := fl.String("from", "", "day the change takes effect (YYYY-MM-DD, required)")
	user := fl.String("user", "", "who makes the change")
	note := fl.String("note", "", "why (for a parameter)")
	baseline := fl.String("baseline", "", "a target's baseline value")
	baselinePeriod := fl.String("baseline-period", "", "the baseline's period (2025)")
	target := fl.String("target", "", "a target's value")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	usage := "indicators set NAME VALUE --from DATE | indicators set CODE [--baseline X] [--target Y] --from DATE"
	if *from == "" || *user == "" || len(pos) == 0 {
		return usagef("cần (needs): %s --user NAME", usage)
	}
	validFrom, err := gis.ParseDate(*from)
	if err != nil {
		return usagef("--from cần YYYY-MM-DD (needs YYYY-MM-DD): %q", *from)
	}
	num := func(flagName, v string) (float64, error) {
		x, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v), ",", ".", 1), 64)
		if err != nil {
			return 0, usagef("%s: %q không phải số (not a number)", flagName, v)
		}
		return x, nil
	}
	s, err := openStore(ctx, *db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if ward.IsParam(pos[0]) {
		if len(pos) != 2 {
			return usagef("cần (needs): %s", usage)
		}
		v, err := num("VALUE", pos[1])
		if err != nil {
			return err
		}
		if err := s.SetParam(ctx, *user, pos[0], v, validFrom, *note); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s = %s từ ngày (from) %s\n", pos[0], strconv.FormatFloat(v, 'f', -1, 64), validFrom)
		return nil
	}
	if len(pos) != 1 || (*baseline == "" && *target == "" && *baselinePeriod == "") {
		return usagef("cần (needs): %s", usage)
	}
	optNum := func(flagName, v string) (*float64, error) {
		if v == "" {
			return nil, nil
		}
		x, err := num(flagName, v)
		return &x, err
	}
	ch := ward.TargetChange{BaselinePeriod: *baselinePeriod}
	if ch.Baseline, err = optNum("--baseline", *baseline); err != nil {
		return err
	}
	if ch.Value, err = optNum("--target", *target); err != nil {
		return err
	}
	if *baselinePeriod != "" {
		if _, err := indicator.ParsePeriod(*baselinePeriod); err != nil {
			return usagef("--baseline-period: %v", err)
		}
	}
	v, err := ward.SetTarget(ctx, s, *user, pos[0], validFrom, ch)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: phiên bản mới từ ngày (new version from) %s\n", v.Code, validFrom)
	return nil
}
