// late.js waits for the short timeouts the page set while loading, and its
// intervals and animation frames running within the horizon (see
// hooks.js), and reports whether the document changed meanwhile: then the
// page is measured again. It returns at once when none is pending and the
// page is not leaving. A page that is leaving (hooks.js) is waited for
// until its document goes, up to one more budget: the evaluation's context is
// then destroyed and the scanner measures the page it went to. It
// observes the document node itself, which stays when the page replaces
// its <html> or <body> or rewrites itself with document.open().
(async function late(budgetMs) {
  const bc = window.__beiancheck;
  if (!bc || (!bc.lastDue() && !bc.leaving())) return false;
  const { setTimeout } = bc; // called unbound: a timer needs no receiver
  let changed = false;
  const obs = new MutationObserver(() => { changed = true; });
  obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const t0 = performance.now();
  try {
    // Timeouts that fire may set further short ones: wait for those too.
    for (let due = bc.lastDue(); due && performance.now() - t0 < budgetMs; due = bc.lastDue()) {
      const wait = Math.min(budgetMs - (performance.now() - t0), Math.max(0, due - performance.now()) + 10);
      await new Promise((r) => setTimeout(r, wait));
    }
    // Let what the last callback started render (one frame; a frame that
    // does not come, in a tab not painting, is not waited for).
    const frame = bc.requestAnimationFrame || requestAnimationFrame; // not counted as the page's
    await Promise.race([
      new Promise((r) => frame(() => setTimeout(r, 0))),
      new Promise((r) => setTimeout(r, 100)),
    ]);
    // A navigation started by one of them: wait for its document, up to
    // one more budget.
    if (bc.leaving()) await new Promise((r) => setTimeout(r, budgetMs));
  } finally {
    obs.disconnect();
  }
  return changed;
})
