// Command wardd is the ward's central server: the sync API for the
// laptops (versioned JSON under /api/v1), users and roles, photos; Open311
// GeoReport v2 under /open311/v2/ and the residents' page under
// /phan-anh/ (package data/server/open311); the leaders' dashboard under
// /dashboard/ (package data/server/dashboard); OGC API – Features under /ogc
// (package data/server/ogcapi).
//
//	wardd --db FILE|postgres://… --listen ADDR [--tls-cert F --tls-key F] [--ward W] [--open311-keys FILE] [--public-layers tree,lamp]
//	wardd user add NAME --role ROLE [--tdp ID] [--ward W] --db …   (password on stdin)
//	wardd user passwd NAME --db …                                 (password on stdin)
//	wardd user disable|enable NAME --db …
//	wardd help [user [VERB]]                                      (also -h, --help; words in help.txt)
//
// It logs with log/slog (JSON to stderr) and stops gracefully on SIGINT or
// SIGTERM. It never links Fyne.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/server/ogcapi"
	"wardmap/data/server/open311"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

var version = "dev"

// DefaultWard is the ward new users belong to unless --ward says otherwise.
const DefaultWard = "kien-an"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "help" {
		args = append(args[1:], "--help") // wardd help [user [VERB]]
	}
	if len(args) > 0 && args[0] == "user" {
		os.Exit(cli.Exit(os.Stderr, "wardd", userCmd(ctx, args[1:], os.Stdin, os.Stdout)))
	}
	m := NewMain()
	if err := m.ParseFlags(args); err != nil {
		var hr cli.HelpRequest
		if errors.As(err, &hr) {
			helps.Print(os.Stdout, "", hr.FlagSet)
		}
		os.Exit(cli.Exit(os.Stderr, "wardd", err))
	}
	if err := m.Run(ctx); err != nil {
		m.Log.Error("start", "err", err)
		m.Close()
		os.Exit(1)
	}
	<-ctx.Done()
	m.Log.Info("stopping")
	if err := m.Close(); err != nil {
		m.Log.Error("stop", "err", err)
		os.Exit(1)
	}
}

// Main is the server program: ParseFlags, Run, then Close.
type Main struct {
	DB      string
	Listen  string
	TLSCert string
	TLSKey  string
	// Ward is the ward the Open311 API and the public page serve;
	// Open311Keys is a file of partner api_keys ("KEY NAME CHANNEL" lines).
	Ward        string
	Open311Keys string
	// PublicLayers are the asset kinds the OGC API serves without a login
	// (--public-layers tree,lamp).
	PublicLayers []gis.Kind

	Log     *slog.Logger
	Store   *sqlstore.Store
	Service *server.Service
	srv     *http.Server
	ln      net.Listener
	done    chan error
	sweep   context.CancelFunc
	dash    *dashboard.Handler
	swept   chan struct{}
}

// NewMain returns a Main logging JSON to stderr.
func NewMain() *Main {
	return &Main{Listen: "127.0.0.1:8080", Ward: DefaultWard, Log: slog.New(slog.NewJSONHandler(os.Stderr, nil))}
}

// ParseFlags reads the command line; a mistake in it is a cli.UsageError,
// -h or --help a cli.HelpRequest.
func (m *Main) ParseFlags(args []string) error {
	fs := cli.NewFlags("") // its errors begin "wardd: " already
	fs.StringVar(&m.DB, "db", "", "SQLite file or postgres:// URL")
	fs.StringVar(&m.Listen, "listen", m.Listen, "address to listen on")
	fs.StringVar(&m.TLSCert, "tls-cert", "", "TLS certificate (PEM)")
	fs.StringVar(&m.TLSKey, "tls-key", "", "TLS key (PEM)")
	fs.StringVar(&m.Ward, "ward", m.Ward, "ward served by Open311 and the public page")
	fs.StringVar(&m.Open311Keys, "open311-keys", "", "`FILE` of Open311 partner api_keys: KEY NAME CHANNEL per line")
	public := fs.String("public-layers", "", "asset `LAYERS` the OGC API ("+ogcapi.DefaultPrefix+") serves without a login, e.g. tree,lamp")
	if err := cli.ParseNoArgs(fs, args); err != nil {
		return err
	}
	var err error
	if m.PublicLayers, err = ogcapi.ParsePublic(*public); err != nil {
		return cli.Usagef("--public-layers: %v", err)
	}
	if m.DB == "" {
		return cli.Usagef("cần --db FILE hoặc postgres://… (--db is required)")
	}
	if (m.TLSCert == "") != (m.TLSKey == "") {
		return cli.Usagef("--tls-cert và --tls-key đi cùng nhau (give both or neither)")
	}
	return nil
}

