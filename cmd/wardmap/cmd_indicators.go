package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

func init() {
	register(command{"indicators", runIndicators})
}

// periodFlags reads --period and --date (defaults: today's quarter, today).
func periodFlags(period, date string) (indicator.Period, gis.Date, error) {
	today, err := cli.DateOrToday(date)
	if err != nil {
		return indicator.Period{}, today, err
	}
	if period == "" {
		period = indicator.Quarter(today).Name
	}
	p, err := indicator.ParsePeriod(period)
	if err != nil {
		return p, today, cli.Usagef("--period: %v", err)
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
	fl := cli.NewFlags("indicators")
	db := dbFlag(fl)
	period := fl.String("period", "", "2026-Q4, 2026-H2, 2026, 2026-2030, 2026-10 (default: this quarter)")
	date := fl.String("date", "", "day of evaluation (YYYY-MM-DD, default today)")
	scopeFlag := fl.String("scope", "ward", "ward, tdp or street")
	asJSON := fl.Bool("json", false, "print JSON")
	drill := fl.String("drill", "", "list the features behind one indicator (its code)")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return cli.Usagef("indicators: đối số thừa %q; lệnh con: report, targets, set (unexpected argument)", pos[0])
	}
	scope := indicator.Scope(*scopeFlag)
	if scope != indicator.Ward && scope != indicator.TDP && scope != indicator.Street {
		return cli.Usagef("--scope cần ward, tdp hoặc street (needs ward, tdp or street): %q", *scopeFlag)
	}
	p, today, err := periodFlags(*period, *date)
	if err != nil {
		return err
	}
	return withStore(ctx, *db, false, func(s *gpkg.Store) error {
		cat, b, err := ward.Scoreboard(ctx, s, p, today, scope)
		if err != nil {
			return err
		}
		if *drill != "" {
			t, err := cat.Lookup(*drill)
			if err != nil {
				return cli.Usagef("--drill: %v", err)
			}
			if scope == indicator.Street && !t.PerStreet() {
				return cli.Usagef("--drill %s: chỉ tiêu không đo theo tuyến phố (not measured per street)", t.Code)
			}
			return printDrill(e.stdout, b.Results(t.Code, scope), *asJSON)
		}
		if *asJSON {
			return cli.PrintJSON(e.stdout, b.Dated())
		}
		printBoard(e.stdout, b, scope)
		return nil
	})
}

// printBoard prints the ward's results, or each TDP's or street's.
func printBoard(w io.Writer, b *indicator.Board, scope indicator.Scope) {
	p := b.Period
	fmt.Fprintf(w, "%s (%s → %s), số liệu đến ngày (as of) %s\n", p.Label(), p.From, p.To, b.AsOf)
	switch scope {
	case indicator.TDP:
		for _, tb := range b.TDPs {
			fmt.Fprintf(w, "\n%s (tổ trưởng: %s)\n", tb.TDP.Name, cli.OrDash(tb.TDP.Head))
			printResults(w, tb.Results)
		}
	case indicator.Street:
		if len(b.Streets) == 0 {
			fmt.Fprintln(w, "\nKhông có tuyến phố nào được đo theo tuyến (no street measured per street)")
		}
		for _, sb := range b.Streets {
			st, kind := sb.Street, "đường chính"
			switch {
			case st.Main && st.KeyRoute:
				kind = "đường chính, tuyến trọng điểm"
			case st.KeyRoute:
				kind = "tuyến trọng điểm"
			}
			fmt.Fprintf(w, "\n%s (%s; %d đoạn, %.0f m)\n", st.Name, kind, st.Segments, st.LengthM)
			printResults(w, sb.Results)
		}
	default:
		printResults(w, b.Ward)
	}
}

func printResults(w io.Writer, rs []indicator.Result) {
	t := cli.NewTable(w, "MÃ (CODE)", "CHỈ TIÊU (INDICATOR)", "GIÁ TRỊ (VALUE)", "MỤC TIÊU (TARGET)", "TIẾN ĐỘ (PROGRESS)", "TRẠNG THÁI (STATUS)", "CHI TIẾT (ITEMS)")
	for _, r := range rs {
		progress := "—"
		if r.Value != nil {
			progress = fmt.Sprintf("%.0f %%", r.Progress*100)
		}
		t.Row(r.Code, r.Name.VI, indicator.Format(r.Value, r.Unit), r.TargetText(), progress,
			r.Status.Label().VI, len(r.Items))
	}
	t.Flush()
}

// printDrill lists the features behind one indicator's results.
func printDrill(w io.Writer, rs []indicator.Result, asJSON bool) error {
	if asJSON {
		return cli.PrintJSON(w, rs)
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
		t := cli.Headless(w)
		for _, it := range r.Items {
			loc := ""
			if it.Location != nil {
				loc = fmt.Sprintf("%.6f,%.6f", it.Location[0], it.Location[1])
			}
			t.Row("  "+it.Kind, it.Title, it.Reason, loc, it.ID)
		}
		t.Flush()
	}
	return nil
}

