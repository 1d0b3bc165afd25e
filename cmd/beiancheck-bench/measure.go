package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	procfs "github.com/beiancheck/beiancheck/scanner/browser/proc"
)

// figures are one contestant's results.
type figures struct {
	pages    int // page-viewports (pages for pa11y-ci)
	wall     time.Duration
	perPage  []time.Duration
	peakPSS  int64 // KiB
	peakRSS  int64 // KiB
	failures int
}

func (f figures) rate() float64 { return float64(f.pages) / f.wall.Seconds() }

func (f figures) pct(p float64) time.Duration {
	if len(f.perPage) == 0 {
		return 0
	}
	s := slices.Clone(f.perPage)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// bareLoop navigates each URL at both viewports and evaluates 1: the floor.
// The browser runs in its own process group with a profile under dir, both
// tracked by r.
func bareLoop(ctx context.Context, chrome string, urls []string, tabs int, dir string, r *reaper) (figures, error) {
	profile := filepath.Join(dir, "bare-profile")
	if err := os.MkdirAll(profile, 0o755); err != nil {
		return figures{}, err
	}
	r.trackFolder(profile)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.UserDataDir(profile),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-gpu", true),
		chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) {
			// Replacing chromedp's default drops its Pdeathsig: keep it.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
		}))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx); err != nil {
		return figures{}, err
	}
	pgid := chromedp.FromContext(bctx).Browser.Process().Pid
	r.track(pgid)
	defer reapGroup(context.WithoutCancel(ctx), pgid)
	type vp struct {
		w, h   int64
		scale  float64
		mobile bool
	}
	vps := []vp{{375, 812, 2, true}, {1366, 768, 1, false}}
	// The browser's processes are the children of this one.
	mem := sampleMemory(os.Getpid(), false)
	jobs := make(chan string)
	var mu sync.Mutex
	var f figures
	var wg sync.WaitGroup
	start := time.Now()
	for range tabs {
		wg.Go(func() {
			tctx, cancel := chromedp.NewContext(bctx)
			defer cancel()
			for u := range jobs {
				for _, v := range vps {
					t0 := time.Now()
					err := chromedp.Do(tctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
						_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: v.w, Height: v.h, DeviceScaleFactor: v.scale, Mobile: v.mobile})
						return err
					}), chromedp.Navigate(u), chromedp.Evaluate[chromedp.Void]("1"))
					mu.Lock()
					f.pages++
					f.perPage = append(f.perPage, time.Since(t0))
					if err != nil {
						f.failures++
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, u := range urls {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
	f.wall = time.Since(start)
	f.peakPSS, f.peakRSS = mem.stop()
	bcancel()
	acancel() // the browser's processes end before the next contestant starts
	return f, reapGroup(context.WithoutCancel(ctx), pgid)
}

// scanRun runs beiancheck on targets (its arguments naming what to scan:
// "--sitemap URL", "--urls FILE") and samples the memory of it and its
// browser; tabs 0 keeps beiancheck's default concurrency. The JSON report
// goes to dir/name.json. beiancheck runs in its own process group, its
// temporary folder (where chromedp puts the profile) under dir, both
// tracked by r.
func scanRun(ctx context.Context, bin, chrome string, targets []string, tabs int, dir, name string, r *reaper) (figures, error) {
	jsonl := filepath.Join(dir, name+".jsonl")
	os.Remove(jsonl)
	tmp, err := contestantTemp(dir, name)
	if err != nil {
		return figures{}, err
	}
	r.trackFolder(tmp)
	args := []string{"scan", "--quiet", "--annotations", "none", "--fail-on", "none", "--chrome", chrome,
		"--jsonl", jsonl, "--json", filepath.Join(dir, name+".json")}
	if tabs > 0 {
		args = append(args, "--concurrency", strconv.Itoa(tabs))
	}
	cmd := exec.CommandContext(ctx, bin, append(args, targets...)...)
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	start := time.Now()
	var mem *sampler
	err = runGroup(cmd, func(pid int) {
		r.track(pid)
		mem = sampleMemory(pid, true)
	})
	f := figures{wall: time.Since(start)}
	if mem != nil {
		f.peakPSS, f.peakRSS = mem.stop()
	}
	// Exit 3 says some page-viewports could not be checked: they are
	// counted as failures below (the hostile mix expects some).
	if exit := (*exec.ExitError)(nil); errorsAs(err, &exit) && exit.ExitCode() == 3 {
		err = nil
	}
	if err != nil {
		return figures{}, err
	}
	file, err := os.Open(jsonl)
	if err != nil {
		return figures{}, err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var p struct {
			Status    string `json:"status"`
			ElapsedMS int64  `json:"elapsed_ms"`
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return figures{}, err
		}
		f.pages++
		f.perPage = append(f.perPage, time.Duration(p.ElapsedMS)*time.Millisecond)
		if p.Status != "ok" {
			f.failures++
		}
	}
	return f, sc.Err()
}

// memoryEvery is how often memory is sampled, the same for every
// contestant: reading smaps_rollup of a browser's processes costs CPU
// (sampling every 200 ms took a quarter of a core from the contestant).
const memoryEvery = time.Second

// sampler records the peak memory of a process tree in the background.
type sampler struct {
	done     chan struct{}
	finished chan struct{}
	root     int
	withRoot bool
	pss, rss int64
}

// sampleMemory samples the tree under root (root itself included when
// withRoot) until stop.
func sampleMemory(root int, withRoot bool) *sampler {
	s := &sampler{done: make(chan struct{}), finished: make(chan struct{}), root: root, withRoot: withRoot}
	go func() {
		defer close(s.finished)
		tick := time.NewTicker(memoryEvery)
		defer tick.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-tick.C:
				pss, rss := treeMemory(s.root, s.withRoot)
				s.pss, s.rss = max(s.pss, pss), max(s.rss, rss)
			}
		}
	}()
	return s
}