// Run opens the store and starts serving; it returns once listening.
func (m *Main) Run(ctx context.Context) error {
	st, err := sqlstore.Open(ctx, m.DB)
	if err != nil {
		return err
	}
	m.Store = st
	m.Service = server.NewService(st)
	m.startSweep()
	ln, err := net.Listen("tcp", m.Listen)
	if err != nil {
		return err
	}
	m.ln = ln
	// Before anything can push (open311's queue): a push makes the
	// dashboard recompute the ward's kept views in the background.
	m.dash = dashboard.New(m.Service, m.Log)
	m.Service.OnPush = m.dash.Pushed
	citizens, err := open311.Mount(open311.ServiceBackend(m.Service), m.Ward, m.Open311Keys, remote.NewHandler(m.Service, m.Log), m.Log)
	if err != nil {
		ln.Close()
		return err
	}
	ogc, err := ogcapi.New(m.Service, ogcapi.Options{Ward: m.Ward, Public: m.PublicLayers, Log: m.Log})
	if err != nil {
		ln.Close()
		return err
	}
	root := http.NewServeMux()
	root.Handle(ogc.Prefix(), ogc)
	root.Handle(ogc.Prefix()+"/", ogc)
	root.Handle("/", withDashboard(citizens, m.dash))
	m.srv = &http.Server{
		Handler:           root,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(m.Log.Handler(), slog.LevelWarn),
	}
	m.done = make(chan error, 1)
	go func() {
		var err error
		if m.TLSCert != "" {
			err = m.srv.ServeTLS(ln, m.TLSCert, m.TLSKey)
		} else {
			err = m.srv.Serve(ln)
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		m.done <- err
	}()
	kind := "sqlite"
	if st.Postgres() {
		kind = "postgres"
	}
	m.Log.Info("listening", "addr", m.Addr(), "store", kind, "tls", m.TLSCert != "", "version", version)
	return nil
}

// Addr is the address the server listens on (useful with port 0).
func (m *Main) Addr() string {
	if m.ln == nil {
		return ""
	}
	return m.ln.Addr().String()
}

// Close stops accepting, lets running requests finish (up to 30 s) and
// closes the store.
func (m *Main) Close() error {
	var errs []error
	if m.sweep != nil {
		m.sweep()
		<-m.swept
	}
	if m.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		errs = append(errs, m.srv.Shutdown(ctx))
		cancel()
		errs = append(errs, <-m.done)
	}
	if m.dash != nil {
		m.dash.Close()
	}
	if m.Store != nil {
		errs = append(errs, m.Store.Close())
	}
	return errors.Join(errs...)
}

