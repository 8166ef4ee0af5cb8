package remote_test

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// proxy forwards loopback TCP to a server and can cut every open
// connection once a number of bytes has passed in one direction: a
// network that drops in the middle of a response or an upload.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	// armed direction: 1 server→client, 2 client→server; limit in bytes
	dir   atomic.Int32
	limit atomic.Int64
	seen  atomic.Int64
	cuts  atomic.Int32
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.closeAll() })
	return p
}

func (p *proxy) URL() string { return "http://" + p.ln.Addr().String() }

// cutAfter arms one cut: after n more bytes in direction dir.
func (p *proxy) cutAfter(dir int32, n int64) {
	p.seen.Store(0)
	p.limit.Store(n)
	p.dir.Store(dir)
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go p.pipe(c, s, 1)
		go p.pipe(s, c, 2)
	}
}

func (p *proxy) pipe(dst, src net.Conn, dir int32) {
	buf := make([]byte, 4096)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if p.dir.Load() == dir {
				left := p.limit.Load() - p.seen.Load()
				if int64(n) >= left {
					dst.Write(buf[:max(left, 0)])
					p.dir.Store(0)
					p.cuts.Add(1)
					p.closeAll()
					return
				}
				p.seen.Add(int64(n))
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				src.Close()
				return
			}
		}
		if err != nil {
			if err != io.EOF {
				dst.Close()
			}
			dst.Close()
			return
		}
	}
}

func (p *proxy) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
