package discover

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadURLList(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []ListedURL
		wantErr string
	}{
		{
			name: "comments and blank lines",
			in: "# pages to scan\n\nhttps://example.com/\n   \n  https://example.com/about  # the about page\n" +
				"\t# indented comment\nhttps://example.com/faq#answers\n",
			want: []ListedURL{
				{URL: "https://example.com/", Line: 3},
				{URL: "https://example.com/about", Line: 5},
				{URL: "https://example.com/faq", Line: 7},
			},
		},
		{
			name: "crlf and bom",
			in:   "\uFEFFhttps://example.com/a\r\n\r\nhttps://example.com/b\r\n",
			want: []ListedURL{
				{URL: "https://example.com/a", Line: 1},
				{URL: "https://example.com/b", Line: 3},
			},
		},
		{
			name: "dedupe keeps first line",
			in:   "https://example.com/x\nHTTPS://EXAMPLE.com:443/x\nhttps://example.com/y\nhttps://example.com/x#frag\n",
			want: []ListedURL{
				{URL: "https://example.com/x", Line: 1},
				{URL: "https://example.com/y", Line: 3},
			},
		},
		{
			name: "no final newline",
			in:   "http://example.com",
			want: []ListedURL{{URL: "http://example.com/", Line: 1}},
		},
		{name: "empty", in: "# nothing\n\n", want: nil},
		{
			name:    "bad scheme names line and text",
			in:      "https://example.com/\n# ok\nftp://example.com/file\n",
			wantErr: `line 3: "ftp://example.com/file": scheme "ftp" is not http or https`,
		},
		{
			name:    "missing scheme",
			in:      "example.com/page\n",
			wantErr: `line 1: "example.com/page": not an http(s) URL`,
		},
		{
			name:    "no host",
			in:      "\n\nhttps:///path\n",
			wantErr: `line 3: "https:///path": no host`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadURLList(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
