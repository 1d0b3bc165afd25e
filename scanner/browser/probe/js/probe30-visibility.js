  // ---- visibility ----
  // positionMode is how an element's containing block is found.
  function positionMode(s) {
    if (s.position === 'fixed') return 'fixed';
    if (s.position === 'absolute') return 'abs';
    return 'flow';
  }
  // containsFixed reports whether an ancestor is the containing block of
  // fixed descendants (transform, filter, perspective, contain).
  function containsFixed(s) {
    return (s.transform && s.transform !== 'none') || (s.filter && s.filter !== 'none') ||
      (s.perspective && s.perspective !== 'none') || /paint|layout|strict|content/.test(s.contain || '');
  }

  function hiddenCause(el, frames, box) {
    const s0 = style(el);
    if (s0.visibility === 'hidden' || s0.visibility === 'collapse') return { cause: 'visibility:hidden', opacity: 1 };
    let opacity = 1;
    let first = true;
    // Only the containing-block chain clips: a fixed box escapes every
    // overflow above it, an absolute one every box up to its positioned
    // ancestor.
    let mode = positionMode(s0);
    for (const a of ancestorsAcrossFrames(el, frames)) {
      const s = style(a);
      if (s.display === 'none') return { cause: 'display:none on ' + selector(a, []), opacity };
      if (!first && s.contentVisibility === 'hidden') return { cause: 'content-visibility:hidden on ' + selector(a, []), opacity, unrendered: true };
      opacity *= parseFloat(s.opacity);
      if (s.clip && /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)/.test(s.clip) && s.position === 'absolute') {
        return { cause: 'clipped by clip:rect(0,0,0,0) on ' + selector(a, []), opacity };
      }
      if (s.clipPath && /inset\(\s*(50|100)%|circle\(\s*0/.test(s.clipPath)) {
        return { cause: 'clipped by clip-path on ' + selector(a, []), opacity };
      }
      if (!first) {
        let clips;
        if (mode === 'flow') clips = true;
        else if (mode === 'abs') clips = s.position !== 'static' || containsFixed(s);
        else clips = containsFixed(s);
        if (clips) {
          mode = positionMode(s);
          // overflow:auto/scroll can be scrolled to; hidden and clip cut
          // the text away.
          const cuts = /hidden|clip/.test(s.overflowX + ' ' + s.overflowY);
          if (box && cuts && a.localName !== 'html' && a.localName !== 'body') {
            const r = a.getBoundingClientRect();
            const { dx, dy } = frameOffset(framesOf(a, frames));
            const ix = Math.min(box.vr, r.right + dx) - Math.max(box.vl, r.left + dx);
            const iy = Math.min(box.vb, r.bottom + dy) - Math.max(box.vt, r.top + dy);
            const area = (box.vr - box.vl) * (box.vb - box.vt);
            if (area > 0 && (ix <= 0 || iy <= 0 || ix * iy < area * 0.5)) {
              return { cause: 'clipped by overflow of ' + selector(a, framesOf(a, frames)), opacity };
            }
          }
        }
      }
      first = false;
    }
    if (opacity <= 0.01) return { cause: 'opacity:0', opacity };
    // A closed <details> (and hidden=until-found) skips its contents with
    // content-visibility on a pseudo-element no ancestor walk sees.
    for (let d = el.closest('details:not([open])'); d; d = d.parentElement && d.parentElement.closest('details:not([open])')) {
      const sum = el.closest('summary');
      if (!(sum && sum.parentElement === d)) return { cause: 'inside a closed <details> ' + selector(d, frames), opacity, unrendered: true };
    }
    // An element with display:contents (a <slot>, a wrapper) has no box of
    // its own, which checkVisibility reads as not rendered: ask the
    // nearest ancestor that has one.
    let boxed = el;
    while (boxed && style(boxed).display === 'contents') boxed = composedParent(boxed);
    if (boxed && boxed.checkVisibility && !boxed.checkVisibility({ contentVisibilityAuto: false })) {
      return { cause: 'not rendered (content-visibility:hidden or hidden=until-found)', opacity, unrendered: true };
    }
    return { cause: '', opacity };
  }
  // framesOf returns the frame chain of an element found by walking up.
  function framesOf(el, frames) {
    const doc = el.ownerDocument;
    for (let i = frames.length - 1; i >= 0; i--) {
      if (frames[i].contentDocument === doc) return frames.slice(0, i + 1);
    }
    return doc === topDoc ? [] : frames;
  }

