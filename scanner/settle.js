// settle.js brings the page to the state a reader of the footer sees:
// scrolled to the bottom (again while the document keeps growing, so lazy
// footers and load-more lists render), running finite animations and
// transitions finished. Every wait is bounded by budgetMs. A page that
// does not grow costs one frame.
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
  const height = () => Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  let h = height();
  const y0 = window.scrollY;
  window.scrollTo(0, h);
  let moved = window.scrollY !== y0;
  if (h <= window.innerHeight + 1) {
    // The window does not scroll: an app shell scrolls an inner element
    // (html,body{overflow:hidden} .page{overflow-y:auto}). Scroll the large
    // ones to their end, as a reader would.
    for (const e of document.querySelectorAll('body *')) {
      if (e.clientHeight < window.innerHeight / 2 || e.scrollHeight <= e.clientHeight + 10) continue;
      const oy = getComputedStyle(e).overflowY;
      if (oy === 'auto' || oy === 'scroll' || oy === 'overlay') {
        e.scrollTop = e.scrollHeight;
        moved = true;
      }
    }
  }
  if (moved || document.readyState !== 'complete') await frame();
  for (let i = 0; i < maxRounds && left() > 0; i++) {
    const now = height();
    if (now === h) break;
    // The document grew (lazy content, load-more): scroll again and give
    // its loaders a moment.
    h = now;
    window.scrollTo(0, h);
    await frame();
    await sleep(50);
  }
  const anims = (document.getAnimations ? document.getAnimations() : []).filter((a) => {
    if (a.playState !== 'running' || !a.effect) return false;
    return Number.isFinite(a.effect.getComputedTiming().endTime);
  });
  if (anims.length) {
    await Promise.race([Promise.all(anims.map((a) => a.finished.catch(() => null))), sleep(left())]);
    window.scrollTo(0, height());
    await frame();
  }
  return anims.length;
})
