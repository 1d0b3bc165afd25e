// quiet.js waits for a page that fills its footer late (from a timer or a
// request): it returns as soon as text that looks like a filing number is
// added, or when the DOM has been quiet for quietMs, or after budgetMs.
(function quiet(quietMs, budgetMs) {
  // The page's timers may be wrapped (hooks.js): use the untracked ones.
  const { setTimeout, clearTimeout } = window.__beiancheck || window;
  const trigger = /I\s*C\s*P|ＩＣＰ|公\s*[网網]\s*安|B\s*[12]\s*[-－]/i;
  return new Promise((resolve) => {
    let timer = 0;
    let hard = 0;
    let obs = null;
    const done = (why) => {
      if (obs) obs.disconnect();
      clearTimeout(timer);
      clearTimeout(hard);
      resolve(why);
    };
    obs = new MutationObserver((records) => {
      for (const r of records) {
        const nodes = r.type === 'characterData' ? [r.target] : [...r.addedNodes];
        for (const n of nodes) {
          if (trigger.test(n.textContent || '')) {
            clearTimeout(timer);
            timer = setTimeout(() => done('number'), 100);
            return;
          }
        }
      }
      clearTimeout(timer);
      timer = setTimeout(() => done('quiet'), quietMs);
    });
    obs.observe(document, { subtree: true, childList: true, characterData: true });
    timer = setTimeout(() => done('quiet'), quietMs);
    hard = setTimeout(() => done('budget'), budgetMs);
  });
})
