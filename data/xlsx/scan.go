package xlsx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
)

// Buffer sizes of the inflate pipeline. A chunk is what one inflate read
// fills; the slack in front of it receives the unfinished token of the previous
// chunk so a token never has to be copied more than once (a token longer than
// the slack falls back to a private, growing buffer).
const (
	defaultChunk = 512 << 10
	defaultSlack = 64 << 10
	asyncBuffers = 4
)

// feeder hands out chunks of decompressed XML. next returns a buffer whose
// bytes [slack:slack+n] are new data, with n > 0 and a nil error, or n == 0 and
// a non-nil error (io.EOF at the end). release gives a buffer back once the
// scanner no longer looks at it.
type feeder interface {
	next() (buf []byte, n int, err error)
	release(buf []byte)
	slack() int
}

// readerFeeder reads synchronously from r; used for small parts and tests.
type readerFeeder struct {
	r    io.Reader
	bufs [2][]byte
	i    int
	sl   int
	err  error
}

func newReaderFeeder(r io.Reader, chunk, slack int) *readerFeeder {
	f := &readerFeeder{r: r, sl: slack}
	f.bufs[0] = make([]byte, slack+chunk)
	f.bufs[1] = make([]byte, slack+chunk)
	return f
}

func (f *readerFeeder) slack() int       { return f.sl }
func (f *readerFeeder) release(_ []byte) {}

func (f *readerFeeder) next() ([]byte, int, error) {
	if f.err != nil {
		return nil, 0, f.err
	}
	// Alternate between two buffers: the scanner still holds the previous one
	// while it copies the unfinished token out of it.
	buf := f.bufs[f.i]
	f.i ^= 1
	n, err := readChunk(f.r, buf[f.sl:])
	if err != nil {
		f.err = err
	}
	if n > 0 {
		return buf, n, nil
	}
	return nil, 0, f.err
}

// readChunk fills p as far as it can. Unlike io.ReadFull it keeps a reader's
// own io.ErrUnexpectedEOF (a truncated deflate stream) distinct from a normal
// end of data.
func readChunk(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
		if m == 0 {
			// A reader that returns nothing and no error forever would hang
			// us; io.Reader allows it only rarely, so give it a few tries.
			for tries := 0; m == 0 && err == nil && tries < 100; tries++ {
				m, err = r.Read(p[n:])
			}
			n += m
			if err != nil {
				return n, err
			}
			if m == 0 {
				return n, io.ErrNoProgress
			}
		}
	}
	return n, nil
}

type chunk struct {
	buf []byte
	n   int
	err error
}

// asyncFeeder inflates in its own goroutine so decompression and scanning
// overlap (they cost about the same).
type asyncFeeder struct {
	ch   chan chunk
	free chan []byte
	done chan struct{}
	err  error
}

func newAsyncFeeder(r io.Reader) *asyncFeeder {
	f := &asyncFeeder{
		ch:   make(chan chunk, asyncBuffers-2),
		free: make(chan []byte, asyncBuffers),
		done: make(chan struct{}),
	}
	for range asyncBuffers {
		f.free <- make([]byte, defaultSlack+defaultChunk)
	}
	go f.run(r)
	return f
}

func (f *asyncFeeder) run(r io.Reader) {
	defer close(f.ch)
	for {
		var buf []byte
		select {
		case buf = <-f.free:
		case <-f.done:
			return
		}
		n, err := readChunk(r, buf[defaultSlack:])
		if n > 0 {
			select {
			case f.ch <- chunk{buf: buf, n: n}:
			case <-f.done:
				return
			}
		}
		if err != nil {
			select {
			case f.ch <- chunk{err: err}:
			case <-f.done:
			}
			return
		}
	}
}

func (f *asyncFeeder) slack() int { return defaultSlack }

func (f *asyncFeeder) next() ([]byte, int, error) {
	if f.err != nil {
		return nil, 0, f.err
	}
	c, ok := <-f.ch
	if !ok {
		f.err = io.EOF
		return nil, 0, f.err
	}
	if c.err != nil {
		f.err = c.err
		return nil, 0, c.err
	}
	return c.buf, c.n, nil
}

