package remote

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Client talks to a ward server. Requests that fail on the network or with
// a server error are retried with exponential backoff, Retries times;
// every request it retries is safe to repeat (pushes carry operation IDs,
// chunks carry offsets).
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
	// Retries after the first attempt (default 6) and the first wait
	// (default 500 ms, doubling, at most 30 s).
	Retries int
	Backoff time.Duration
	// OnRetry, when set, hears of each retry (for a progress line).
	OnRetry func(attempt int, err error, wait time.Duration)
	// ChunkSize is the photo upload chunk (default 1 MiB).
	ChunkSize int
}

// NewClient returns a client of the server at base.
func NewClient(base, token string) *Client {
	return &Client{BaseURL: strings.TrimRight(base, "/"), Token: token, HTTP: &http.Client{Timeout: 2 * time.Minute}, Retries: 6, Backoff: 500 * time.Millisecond}
}

// StatusError is an answer with an error status.
type StatusError struct {
	Status  int
	Code    string
	Message string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("máy chủ trả lời (server answered) %d: %s", e.Status, e.Message)
}

// Unwrap gives the gis error of the same code.
func (e *StatusError) Unwrap() error { return &gis.Error{Code: e.Code, Message: e.Message} }

func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status >= 500 || se.Status == http.StatusTooManyRequests
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// retry runs fn until it succeeds, fails for good or the retries run out.
func (c *Client) retry(ctx context.Context, fn func() error) error {
	wait := c.Backoff
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil || !retryable(err) || attempt >= c.Retries || ctx.Err() != nil {
			if err != nil && attempt > 0 && retryable(err) {
				return fmt.Errorf("sau %d lần thử (after %d attempts): %w", attempt+1, attempt+1, err)
			}
			return err
		}
		if c.OnRetry != nil {
			c.OnRetry(attempt+1, err, wait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 30*time.Second)
	}
}

// call sends one request (no retry) and decodes a JSON answer into out.
func (c *Client) call(ctx context.Context, method, path string, hdr http.Header, body []byte, out any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return nil, err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		var eb ErrorBody
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if json.Unmarshal(b, &eb) != nil || eb.Error.Message == "" {
			eb.Error.Code, eb.Error.Message = gis.EINTERNAL, strings.TrimSpace(string(b))
		}
		return resp, &StatusError{Status: resp.StatusCode, Code: eb.Error.Code, Message: eb.Error.Message}
	}
	if out == nil {
		return resp, nil
	}
	if w, ok := out.(io.Writer); ok {
		_, err = io.Copy(w, resp.Body)
		return resp, err
	}
	dec := json.NewDecoder(resp.Body)
	if _, page := out.(*wire.Page); !page {
		// A pull page's numbers decode as float64 at once: the laptop's
		// store reads whole floats as integers where the field is one, and
		// no record field needs more than float64's 53 bits. Skipping the
		// json.Number strings of a million records saves a fifth of the
		// decode.
		dec.UseNumber()
	}
	if err := dec.Decode(out); err != nil {
		return resp, fmt.Errorf("câu trả lời hỏng (bad answer): %w", err)
	}
	return resp, nil
}

func (c *Client) json(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	return c.retry(ctx, func() error {
		_, err := c.call(ctx, method, path, nil, body, out)
		return err
	})
}

// Login exchanges a password for a token (and keeps it in c.Token). It is
// not retried: a wrong password must not count twice.
func (c *Client) Login(ctx context.Context, user, password string) (*LoginResponse, error) {
	body, _ := json.Marshal(LoginRequest{User: user, Password: password})
	var out LoginResponse
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/login", nil, body, &out); err != nil {
		return nil, err
	}
	c.Token = out.Token
	return &out, nil
}

// Me returns who the token belongs to.
func (c *Client) Me(ctx context.Context) (*UserInfo, error) {
	var u UserInfo
	return &u, c.json(ctx, http.MethodGet, "/api/v1/me", nil, &u)
}

