package scanner

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ReadCookieFile reads a Netscape cookie file (the format of curl -c and of
// browser cookie exporters): one cookie per line, seven tab-separated
// fields domain, include-subdomains, path, secure, expiry, name, value. A
// "#HttpOnly_" prefix marks an HttpOnly cookie; other "#" lines and blank
// lines are comments. A bad line is an error naming it.
func ReadCookieFile(r io.Reader) ([]Cookie, error) {
	var out []Cookie
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		httpOnly := false
		if rest, ok := strings.CutPrefix(line, "#HttpOnly_"); ok {
			line, httpOnly = rest, true
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("cookie file line %d: %d tab-separated fields, want 7", n, len(f))
		}
		exp, err := strconv.ParseInt(f[4], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("cookie file line %d: expiry %q is not a number", n, f[4])
		}
		c := Cookie{Domain: f[0], Path: f[2], Secure: strings.EqualFold(f[3], "TRUE"), Name: f[5], Value: f[6], HTTPOnly: httpOnly}
		if c.Name == "" || c.Domain == "" {
			return nil, fmt.Errorf("cookie file line %d: empty domain or name", n)
		}
		if exp > 0 {
			c.Expires = time.Unix(exp, 0)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read cookie file: %w", err)
	}
	return out, nil
}
