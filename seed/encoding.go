package seed

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encodings a file may be read in.
const (
	UTF8    = "utf-8"
	GB18030 = "gb18030"
)

// Decode turns a file in encoding into UTF-8 text. GB18030 is a superset of
// GBK and GB2312, what Chinese Excel saves CSV files in.
func Decode(data []byte, encoding string) ([]byte, error) {
	switch encoding {
	case "", UTF8, "utf8":
		return data, nil
	case GB18030, "gbk", "gb2312":
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("decode %s: %w", encoding, err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown encoding %q: want utf-8 or gb18030", encoding)
}

var bom = []byte("\uFEFF")

// checkText strips a byte-order mark and reports each line holding bytes that
// are not UTF-8, with the hint that fixes the usual cause.
func checkText(c *collector, data []byte) ([]byte, bool) {
	data = bytes.TrimPrefix(data, bom)
	if utf8.Valid(data) {
		return data, true
	}
	line := 1
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		if l := data[:end]; !utf8.Valid(l) {
			c.add(line, firstInvalid(l), "encoding", "invalid UTF-8; a file saved by Chinese Excel is GB18030: use -encoding gb18030")
		}
		if end < len(data) {
			end++
		}
		data = data[end:]
		line++
	}
	return nil, false
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i + 1
		}
		i += size
	}
	return 1
}
