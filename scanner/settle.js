// settle.js brings the page to the state a reader of the footer sees:
// scrolled to the bottom (again while the document keeps growing, so lazy
// footers and load-more lists render), running finite animations and
// transitions finished. Every wait is bounded by budgetMs.
(async function settle(maxRounds, budgetMs) {
  const t0 = performance.now();
  const left = () => Math.max(0, budgetMs - (performance.now() - t0));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const frame = () => Promise.race([
    new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    sleep(100),
  ]);
  const height = () => Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  let last = -1;
  for (let i = 0; i < maxRounds && left() > 0; i++) {
    const h = height();
    window.scrollTo(0, h);
    await frame();
    await sleep(30);
    if (height() === h && h === last) break;
    last = h;
  }
  const running = () => (document.getAnimations ? document.getAnimations() : []).filter((a) => {
    if (a.playState !== 'running' || !a.effect) return false;
    const end = a.effect.getComputedTiming().endTime;
    return Number.isFinite(end);
  });
  const anims = running();
  if (anims.length) {
    await Promise.race([Promise.all(anims.map((a) => a.finished.catch(() => null))), sleep(left())]);
  }
  window.scrollTo(0, height());
  await frame();
  return anims.length;
})