// stop ends sampling and returns the peaks (KiB).
func (s *sampler) stop() (pss, rss int64) {
	close(s.done)
	<-s.finished
	return s.pss, s.rss
}

// treeMemory sums PSS and RSS (KiB) over the descendants of a process, and
// the process itself when withRoot.
func treeMemory(root int, withRoot bool) (pss, rss int64) {
	pids := procfs.Descendants(root)
	if withRoot {
		pids = append(pids, root)
	}
	for _, pid := range pids {
		pss += procfs.KiB(pid, "smaps_rollup", "Pss:")
		rss += procfs.KiB(pid, "status", "VmRSS:")
	}
	return pss, rss
}

// pa11yRun installs pa11y-ci (without its bundled browser) and runs it on
// the URLs with the same browser and concurrency. pa11y-ci runs in its own
// process group with its temporary folder (where puppeteer puts
// puppeteer_dev_chrome_profile-*) under dir, both tracked by r: its
// Chromium used to outlive it.
func pa11yRun(ctx context.Context, chrome string, urls []string, tabs int, dir string, r *reaper) (figures, error) {
	tool := filepath.Join(dir, "pa11y")
	if err := os.MkdirAll(tool, 0o755); err != nil {
		return figures{}, err
	}
	tmp, err := contestantTemp(dir, "pa11y")
	if err != nil {
		return figures{}, err
	}
	r.trackFolder(tmp)
	install := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--silent", "pa11y-ci@3")
	install.Dir = tool
	install.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1")
	var installOut strings.Builder
	install.Stdout, install.Stderr = &installOut, &installOut
	if err := runGroup(install, r.track); err != nil {
		return figures{}, fmt.Errorf("npm install pa11y-ci: %v: %s", err, tail(installOut.String()))
	}
	cfg := map[string]any{
		"defaults": map[string]any{
			"concurrency":                tabs,
			"useIncognitoBrowserContext": false,
			"timeout":                    60000,
			"chromeLaunchConfig":         map[string]any{"executablePath": chrome, "args": []string{"--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"}},
		},
		"urls": urls,
	}
	b, _ := json.Marshal(cfg)
	cfgPath := filepath.Join(tool, "pa11yci.json")
	if err := os.WriteFile(cfgPath, b, 0o644); err != nil {
		return figures{}, err
	}
	run := exec.CommandContext(ctx, filepath.Join(tool, "node_modules", ".bin", "pa11y-ci"), "--config", cfgPath)
	run.Dir = tool
	run.Env = append(os.Environ(), "TMPDIR="+tmp)
	var out strings.Builder
	run.Stdout, run.Stderr = &out, &out
	start := time.Now()
	var mem *sampler
	err = runGroup(run, func(pid int) {
		r.track(pid)
		mem = sampleMemory(pid, true)
	})
	f := figures{pages: len(urls), wall: time.Since(start)}
	if mem != nil {
		f.peakPSS, f.peakRSS = mem.stop()
	}
	// pa11y-ci exits 2 when pages have accessibility issues: that is a
	// finished run.
	var ee *exec.ExitError
	if err != nil && !(errorsAs(err, &ee) && ee.ExitCode() == 2) {
		return f, fmt.Errorf("pa11y-ci: %v: %s", err, tail(out.String()))
	}
	return f, nil
}

// contestantTemp makes the temporary folder of one contestant under dir:
// the browser profiles it creates there carry its path on their command
// lines, which is how the final check recognises them.
func contestantTemp(dir, name string) (string, error) {
	tmp := filepath.Join(dir, "tmp-"+name)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", fmt.Errorf("temporary folder of %s: %w", name, err)
	}
	return tmp, nil
}

func tail(s string) string {
	if len(s) > 600 {
		s = s[len(s)-600:]
	}
	return s
}