// startSweep deletes partial uploads idle for server.PartialTTL, now and
// every hour, until Close.
func (m *Main) startSweep() {
	ctx, cancel := context.WithCancel(context.Background())
	m.sweep, m.swept = cancel, make(chan struct{})
	go func() {
		defer close(m.swept)
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			n, err := m.Store.ExpireUploads(ctx, time.Now().Add(-server.PartialTTL))
			if err != nil && ctx.Err() == nil {
				m.Log.Error("expire partial uploads", "err", err)
			} else if n > 0 {
				m.Log.Info("expired partial uploads", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

// userCmd manages accounts: add, passwd, disable, enable.
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return cli.Usagef("cách dùng (usage): wardd user add|passwd|disable|enable NAME --db …")
	}
	verb := args[0]
	if cli.WantsHelp(args[:1]) { // wardd user --help, wardd user help
		helps.Print(stdout, "user", nil)
		return nil
	}
	fs := cli.NewFlags("user " + verb) // "wardd: user add: …": the program names itself
	db := fs.String("db", "", "SQLite file or postgres:// URL")
	role := fs.String("role", "", "role: "+strings.Join(server.Roles, ", "))
	tdp := fs.String("tdp", "", "the TDP a tdp_head reports for")
	ward := fs.String("ward", DefaultWard, "ward")
	pos, err := cli.ParseFlags(fs, args[1:])
	var hr cli.HelpRequest
	if errors.As(err, &hr) {
		helps.Print(stdout, helps.Path([]string{"user", verb}, nil), fs)
		return nil
	}
	if err != nil {
		return err
	}
	if !slices.Contains(userVerbs, verb) {
		return cli.Usagef("lệnh không rõ %q (unknown: use add, passwd, disable, enable)", verb)
	}
	if len(pos) != 1 {
		return cli.Usagef("cần đúng một tên người dùng (one user name needed)")
	}
	if *db == "" {
		return cli.Usagef("cần --db (--db is required)")
	}
	st, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := server.NewService(st)
	name := pos[0]
	switch verb {
	case "add":
		if *role == "" {
			return cli.Usagef("cần --role (--role is required): %s", strings.Join(server.Roles, ", "))
		}
		tdpID, err := resolveTDP(ctx, st, *ward, *role, *tdp)
		if err != nil {
			return err
		}
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		u, err := svc.AddUser(ctx, *ward, name, *role, tdpID, pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "đã tạo (created) %s: %s, phường (ward) %s\n", u.Name, u.Role, u.Ward)
	case "passwd":
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if err := svc.SetPassword(ctx, name, pw); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "đã đổi mật khẩu, các phiên cũ bị hủy (password changed, sessions revoked): %s\n", name)
	case "disable", "enable":
		if err := svc.SetDisabled(ctx, name, verb == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s\n", verb, name)
	}
	return nil
}

// resolveTDP finds the TDP a tdp_head reports for among the ward's TDP
// records on the server, by id, code or name (case and diacritics aside),
// and returns its id: a TDP head bound to an id no TDP has could report
// for nothing, and a typo would go unseen.
func resolveTDP(ctx context.Context, st server.Store, ward, role, arg string) (string, error) {
	if arg == "" {
		return "", nil
	}
	if role != server.TDPHead {
		return "", cli.Usagef("--tdp chỉ dành cho vai trò %s (--tdp is for the %s role only)", server.TDPHead, server.TDPHead)
	}
	var names []string
	want := gis.FoldSearch(arg)
	for after := int64(0); ; {
		recs, err := st.Changes(ctx, ward, server.ChangesQuery{After: after, Limit: 1000, Kinds: []string{string(gis.TDP)}})
		if err != nil {
			return "", err
		}
		for _, r := range recs {
			after = r.Rev
			if r.Deleted {
				continue
			}
			name, _ := r.Fields["name"].(string)
			code, _ := r.Fields["code"].(string)
			if r.ID == arg || code != "" && gis.FoldSearch(code) == want || name != "" && gis.FoldSearch(name) == want {
				return r.ID, nil
			}
			if len(names) < 20 {
				names = append(names, fmt.Sprintf("%s (%s %s)", r.ID, code, name))
			}
		}
		if len(recs) < 1000 {
			break
		}
	}
	if len(names) == 0 {
		return "", fmt.Errorf("phường %s chưa có tổ dân phố nào trên máy chủ: hãy đồng bộ bản đồ phường trước (ward %s has no TDP on the server yet: sync the ward's map first)", ward, ward)
	}
	return "", fmt.Errorf("không có tổ dân phố %q trong phường %s; có (no such TDP; the ward has): %s", arg, ward, strings.Join(names, "; "))
}

// readPassword reads one line from stdin: piped, or typed without echo.
func readPassword(r io.Reader) (string, error) {
	fmt.Fprint(os.Stderr, "Mật khẩu (password): ")
	pw, err := cli.ReadPassword(r, os.Stderr)
	if err != nil && pw == "" {
		return "", errors.New("không đọc được mật khẩu từ stdin (no password on stdin)")
	}
	return pw, nil
}
