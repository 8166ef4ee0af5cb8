package ward

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Session is a login to a ward server, kept in the user's config folder
// (sessions.json, mode 0600) by server URL: `wardmap login` and the
// desktop's login dialog write it, every sync reads it.
type Session struct {
	Token   string    `json:"token"`
	User    string    `json:"user"`
	Role    string    `json:"role"`
	Ward    string    `json:"ward"`
	Expires time.Time `json:"expires"`
}

// ErrNoServer: no server was given and the database never synced.
var ErrNoServer = errors.New("cần --server URL (no server given and this database has never synced)")

// SessionsPath is where the logins are kept.
func SessionsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "wardmap", "sessions.json"), nil
}

// Sessions reads every saved login (none when the file does not exist).
func Sessions() (map[string]Session, error) {
	p, err := SessionsPath()
	if err != nil {
		return nil, err
	}
	m := map[string]Session{}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	return m, json.Unmarshal(b, &m)
}

// SaveSession keeps s as the login to server, replacing the file whole
// (written beside it with mode 0600, then renamed): a token is never
// readable by others, even for a moment.
func SaveSession(server string, s Session) error {
	m, err := Sessions()
	if err != nil {
		return err
	}
	m[server] = s
	p, _ := SessionsPath()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// NormServer is a server URL as sessions are keyed: trimmed, no final "/".
func NormServer(s string) string { return strings.TrimRight(strings.TrimSpace(s), "/") }

// Login signs in to c's server and keeps the session.
func Login(ctx context.Context, c *remote.Client, user, password string) (Session, error) {
	res, err := c.Login(ctx, user, password)
	if err != nil {
		return Session{}, err
	}
	s := Session{Token: res.Token, User: res.User.Name, Role: res.User.Role, Ward: res.User.Ward, Expires: res.Expires}
	if err := SaveSession(NormServer(c.BaseURL), s); err != nil {
		return Session{}, fmt.Errorf("lưu phiên (save session): %w", err)
	}
	return s, nil
}

// ClientFor finds the server (server, else the one st last synced with)
// and its saved login, and refuses an expired one.
func ClientFor(ctx context.Context, st *gpkg.Store, server string) (*remote.Client, *Session, error) {
	srv := NormServer(server)
	if srv == "" {
		s, err := st.SyncState(ctx, remote.StateServer)
		if err != nil {
			return nil, nil, err
		}
		srv = s
	}
	if srv == "" {
		return nil, nil, ErrNoServer
	}
	m, err := Sessions()
	if err != nil {
		return nil, nil, err
	}
	s, ok := m[srv]
	if !ok {
		return nil, nil, gis.Errorf(gis.EUNAUTHORIZED, "chưa đăng nhập %s: chạy (not logged in, run) `wardmap login --server %s --user NAME`", srv, srv)
	}
	if time.Now().After(s.Expires) {
		return nil, nil, gis.Errorf(gis.EUNAUTHORIZED, "phiên đăng nhập %s đã hết hạn: đăng nhập lại (session expired, log in again)", srv)
	}
	return remote.NewClient(srv, s.Token), &s, nil
}

// SyncClient is the client for one sync of st (`wardmap sync` and the
// desktop's sync button): the server and its saved login, checked against
// the ward the database belongs to, which are then remembered in st.
func SyncClient(ctx context.Context, st *gpkg.Store, server string) (*remote.Client, error) {
	c, sess, err := ClientFor(ctx, st, server)
	if err != nil {
		return nil, err
	}
	if prev, _ := st.SyncState(ctx, "ward"); prev != "" && prev != sess.Ward {
		return nil, gis.Errorf(gis.EINVALID, "cơ sở dữ liệu này thuộc phường %s, phiên đăng nhập là phường %s (this database belongs to another ward)", prev, sess.Ward)
	}
	if err := st.SetSyncState(ctx, remote.StateServer, c.BaseURL); err != nil {
		return nil, err
	}
	if err := st.SetSyncState(ctx, "ward", sess.Ward); err != nil {
		return nil, err
	}
	return c, nil
}

// History is record id's changes on the server (`wardmap history`), asked
// with the saved login to server ("": the one st last synced with).
func History(ctx context.Context, st *gpkg.Store, server, id string) ([]wire.Change, error) {
	c, _, err := ClientFor(ctx, st, server)
	if err != nil {
		return nil, err
	}
	return c.History(ctx, id)
}
