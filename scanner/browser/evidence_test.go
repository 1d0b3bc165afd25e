package browser_test

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// TestEvidenceBoxOnTheNumber checks that the footer screenshot shows the
// number's box around the number. A capture beyond the viewport lays the
// page out again at the document's size: on a VuePress reco home page
// (testdata/evidence: a fixed navbar, a sticky card, a 60vh hero) the boxes
// drawn from the measurement sat a line below the text they measured. The
// number is drawn in a colour of its own; the number's box is the
// overlay's #d32f2f border: a row of it must lie just above the text and
// one just below, a quarter of the way into the text.
func TestEvidenceBoxOnTheNumber(t *testing.T) {
	b := testBrowser(t)
	page, err := os.ReadFile(filepath.Join("testdata", "evidence", "reco-footer.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	dir := t.TempDir()
	vs, _ := scanner.ParseViewports("desktop")
	res, err := scanner.Scan(context.Background(), b, []scanner.Target{{URL: srv.URL + "/", Display: srv.URL + "/", Entry: true}}, scanner.Options{
		Viewports: vs, Timeout: 20 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year()),
		Artifacts: &scanner.Artifacts{Dir: dir, When: scanner.ScreenshotsAll},
	})
	if err != nil || len(res.Pages) != 1 {
		t.Fatalf("scan: %v %+v", err, res)
	}
	shots, _ := filepath.Glob(filepath.Join(dir, "*-desktop-footer.png"))
	if len(shots) != 1 {
		t.Fatalf("footer screenshots %v, want one", shots)
	}
	f, err := os.Open(shots[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	near := func(x, y int, r0, g0, b0, tol int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		d := func(v uint32, w int) int { return max(int(v>>8)-w, w-int(v>>8)) }
		return d(r, r0) <= tol && d(g, g0) <= tol && d(b, b0) <= tol
	}
	// The text: the bounding box of its colour.
	bb := image.Rectangle{Min: image.Pt(1<<30, 1<<30)}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if near(x, y, 0x7b, 0x00, 0xff, 60) {
				bb.Min.X, bb.Min.Y = min(bb.Min.X, x), min(bb.Min.Y, y)
				bb.Max.X, bb.Max.Y = max(bb.Max.X, x+1), max(bb.Max.Y, y+1)
			}
		}
	}
	if bb.Empty() {
		t.Fatalf("the number's colour is not in the footer screenshot %s", shots[0])
	}
	// The number's box: red rows above and below the text, in the column
	// a quarter of the way in (clear of the centre lines).
	x := bb.Min.X + bb.Dx()/4
	var rows []string
	above, below := false, false
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		if !near(x, y, 0xd3, 0x2f, 0x2f, 40) {
			continue
		}
		rows = append(rows, fmt.Sprint(y))
		above = above || (y >= bb.Min.Y-14 && y < bb.Min.Y)
		below = below || (y >= bb.Max.Y && y < bb.Max.Y+14)
	}
	if !above || !below {
		t.Errorf("the number's box is not around the number: text rows %d–%d, box border rows at x=%d: %s", bb.Min.Y, bb.Max.Y, x, strings.Join(rows, " "))
	}
}
