package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/data/sync/remote"
)

func init() {
	register(command{"login", cmdLogin})
	register(command{"sync", cmdSync})
	register(command{"conflicts", cmdConflicts})
	register(command{"history", cmdHistory})
}

func cmdLogin(ctx context.Context, e *env, args []string) error {
	fs := cli.NewFlags("login")
	srv := fs.String("server", "", "địa chỉ máy chủ (server URL), ví dụ https://wardd.kienan.vn")
	user := fs.String("user", "", "tên đăng nhập (user name)")
	if _, err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *srv == "" || *user == "" {
		return cli.Usagef("cần --server URL và --user NAME (--server and --user are required)")
	}
	fmt.Fprint(e.stderr, "Mật khẩu (password): ")
	pw, err := cli.ReadPassword(e.stdin, e.stderr)
	if pw == "" {
		if err == nil || errors.Is(err, io.EOF) {
			return cli.Usagef("chưa nhập mật khẩu (no password given on stdin)")
		}
		return err
	}
	res, err := ward.Login(ctx, remote.NewClient(ward.NormServer(*srv), ""), *user, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã đăng nhập (logged in): %s (%s), phường (ward) %s, hết hạn (expires) %s\n",
		res.User, res.Role, res.Ward, res.Expires.Local().Format("2006-01-02 15:04"))
	return nil
}

// noServer makes ward.ErrNoServer a usage error: the command line lacks
// --server.
func noServer(err error) error {
	if errors.Is(err, ward.ErrNoServer) {
		return cli.Usagef("%v", err)
	}
	return err
}