func runIndicatorsFigure(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("indicators figure")
	db := dbFlag(fl)
	tdp := fl.String("tdp", "", "the TDP (id, code or name) for a per-TDP figure")
	org := fl.String("org", "", "the organisation (school, office, unit) for a per-organisation figure")
	code := fl.String("code", "", "target code (VH-01 …)")
	period := fl.String("period", "", "reporting period: 2026-10 (monthly) or 2026 (yearly)")
	value := fl.String("value", "", "the figure (a share in %, or 1/0 for done/not done)")
	user := fl.String("user", "", "who enters it (a TDP head enters only their own TDP's figures)")
	note := fl.String("note", "", "note")
	if err := cli.ParseNoArgs(fl, args); err != nil {
		return err
	}
	if *code == "" || *period == "" || *value == "" || *user == "" {
		return cli.Usagef("indicators figure cần --code, --period, --value và --user (are required)")
	}
	if *tdp != "" && *org != "" {
		return cli.Usagef("indicators figure: chỉ một trong --tdp hoặc --org (one of --tdp or --org)")
	}
	v, err := indicator.ParseFigure(*value)
	if err != nil {
		return cli.Usagef("--value: %q không phải số (not a number)", *value)
	}
	en := &indicator.Entry{Code: *code, Scope: indicator.Ward, Period: *period, Value: v, By: *user, Note: *note}
	switch {
	case *tdp != "":
		en.Scope, en.ScopeID = indicator.TDP, *tdp
	case *org != "":
		en.Scope, en.ScopeID = indicator.Organisation, *org
	}
	if err := withStore(ctx, *db, true, func(s *gpkg.Store) error { return s.AddEntry(ctx, en) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã ghi (recorded) %s kỳ %s: %s — %s, %s\n", en.Code, en.Period, cli.FmtNum(en.Value),
		en.By, en.At.In(gis.VietnamTime).Format(time.DateTime))
	return nil
}

// runIndicatorsTargets lists the catalogue and parameters in force on a day.
func runIndicatorsTargets(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("indicators targets")
	db := dbFlag(fl)
	day := cli.DateFlag(fl, "date", gis.LocalDate(time.Now()), "day (YYYY-MM-DD, default today)")
	asJSON := fl.Bool("json", false, "print JSON")
	if err := cli.ParseNoArgs(fl, args); err != nil {
		return err
	}
	var in *ward.InForce
	err := withStore(ctx, *db, false, func(s *gpkg.Store) (err error) {
		in, err = ward.TargetsOn(ctx, s, *day)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return cli.PrintJSON(e.stdout, in)
	}
	t := cli.NewTable(e.stdout, "MÃ (CODE)", "NHÓM (GROUP)", "CHỈ TIÊU (TARGET)", "LOẠI (KIND)", "GỐC (BASELINE)", "MỤC TIÊU (VALUE)", "KỲ (FREQUENCY)", "HIỆU LỰC TỪ (VALID FROM)")
	for _, tg := range in.Targets {
		base := "—"
		if tg.Baseline != nil {
			base = cli.FmtNum(*tg.Baseline)
			if tg.BaselinePeriod != "" {
				base += " (" + tg.BaselinePeriod + ")"
			}
		}
		t.Row(tg.Code, tg.Group.Label().VI, tg.Name.VI, tg.Kind, base, tg.Direction.Sign()+" "+cli.FmtNum(tg.Value)+" "+tg.Unit, tg.Frequency, tg.ValidFrom)
	}
	t.Flush()
	fmt.Fprintln(e.stdout, "\nTham số (parameters):")
	for _, n := range slices.Sorted(maps.Keys(in.Params)) {
		fmt.Fprintf(e.stdout, "  %s = %s\n", n, cli.FmtNum(in.Params[n]))
	}
	return nil
}

// runIndicatorsSet stores a new version of a parameter (set NAME VALUE) or
// of a target's baseline or value (set CODE --baseline X --target Y), in
// force from --from.
func runIndicatorsSet(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("indicators set")
	db := dbFlag(fl)
	from := fl.String("from", "", "day the change takes effect (YYYY-MM-DD, required)")
	user := fl.String("user", "", "who makes the change")
	note := fl.String("note", "", "why (for a parameter)")
	baseline := fl.String("baseline", "", "a target's baseline value")
	baselinePeriod := fl.String("baseline-period", "", "the baseline's period (2025)")
	target := fl.String("target", "", "a target's value")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	usage := "indicators set NAME VALUE --from DATE | indicators set CODE [--baseline X] [--target Y] --from DATE"
	if *from == "" || *user == "" || len(pos) == 0 {
		return cli.Usagef("cần (needs): %s --user NAME", usage)
	}
	validFrom, err := gis.ParseDate(*from)
	if err != nil {
		return cli.Usagef("--from cần YYYY-MM-DD (needs YYYY-MM-DD): %q", *from)
	}
	return withStore(ctx, *db, true, func(s *gpkg.Store) error {
		if ward.IsParam(pos[0]) {
			if len(pos) != 2 {
				return cli.Usagef("cần (needs): %s", usage)
			}
			v, err := cli.ParseNum("VALUE", pos[1])
			if err != nil {
				return err
			}
			if err := s.SetParam(ctx, *user, pos[0], v, validFrom, *note); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s = %s từ ngày (from) %s\n", pos[0], cli.FmtNum(v), validFrom)
			return nil
		}
		if len(pos) != 1 || (*baseline == "" && *target == "" && *baselinePeriod == "") {
			return cli.Usagef("cần (needs): %s", usage)
		}
		optNum := func(name, v string) (*float64, error) {
			if v == "" {
				return nil, nil
			}
			x, err := cli.ParseNum(name, v)
			return &x, err
		}
		var err error
		ch := ward.TargetChange{BaselinePeriod: *baselinePeriod}
		if ch.Baseline, err = optNum("--baseline", *baseline); err != nil {
			return err
		}
		if ch.Value, err = optNum("--target", *target); err != nil {
			return err
		}
		if *baselinePeriod != "" {
			if _, err := indicator.ParsePeriod(*baselinePeriod); err != nil {
				return cli.Usagef("--baseline-period: %v", err)
			}
		}
		v, err := ward.SetTarget(ctx, s, *user, pos[0], validFrom, ch)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: phiên bản mới từ ngày (new version from) %s\n", v.Code, validFrom)
		return nil
	})
}
