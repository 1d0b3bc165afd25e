// hooks.js runs in every frame before the page's own scripts.
//
// A mini-program web-view defines window.__wxjs_environment.
//
// It also notes the short timeouts a page sets while it loads: an overlay
// that one of them shows (a consent banner, an "open the app" bar) arrives
// after the first measurement and can cover the footer. late.js waits for
// the ones due within horizonMs of navigation. beiancheck's own scripts use
// the untracked timers kept in window.__beiancheck.
//
// It answers the page's dialogs itself (alert, confirm, prompt, print): a
// storm of them through the CDP dialog handler aborted the shared
// browser. The tab's Page.javascriptDialogOpening handler stays as the
// fallback. window.open opens nothing: a popup outlives its opener and
// keeps loading on the scanner's time.
//
// It notes that the page is leaving for another document (a location.replace
// or a link followed by a script): the navigation starts at once but the
// old document stays until the new one's response arrives, and a
// measurement taken meanwhile would judge the page being left.
(function hooks(horizonMs) {
  if (/miniProgram/.test(navigator.userAgent)) window.__wxjs_environment = 'miniprogram';
  // Once per window: a document that the page rewrites keeps its window,
  // and wrapping the timers twice would lose the untracked ones.
  if (window.__beiancheck) return;
  const answer = (name, value) => {
    Object.defineProperty(window, name, {
      configurable: true, writable: true,
      value: { [name]() { return value; } }[name],
    });
  };
  answer('alert', undefined);
  answer('confirm', true);
  answer('prompt', null);
  answer('print', undefined);
  answer('open', null);
  const set = window.setTimeout;
  const clear = window.clearTimeout;
  const pending = new Map(); // timeout id -> due, in ms since navigation
  let leaving = false;
  if (window.navigation) {
    navigation.addEventListener('navigate', (e) => {
      if (!e.destination.sameDocument) leaving = true;
    });
    // A navigation cancelled (by the page, or replaced by a same-document
    // one) leaves the document where it is.
    navigation.addEventListener('navigateerror', () => { leaving = false; });
  }
  window.setTimeout = function setTimeout(fn, ms, ...args) {
    const delay = Math.max(0, Number(ms) || 0);
    const due = performance.now() + delay;
    if (typeof fn !== 'function' || delay === 0 || due > horizonMs) return set(fn, ms, ...args);
    const id = set(function () {
      pending.delete(id);
      return fn.apply(this, arguments);
    }, ms, ...args);
    pending.set(id, due);
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    pending.delete(id);
    return clear(id);
  };
  // The page's requests in flight (fetch, XMLHttpRequest): a footer filled
  // from a site-config API that answers in 2–4 s leaves the DOM quiet
  // meanwhile: before the quiet wait, beiancheck waits for them (requestsJS
  // in evaluate.go). The page gets the very promise and request it asked
  // for.
  let inflight = 0;
  const ended = () => { inflight = Math.max(0, inflight - 1); };
  const fetch0 = window.fetch;
  if (typeof fetch0 === 'function') {
    window.fetch = function fetch(...args) {
      const p = fetch0.apply(this, args);
      inflight++;
      p.then(ended, ended);
      return p;
    };
  }
  const XHR = window.XMLHttpRequest;
  const send0 = XHR && XHR.prototype.send;
  if (typeof send0 === 'function') {
    // Each send counts once and ends once, whether the request is sent
    // again from its own handlers (polling) or send() throws.
    XHR.prototype.send = function send(...args) {
      let open = true;
      const end = () => { if (open) { open = false; ended(); } };
      this.addEventListener('loadend', end, { once: true });
      inflight++;
      try {
        return send0.apply(this, args);
      } catch (e) {
        this.removeEventListener('loadend', end);
        end();
        throw e;
      }
    };
  }
  Object.defineProperty(window, '__beiancheck', {
    value: Object.freeze({
      setTimeout: set,
      clearTimeout: clear,
      // lastDue is when the last pending tracked timeout fires, 0 for none.
      lastDue: () => Math.max(0, ...pending.values()),
      // leaving says a navigation to another document has started.
      leaving: () => leaving,
      // requests counts the page's fetch and XMLHttpRequest calls in flight.
      requests: () => inflight,
    }),
  });
})
