// settle.js brings the page to the state a reader of the footer sees:
// scrolled to the bottom (again while the document keeps growing, so lazy
// footers and load-more lists render), running finite animations and
// transitions finished, endless ones held at their start. Every wait is
// bounded by budgetMs. A page that
// does not grow costs one frame.
//
// The page may swap its DOM while settle waits (a framework mounting, a
// router replacing its scroller, document.open() or a replaced <html>):
// <body> or even <html> can be missing for a moment, and an element found
// before a wait may be gone after it. Nothing is kept across a wait: the
// document, its body and the scrollers are read afresh each time.
(async function settle(maxRounds, budgetMs) {
  const t0 = performance.now();
  const left = () => Math.max(0, budgetMs - (performance.now() - t0));
  // The page's setTimeout may be wrapped (hooks.js): use the untracked one.
  const { setTimeout } = window.__beiancheck || window;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // One rendering update: intersection observers run after the
  // animation frame callbacks, so a task queued from a frame callback runs
  // after them.
  const frame = () => Promise.race([
    new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))),
    sleep(100),
  ]);
  const docHeight = () => {
    const d = document.documentElement, b = document.body;
    return Math.max(d ? d.scrollHeight : 0, b ? b.scrollHeight : 0);
  };
  // A document being rewritten has no <html> or no <body> for a moment:
  // wait for both (bounded by the budget).
  const whole = async () => {
    while ((!document.documentElement || !document.body) && left() > 0) await sleep(50);
  };
  // scrollers are the large inner elements that scroll when the window
  // does not: an app shell (html,body{overflow:hidden} .page{overflow-y:auto}).
  const scrollers = () => {
    const out = [];
    const b = document.body;
    if (!b || docHeight() > window.innerHeight + 1) return out;
    for (const e of b.querySelectorAll('*')) {
      if (e.clientHeight < window.innerHeight / 2 || e.scrollHeight <= e.clientHeight + 10) continue;
      const oy = getComputedStyle(e).overflowY;
      if (oy === 'auto' || oy === 'scroll' || oy === 'overlay') out.push(e);
    }
    return out;
  };
  // toEnd scrolls the window and the inner scrollers to their end, as a
  // reader would, and returns the size that a growing page changes. At
  // once: with scroll-behavior:smooth the scroll would still be on its way
  // when the probe measures, at a point that depends on timing.
  const toEnd = () => {
    const y0 = window.scrollY;
    const h = docHeight();
    window.scrollTo({ left: 0, top: h, behavior: 'instant' });
    let moved = window.scrollY !== y0;
    let size = h;
    for (const e of scrollers()) {
      // Moved only when it did: a scroller that cannot reach its end
      // (snapping, rounding) is not scrolled again and again.
      const before = e.scrollTop;
      e.scrollTo({ left: e.scrollLeft, top: e.scrollHeight, behavior: 'instant' });
      if (e.scrollTop !== before) moved = true;
      size += e.scrollHeight;
    }
    return { size, moved };
  };
  await whole();
  let { size, moved } = toEnd();
  if (moved || document.readyState !== 'complete') await frame();
  for (let i = 0; i < maxRounds && left() > 0; i++) {
    await whole();
    const now = toEnd();
    if (now.size === size && !now.moved) break;
    // The document grew (lazy content, load-more) or its scroller was
    // replaced: it was scrolled again; give its loaders a moment.
    size = now.size;
    await frame();
    await sleep(50);
  }
  const anims = (document.getAnimations ? document.getAnimations() : []).filter((a) => {
    if (a.playState !== 'running' || !a.effect) return false;
    return Number.isFinite(a.effect.getComputedTiming().endTime);
  });
  if (anims.length) {
    await Promise.race([Promise.all(anims.map((a) => a.finished.catch(() => null))), sleep(left())]);
    // The animations' document may have been swapped meanwhile: settle the
    // new one as the first.
    for (let i = 0; i < maxRounds && left() > 0; i++) {
      await whole();
      const now = toEnd();
      await frame();
      if (now.size === size && !now.moved) break;
      size = now.size;
      await sleep(50);
    }
  }
  // Endless animations (a ticker, a blinking number, a spinner) never
  // finish: each is held at its start, so that what is measured does not
  // depend on how long the page took to get here (a ticker read half a
  // second later would be elsewhere). An animation the page paused itself
  // stays where it is. The probe names the one on the number.
  // A document's getAnimations() leaves out its shadow trees and frames:
  // each open shadow root and same-origin frame is held as its own root.
  // A scroll-driven animation (animation-timeline: scroll() or view())
  // runs on no clock: it has no end time, yet it is not endless but where
  // the scroll puts it, at the bottom of the page as it is measured (and it
  // takes no time in ms: setting one throws).
  // (The probe tells them apart the same way: scrollDriven there.)
  const scrollDriven = (a) => /ScrollTimeline|ViewTimeline/.test(Object.prototype.toString.call(a.timeline));
  const hold = (root) => {
    for (const a of root.getAnimations ? root.getAnimations() : []) {
      if (a.playState !== 'running' || !a.effect || scrollDriven(a)) continue;
      if (Number.isFinite(a.effect.getComputedTiming().endTime)) continue;
      a.pause();
      a.currentTime = 0;
    }
    for (const e of root.querySelectorAll('*')) {
      if (e.shadowRoot) hold(e.shadowRoot);
      if (e.localName !== 'iframe') continue;
      let d = null;
      try { d = e.contentDocument; } catch (err) { /* another origin */ }
      if (d) hold(d);
    }
  };
  await whole();
  hold(document);
  await brokenImages();
  return anims.length;

  // brokenImages finds the stylesheets' images the server answered with an
  // error (a resource-timing entry of 400 or more and none that succeeded)
  // whose body is no image either: fetched and decoded once more, at most
  // 20 of them, within 600 ms. A body that decodes (a placeholder picture
  // served with a 404) paints, as the browser paints it. The probe reads
  // them from globalThis.__beiancheckBroken (this evaluation's isolated
  // world) as painting nothing (imageOf).
  async function brokenImages() {
    const failed = new Map();
    for (const e of performance.getEntriesByType('resource')) {
      if (e.initiatorType !== 'css' || !(e.responseEnd > 0) || !/^https?:/.test(e.name)) continue;
      const bad = e.responseStatus >= 400;
      if (!bad && e.responseStatus > 0) failed.set(e.name, false);
      else if (bad && !failed.has(e.name)) failed.set(e.name, e.responseStatus);
    }
    const urls = [...failed].filter(([, st]) => st).slice(0, 20);
    const broken = new Map();
    const wait = sleep(Math.min(600, left()));
    await Promise.all(urls.map(([url, st]) => Promise.race([
      (() => { const im = new Image(); im.src = url; return im.decode(); })().then(() => {}, () => { broken.set(url, st); }),
      wait,
    ])));
    globalThis.__beiancheckBroken = broken;
  }
})
