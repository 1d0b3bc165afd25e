// hooks.js runs in every frame before the page's own scripts.
//
// A mini-program web-view defines window.__wxjs_environment.
//
// It also notes the short timeouts a page sets while it loads: an overlay
// that one of them shows (a consent banner, an "open the app" bar) arrives
// after the first measurement and can cover the footer. late.js waits for
// the ones due within horizonMs of navigation. A page that polls with
// setInterval (a consent script waiting for its config, a hydration that
// re-renders the footer) or animates with requestAnimationFrame (a jQuery
// or hand-written fade of a cookie bar) is working too: late.js waits while
// one of those runs, until horizonMs at most. beiancheck's own scripts use
// the untracked timers kept in window.__beiancheck.
//
// In a mini-program web-view, WeChat provides window.WeixinJSBridge and
// fires WeixinJSBridgeReady on the document; pages read
// __wxjs_environment in that handler (and hide or show their footer
// there). The bridge is stubbed: every call fails, as a bridge that may not
// answer does.
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
  if (/miniProgram/.test(navigator.userAgent) && !window.WeixinJSBridge) {
    const fail = (name, cb) => { if (typeof cb === 'function') set(() => cb({ err_msg: name + ':fail' }), 0); };
    Object.defineProperty(window, 'WeixinJSBridge', {
      configurable: true, writable: true,
      value: { invoke: (name, args, cb) => fail(name, cb), call: (name, cb) => fail(name, cb), on() {}, log() {} },
    });
    const ready = () => set(() => document.dispatchEvent(new Event('WeixinJSBridgeReady')), 0);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready, { once: true });
    else ready();
  }
  // Recurring work started within the horizon: intervals not cleared, and
  // the time of the last animation frame asked for.
  const setInt = window.setInterval;
  const clearInt = window.clearInterval;
  const intervals = new Set();
  let lastFrame = -Infinity;
  window.setInterval = function setInterval(fn, ms, ...args) {
    const id = setInt(fn, ms, ...args);
    if (typeof fn === 'function' && performance.now() < horizonMs && (Number(ms) || 0) < horizonMs) intervals.add(id);
    return id;
  };
  window.clearInterval = function clearInterval(id) {
    intervals.delete(id);
    return clearInt(id);
  };
  const raf = window.requestAnimationFrame;
  if (typeof raf === 'function') {
    window.requestAnimationFrame = function requestAnimationFrame(fn) {
      if (performance.now() < horizonMs) lastFrame = performance.now();
      return raf.call(window, fn);
    };
  }
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
      requestAnimationFrame: typeof raf === 'function' ? raf.bind(window) : null,
      clearTimeout: clear,
      // lastDue is when the last pending tracked timeout fires, 0 for
      // none; while an interval or an animation-frame loop of the page
      // runs within the horizon, a moment from now (so late.js looks
      // again), at most the horizon.
      lastDue: () => {
        const now = performance.now();
        const busy = now < horizonMs && (intervals.size > 0 || now - lastFrame < 100);
        return Math.max(0, ...pending.values(), busy ? Math.min(horizonMs, now + 50) : 0);
      },
      // leaving says a navigation to another document has started.
      leaving: () => leaving,
      // requests counts the page's fetch and XMLHttpRequest calls in flight.
      requests: () => inflight,
    }),
  });
})
