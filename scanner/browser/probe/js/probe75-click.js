  // ---- clicks ----
  // clickBlocked says what keeps a click at the centre of a number linked
  // to MIIT from reaching the filing system, or '': with pointer events as
  // the page has them, the element hit there must be inside an <a> to
  // MIIT. pointer-events:none or inert on the link sends the click to what
  // lies under it; a transparent layer over the footer (not a cover: the
  // text shows through) takes the click itself.
  function clickBlocked(c) {
    try {
      const p = pointOf(c);
      if (!p || p.off) return '';
      const { hit } = hitThrough(p.x, p.y, c._frames);
      if (!hit) return '';
      for (let e = hit; e; e = composedParent(e)) {
        if (e.localName === 'a' && miitHref(e.href)) return '';
        // A modal dialog or an open popover (a notice the reader closes
        // first) holds the click; whether it hides the number is judged
        // by its paint (occlusion).
        if (inTopLayer(e)) return '';
      }
      // The number's own anchor, from its text: text slotted into a
      // component's <a> is hit as its light-DOM parent (the component's
      // host), and the click's path runs from the text through the slot
      // to the <a>.
      let a = null;
      for (let e = c._textEl; e; e = composedParent(e)) if (e.localName === 'a') { a = e; break; }
      if (a && style(a).pointerEvents === 'none') return 'pointer-events:none on ' + selector(a, c._frames);
      if (a && miitHref(a.href) && (hit === c._el || hit === c._textEl || hit === c._textParent)) return '';
      for (let e = a || c._textEl; e; e = composedParent(e)) {
        if (e.hasAttribute && e.hasAttribute('inert')) return 'inert on ' + selector(e, c._frames);
      }
      return 'the click at its centre lands on ' + selector(hit, framesOf(hit, c._frames));
    } finally {
      restoreScroll();
    }
  }
  // miitHref says whether a resolved href goes to the filing system.
  function miitHref(href) {
    try {
      const u = new URL(href);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.toLowerCase().replace(/\.$/, '') === TABLES.miitHost;
    } catch (e) {
      return false;
    }
  }