func cmdSync(ctx context.Context, e *env, args []string) error {
	fs := cli.NewFlags("sync")
	db := fs.String("db", "", "cơ sở dữ liệu (ward database)")
	opt := ward.SyncOptions{}
	fs.StringVar(&opt.Server, "server", "", "máy chủ (server URL); mặc định là máy chủ lần trước")
	fs.IntVar(&opt.Retries, "retries", 6, "số lần thử lại khi mất mạng (retries on network failure)")
	bbox := fs.String("bbox", "", "chỉ nhận vùng này (pull only this area): minlon,minlat,maxlon,maxlat")
	kinds := fs.String("kinds", "", "chỉ nhận các loại này (pull only these kinds), cách nhau bởi dấu phẩy")
	if _, err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *bbox != "" {
		b, err := cli.ParseBBox("bbox", *bbox)
		if err != nil {
			return err
		}
		opt.Pull.Bound = &[4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	if *kinds != "" {
		for _, k := range strings.Split(*kinds, ",") {
			kk, err := parseKindFlag(k)
			if err != nil {
				return err
			}
			opt.Pull.Kinds = append(opt.Pull.Kinds, string(kk))
		}
	}
	opt.Progress = func(p ward.SyncProgress) {
		if p.Stage == ward.StageRetry {
			fmt.Fprintf(e.stderr, "\rmất kết nối, thử lại lần %d sau %s (connection failed, retry %d in %s): %v\n", p.Retry, p.Wait, p.Retry, p.Wait, p.Err)
			return
		}
		fmt.Fprintf(e.stderr, "\r%-12s gửi (pushed) %d · nhận (pulled) %d · ảnh (photos) %d/%d", p.Stage, p.Summary.Pushed, p.Summary.Pulled, p.Summary.PhotosUp, p.Summary.PhotosDown)
	}
	return withStore(ctx, *db, true, func(st *gpkg.Store) error {
		sum, err := ward.Sync(ctx, st, opt)
		var stopped *ward.SyncStopped
		if err != nil && !errors.As(err, &stopped) {
			return noServer(err) // refused before it began: no server, no login, another ward
		}
		fmt.Fprintln(e.stderr)
		if err != nil {
			fmt.Fprintln(e.stdout, "chưa xong (incomplete):", sum)
			return fmt.Errorf("đồng bộ dừng giữa chừng, không mất gì; chạy lại để tiếp tục (sync stopped, nothing lost; run again to resume): %w", err)
		}
		state, _ := ward.SyncStatus(ctx, st, "")
		fmt.Fprintln(e.stdout, "xong (done):", sum)
		fmt.Fprintf(e.stdout, "máy chủ ở phiên bản (server revision) %d; chờ gửi (pending) %d; xung đột chưa xử lý (open conflicts) %d\n", sum.Head, state.Pending, state.Conflicts)
		if state.Conflicts > 0 {
			fmt.Fprintln(e.stdout, "xem (see) `wardmap conflicts --db", *db+"`")
		}
		return nil
	})
}

func cmdConflicts(ctx context.Context, e *env, args []string) error {
	fs := cli.NewFlags("conflicts")
	db := fs.String("db", "", "cơ sở dữ liệu (ward database)")
	user := fs.String("user", os.Getenv("USER"), "người xử lý (who resolves)")
	value := fs.String("value", "", "giá trị mới khi chọn edit (the new value for `edit`)")
	asJSON := fs.Bool("json", false, "in JSON (print JSON)")
	pos, err := cli.ParseFlags(fs, args)
	if err != nil {
		return err
	}
	return withStore(ctx, *db, true, func(st *gpkg.Store) error {
		if len(pos) > 0 {
			if pos[0] != "resolve" || len(pos) != 3 {
				return cli.Usagef("cách dùng (usage): wardmap conflicts --db DB [resolve ID mine|theirs|edit --value V]")
			}
			if err := ward.ResolveConflict(ctx, st, *user, pos[1], pos[2], *value); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "đã xử lý (resolved) %s: %s; đồng bộ để gửi lên (sync to send it)\n", pos[1], pos[2])
			return nil
		}
		cs, err := st.Conflicts(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return cli.PrintJSON(e.stdout, append([]gpkg.Conflict{}, cs...)) // none is [], not null
		}
		if len(cs) == 0 {
			fmt.Fprintln(e.stdout, "không có xung đột (no conflicts)")
		}
		for _, c := range cs {
			if c.Field == "*" {
				fmt.Fprintf(e.stdout, "%s  %s %s  máy chủ từ chối (refused by the server): %s\n", c.ID, c.Kind, c.RecordID, c.Message)
				continue
			}
			mine, _ := json.Marshal(c.Mine)
			theirs, _ := json.Marshal(c.Theirs)
			fmt.Fprintf(e.stdout, "%s  %s %s  %s: của tôi (mine) %s · máy chủ (theirs, %s rev %d) %s\n", c.ID, c.Kind, c.RecordID, c.Field, mine, c.TheirsBy, c.TheirsRev, theirs)
		}
		return nil
	})
}

func cmdHistory(ctx context.Context, e *env, args []string) error {
	fs := cli.NewFlags("history")
	db := fs.String("db", "", "cơ sở dữ liệu (ward database)")
	srv := fs.String("server", "", "máy chủ (server URL)")
	asJSON := fs.Bool("json", false, "in JSON (print JSON)")
	pos, err := cli.ParseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cli.Usagef("cách dùng (usage): wardmap history --db DB ID")
	}
	return withStore(ctx, *db, false, func(st *gpkg.Store) error {
		cs, err := ward.History(ctx, st, *srv, pos[0])
		if err != nil {
			return noServer(err)
		}
		if *asJSON {
			return cli.PrintJSON(e.stdout, cs)
		}
		if len(cs) == 0 {
			fmt.Fprintln(e.stdout, "không có thay đổi (no changes)")
		}
		for _, ch := range cs {
			fmt.Fprintf(e.stdout, "rev %d  %s  %s  %s\n", ch.Rev, ch.At.Local().Format("2006-01-02 15:04:05"), ch.By, ch.Action)
			for _, k := range slices.Sorted(maps.Keys(ch.New)) {
				n, _ := json.Marshal(ch.New[k])
				if ch.Old == nil {
					fmt.Fprintf(e.stdout, "    %s = %s\n", k, n)
					continue
				}
				o, _ := json.Marshal(ch.Old[k])
				fmt.Fprintf(e.stdout, "    %s: %s → %s\n", k, o, n)
			}
		}
		return nil
	})
}
