package seed

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encodings a file may be read in. Auto (empty) chooses by content.
const (
	Auto    = ""
	UTF8    = "utf-8"
	GB18030 = "gb18030"
)

// sniffSize is how much of a file decides its encoding and format.
const sniffSize = 64 << 10

var bom = []byte("\uFEFF")

// CheckEncoding refuses an encoding name the loader does not know.
func CheckEncoding(name string) error {
	_, err := canonicalEncoding(name)
	return err
}

func canonicalEncoding(name string) (string, error) {
	switch name {
	case Auto:
		return Auto, nil
	case UTF8, "utf8", "UTF-8":
		return UTF8, nil
	case GB18030, "gbk", "gb2312", "GB18030", "GBK":
		return GB18030, nil
	}
	return "", fmt.Errorf("unknown encoding %q: want utf-8 or gb18030 (or none: chosen by content)", name)
}

// textError is the one error of a file whose bytes are not text in its encoding.
type textError struct {
	line, col int
	reason    string
	field     string // "encoding" when empty
}

func (e *textError) fieldName() string {
	if e.field == "" {
		return "encoding"
	}
	return e.field
}

func (e *textError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.reason) }

// decodeText returns the UTF-8 text of a file read from br (whose first
// sniffSize bytes can be peeked), in the encoding forced or, when none is, the
// one its content shows: a byte-order mark or valid UTF-8 is UTF-8, otherwise
// GB18030 when the start decodes cleanly. The reader returned fails with a
// *textError at the first byte that is not text, so an undecodable file gives
// one error, not one per line.
func decodeText(br *bufio.Reader, forced string) (io.Reader, error) {
	enc, err := canonicalEncoding(forced)
	if err != nil {
		return nil, &textError{line: 1, col: 1, reason: err.Error()}
	}
	head, _ := br.Peek(sniffSize)
	if bytes.HasPrefix(head, bom) {
		if enc == GB18030 {
			return nil, &textError{line: 1, col: 1, reason: "the file starts with a UTF-8 byte-order mark: it is UTF-8, not gb18030 (drop -encoding)"}
		}
		br.Discard(len(bom))
		return &textCheck{r: br, line: 1, col: 1, hint: "invalid UTF-8 in a file that starts as UTF-8"}, nil
	}
	utf8Start := validPrefix(head)
	if enc == GB18030 && utf8Start && hasMultibyte(head) {
		return nil, &textError{line: 1, col: 1, reason: "the file is valid UTF-8 with multi-byte characters: reading it as gb18030 would turn them into other characters (drop -encoding)"}
	}
	if enc == UTF8 || (enc == Auto && utf8Start) {
		hint := "invalid UTF-8; a file saved by Chinese Excel is GB18030: use -encoding gb18030"
		return &textCheck{r: br, line: 1, col: 1, hint: hint}, nil
	}
	if enc == Auto && !cleanGB18030(head) {
		line, col := invalidAt(head)
		return nil, &textError{line: line, col: col, reason: "neither UTF-8 nor GB18030 text: is this the right file?"}
	}
	gb := transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	return &textCheck{r: gb, line: 1, col: 1, gb: true, hint: "bytes that are not GB18030 text"}, nil
}

// validPrefix: b is UTF-8 (a window of a longer file up to its last line end).
func validPrefix(b []byte) bool {
	return utf8.Valid(window(b))
}

// window is b, or when b is a full sniff window of a longer file, b up to
// its last line end: a character may be cut after it.
func window(b []byte) []byte {
	if len(b) == sniffSize {
		if i := bytes.LastIndexByte(b, '\n'); i > 0 {
			return b[:i]
		}
	}
	return b
}

func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// cleanGB18030: b decodes without a replacement character (a window of a
// longer file is cut at its last line end: a character may be cut after it).
func cleanGB18030(b []byte) bool {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(window(b))
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// invalidAt is the line and byte column of the first byte of b that is not UTF-8.
func invalidAt(b []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col += size
		i += size
	}
	return line, col
}

// textCheck passes UTF-8 text through and fails at the first byte that is
// not (in text decoded from GB18030, the replacement character the decoder
// puts for bytes it cannot read).
type textCheck struct {
	r         io.Reader
	line, col int
	pending   []byte // the start of a rune cut by the end of the last read
	gb        bool
	hint      string
	err       error
}

func (t *textCheck) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.r.Read(p)
	if cerr := t.scan(p[:n]); cerr != nil {
		t.err = cerr
		return 0, cerr
	}
	if errors.Is(err, io.EOF) && len(t.pending) > 0 {
		t.err = &textError{line: t.line, col: t.col, reason: t.hint + " (a character cut at the end of the file)"}
		return n, t.err
	}
	return n, err
}

func (t *textCheck) scan(b []byte) error {
	if plen := len(t.pending); plen > 0 {
		buf := append(t.pending, b[:min(len(b), utf8.UTFMax)]...)
		if !utf8.FullRune(buf) {
			t.pending = buf
			return nil
		}
		r, size := utf8.DecodeRune(buf)
		if r == utf8.RuneError && size <= 1 || (t.gb && r == utf8.RuneError) {
			return &textError{line: t.line, col: t.col, reason: t.hint}
		}
		b = b[size-plen:]
		t.pending = nil
		t.col += size
	}
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				t.line, t.col = t.line+1, 0
			}
			t.col++
			i++
			continue
		}
		if !utf8.FullRune(b[i:]) {
			t.pending = append([]byte(nil), b[i:]...)
			return nil
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && (size <= 1 || t.gb) {
			return &textError{line: t.line, col: t.col, reason: t.hint}
		}
		t.col += size
		i += size
	}
	return nil
}

// decodeAll is decodeText of a whole file in memory (catalogues).
func decodeAll(data []byte, forced string) ([]byte, error) {
	r, err := decodeText(bufio.NewReaderSize(bytes.NewReader(data), sniffSize), forced)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