// Push sends operations and returns the server's answers.
func (c *Client) Push(ctx context.Context, ops []wire.Op) ([]wire.OpResult, error) {
	var out wire.PushResponse
	if err := c.json(ctx, http.MethodPost, "/api/v1/push", wire.PushRequest{Ops: ops}, &out); err != nil {
		return nil, err
	}
	for i := range out.Results {
		for j := range out.Results[i].Conflicts {
			cf := &out.Results[i].Conflicts[j]
			cf.Mine, cf.Theirs = wire.Normalize(cf.Mine), wire.Normalize(cf.Theirs)
		}
	}
	return out.Results, nil
}

// PullQuery narrows a pull.
type PullQuery struct {
	Kinds []string
	Bound *[4]float64
	Limit int
}

// Changes fetches one page of records changed after a revision.
func (c *Client) Changes(ctx context.Context, after int64, q PullQuery) (*wire.Page, error) {
	v := url.Values{"after": {strconv.FormatInt(after, 10)}}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if len(q.Kinds) > 0 {
		v.Set("kinds", strings.Join(q.Kinds, ","))
	}
	if b := q.Bound; b != nil {
		v.Set("bbox", fmt.Sprintf("%g,%g,%g,%g", b[0], b[1], b[2], b[3]))
	}
	var p wire.Page
	if err := c.json(ctx, http.MethodGet, "/api/v1/changes?"+v.Encode(), nil, &p); err != nil {
		return nil, err
	}
	for i := range p.Records {
		wire.Normalize(p.Records[i].Fields)
	}
	return &p, nil
}

// History returns a record's changes on the server.
func (c *Client) History(ctx context.Context, id string) ([]wire.Change, error) {
	var out HistoryResponse
	return out.Changes, c.json(ctx, http.MethodGet, "/api/v1/records/"+url.PathEscape(id)+"/history", nil, &out)
}

// MissingBlobs returns those of shas the server does not hold.
func (c *Client) MissingBlobs(ctx context.Context, shas []string) ([]string, error) {
	var out BlobsResponse
	return out.Missing, c.json(ctx, http.MethodPost, "/api/v1/blobs/missing", BlobsRequest{SHA256: shas}, &out)
}

// UploadBlob sends data in chunks, starting where the server's copy ends,
// so that an upload cut by the network resumes instead of starting over.
func (c *Client) UploadBlob(ctx context.Context, sha string, data []byte) error {
	chunk := c.ChunkSize
	if chunk <= 0 {
		chunk = 1 << 20
	}
	return c.retry(ctx, func() error {
		var st BlobStatus
		if _, err := c.call(ctx, http.MethodGet, "/api/v1/blobs/"+sha+"/status", nil, nil, &st); err != nil {
			return err
		}
		off := st.Received
		for !st.Complete && off < int64(len(data)) {
			end := min(off+int64(chunk), int64(len(data)))
			path := fmt.Sprintf("/api/v1/blobs/%s?offset=%d&size=%d", sha, off, len(data))
			hdr := http.Header{"Content-Type": {"application/octet-stream"}}
			_, err := c.call(ctx, http.MethodPut, path, hdr, data[off:end], &st)
			if err != nil {
				return err
			}
			off = st.Received
		}
		return nil
	})
}

// DownloadBlob fetches a blob, resuming a cut transfer with a Range
// request, and checks its SHA-256.
func (c *Client) DownloadBlob(ctx context.Context, sha string) ([]byte, error) {
	var buf bytes.Buffer
	err := c.retry(ctx, func() error {
		hdr := http.Header{}
		if buf.Len() > 0 {
			hdr.Set("Range", fmt.Sprintf("bytes=%d-", buf.Len()))
		}
		w := &countWriter{w: &buf}
		resp, err := c.call(ctx, http.MethodGet, "/api/v1/blobs/"+sha, hdr, nil, w)
		if resp != nil && resp.StatusCode == http.StatusOK && buf.Len() > int(w.n) {
			// The server ignored the Range: keep only the fresh copy.
			b := buf.Bytes()[buf.Len()-int(w.n):]
			buf = *bytes.NewBuffer(append([]byte(nil), b...))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	if hex.EncodeToString(sum[:]) != sha {
		return nil, gis.Errorf(gis.EINVALID, "tệp tải về hỏng (downloaded blob does not hash to %s)", sha)
	}
	return buf.Bytes(), nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