func (f *asyncFeeder) release(buf []byte) {
	if cap(buf) != defaultSlack+defaultChunk {
		return
	}
	select {
	case f.free <- buf[:cap(buf)]:
	default:
	}
}

// stop ends the inflate goroutine and waits for it, so the caller may close
// the underlying reader afterwards.
func (f *asyncFeeder) stop() {
	close(f.done)
	for range f.ch {
	}
}

type tokKind uint8

const (
	tEOF tokKind = iota
	tText
	tStart
	tEnd
)

// scanner is a minimal pull tokenizer for the subset of XML found in xlsx
// parts. It hands out slices into its window; they are valid until the next
// call of next.
type scanner struct {
	f        feeder
	ctx      context.Context
	progress *atomic.Int64

	data []byte
	pos  int
	held []byte // pooled buffer behind data, released on the next fill
	big  []byte // private buffer for tokens longer than the slack
	eof  bool
	err  error

	// resume state of a start tag cut by the end of the window
	rColon, rName, rScan int
	rQuote               byte

	name      []byte // local name of a start or end tag
	attrs     []byte // raw attribute text of a start tag
	selfClose bool
	text      []byte
	cdata     bool
}

func newScanner(ctx context.Context, f feeder, progress *atomic.Int64) *scanner {
	return &scanner{f: f, ctx: ctx, progress: progress}
}

// fill appends the next chunk to the unconsumed tail of the window.
func (s *scanner) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.ctx != nil {
		if err := s.ctx.Err(); err != nil {
			s.err = err
			return false
		}
	}
	buf, n, err := s.f.next()
	if err != nil {
		if errors.Is(err, io.EOF) {
			s.eof = true
		} else {
			s.err = fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		return false
	}
	if s.progress != nil {
		s.progress.Add(int64(n))
	}
	left := s.data[s.pos:]
	sl := s.f.slack()
	if len(left) <= sl {
		start := sl - len(left)
		copy(buf[start:sl], left)
		s.data = buf[start : sl+n]
	} else {
		need := len(left) + n
		if s.pos == 0 && len(s.big) > 0 && len(s.data) == len(s.big) && &s.data[0] == &s.big[0] {
			// Still inside the same long token: append, amortised.
			s.big = append(s.big, buf[sl:sl+n]...)
			s.data = s.big
			s.f.release(buf)
			buf = nil
		} else if cap(s.big) < need {
			nb := make([]byte, need, 2*need)
			copy(nb, left)
			s.big = nb
		} else {
			// left may live inside big; copy handles the overlap.
			s.big = s.big[:need]
			copy(s.big, left)
		}
		if buf != nil {
			copy(s.big[len(left):], buf[sl:sl+n])
			s.data = s.big
			s.f.release(buf)
			buf = nil
		}
	}
	if s.held != nil {
		s.f.release(s.held)
	}
	s.held = buf
	s.pos = 0
	return true
}

func (s *scanner) truncated() (tokKind, error) {
	if s.err != nil {
		return tEOF, s.err
	}
	return tEOF, fmt.Errorf("%w: unexpected end of XML", ErrCorrupt)
}

// more asks for more data when the current token is incomplete; false means
// the token can never be completed.
func (s *scanner) more() bool { return s.fill() }

func (s *scanner) next() (tokKind, error) {
	for {
		if s.pos >= len(s.data) {
			if !s.fill() {
				if s.err != nil {
					return tEOF, s.err
				}
				return tEOF, nil
			}
			continue
		}
		d := s.data[s.pos:]
		if d[0] != '<' {
			i := bytes.IndexByte(d, '<')
			if i < 0 {
				// Text must be delivered whole: wait for the next tag.
				if s.more() {
					continue
				}
				if s.err != nil {
					return tEOF, s.err
				}
				s.text, s.cdata = d, false
				s.pos = len(s.data)
				return tText, nil
			}
			s.text, s.cdata = d[:i], false
			s.pos += i
			return tText, nil
		}
		if len(d) < 2 {
			if s.more() {
				continue
			}
			return s.truncated()
		}
		switch d[1] {
		case '/':
			i := bytes.IndexByte(d, '>')
			if i < 0 {
				if s.more() {
					continue
				}
				return s.truncated()
			}
			s.name = localName(trimSpace(d[2:i]))
			s.pos += i + 1
			return tEnd, nil
		case '?':
			i := bytes.Index(d, []byte("?>"))
			if i < 0 {
				if s.more() {
					continue
				}
				return s.truncated()
			}
			s.pos += i + 2
			continue
		case '!':
			if len(d) < 9 && !s.eof {
				if s.more() {
					continue
				}
			}
			switch {
			case bytes.HasPrefix(d, []byte("<!--")):
				i := bytes.Index(d[4:], []byte("-->"))
				if i < 0 {
					if s.more() {
						continue
					}
					return s.truncated()
				}
				s.pos += 4 + i + 3
				continue
			case bytes.HasPrefix(d, []byte("<![CDATA[")):
				i := bytes.Index(d[9:], []byte("]]>"))
				if i < 0 {
					if s.more() {
						continue
					}
					return s.truncated()
				}
				s.text, s.cdata = d[9:9+i], true
				s.pos += 9 + i + 3
				return tText, nil
			default: // <!DOCTYPE ...> and the like; xlsx has none
				i := bytes.IndexByte(d, '>')
				if i < 0 {
					if s.more() {
						continue
					}
					return s.truncated()
				}
				s.pos += i + 1
				continue
			}
		default:
			// '>' is legal inside attribute values: find the real end
			// with one pass that skips quoted text, and split off the
			// name (dropping a prefix) on the way.
			// A tag cut by the window end resumes where the last look
			// stopped, so a huge unterminated tag costs linear time.
			colon, j, k, q := s.rColon, s.rName, s.rScan, s.rQuote
			if j == 0 {
				j = 1
			}
			if k == 0 {
				for j < len(d) {
					c := d[j]
					if c == '>' || c == '/' || isSpace(c) {
						break
					}
					if c == ':' {
						colon = j
					}
					j++
				}
				if j == len(d) { // the name itself is cut
					s.rColon, s.rName, s.rScan = colon, j, 0
					if s.more() {
						continue
					}
					s.rColon, s.rName = 0, 0
					return s.truncated()
				}
				k = j
			}
			i := -1
			for ; k < len(d); k++ {
				c := d[k]
				if q != 0 {
					if c == q {
						q = 0
					}
				} else if c == '"' || c == '\'' {
					q = c
				} else if c == '>' {
					i = k
					break
				}
			}
			if i < 0 {
				s.rColon, s.rName, s.rScan, s.rQuote = colon, j, k, q
				if s.more() {
					continue
				}
				s.rColon, s.rName, s.rScan, s.rQuote = 0, 0, 0, 0
				return s.truncated()
			}
			s.rColon, s.rName, s.rScan, s.rQuote = 0, 0, 0, 0
			tag := d[:i]
			s.selfClose = tag[len(tag)-1] == '/'
			if s.selfClose {
				tag = tag[:len(tag)-1]
			}
			s.name = d[max(1, colon+1):min(j, len(tag))]
			s.attrs = tag[min(j, len(tag)):]
			s.pos += i + 1
			return tStart, nil
		}
	}
}

// fastText recognises the common shapes of a cell's content right after its
// start tag, <v>text</v></c> and <is><t>text</t></is></c>, and consumes them
// in one step. inline tells which one matched. When the content has any other
// shape, or is cut by the end of the window, it returns ok == false and
// consumes nothing, so the general tokenizer takes over.
func (s *scanner) fastText() (text []byte, inline, ok bool) {
	d := s.data[s.pos:]
	switch {
	case len(d) > 3 && d[0] == '<' && d[1] == 'v' && d[2] == '>':
		i := bytes.IndexByte(d[3:], '<')
		if i < 0 || !bytes.HasPrefix(d[3+i:], []byte("</v></c>")) {
			return nil, false, false
		}
		s.pos += 3 + i + 8
		return d[3 : 3+i], false, true
	case len(d) > 7 && bytes.HasPrefix(d, []byte("<is><t>")):
		i := bytes.IndexByte(d[7:], '<')
		if i < 0 || !bytes.HasPrefix(d[7+i:], []byte("</t></is></c>")) {
			return nil, false, false
		}
		s.pos += 7 + i + 13
		return d[7 : 7+i], true, true
	}
	return nil, false, false
}
