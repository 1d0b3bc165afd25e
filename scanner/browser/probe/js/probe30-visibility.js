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

  // paintContained says whether a style clips its descendants to its
  // padding box by paint containment (contain: paint, content or strict).
  function paintContained(s) {
    return /paint|strict|content/.test(s.contain || '');
  }

  function hiddenCause(el, frames, box) {
    const s0 = style(el);
    if (s0.visibility === 'hidden' || s0.visibility === 'collapse') return { cause: 'visibility:hidden', opacity: 1 };
    // -webkit-text-security draws every character as a disc or square.
    const sec = s0.webkitTextSecurity;
    if (sec && sec !== 'none') return { cause: 'drawn as symbols by -webkit-text-security:' + sec, opacity: 1 };
    let opacity = 1;
    // Blurs compose: their standard deviations add in quadrature.
    let blur2 = 0, blurBy = null;
    let first = true;
    // Only the containing-block chain clips: a fixed box escapes every
    // overflow above it, an absolute one every box up to its positioned
    // ancestor.
    let mode = positionMode(s0);
    for (const a of ancestorsAcrossFrames(el, frames)) {
      const s = style(a);
      if (s.display === 'none') return { cause: 'display:none on ' + selector(a, []), opacity };
      if (!first && s.contentVisibility === 'hidden') return { cause: 'content-visibility:hidden on ' + selector(a, []), opacity, unrendered: true };
      opacity *= opacityOf(s);
      const b = blurOf(s);
      if (b > 0) {
        blur2 += b * b;
        if (!blurBy || b > blurBy.px) blurBy = { px: b, on: a };
      }
      if (clipsAway(a, s)) return { cause: 'clipped by clip:' + s.clip + ' on ' + selector(a, []), opacity };
      if (maskedAway(s)) {
        return { cause: 'masked away by mask-image on ' + selector(a, []), opacity };
      }
      if (clipPathCuts(a, s, box, frames)) {
        return { cause: 'clipped by clip-path ' + s.clipPath + ' on ' + selector(a, []), opacity };
      }
      // overflow:auto/scroll can be scrolled to; hidden and clip cut the
      // text away, and so does paint containment (contain:paint, an
      // accordion collapsed to height:0). Neither applies to inline boxes.
      const overflows = /hidden|clip/.test(s.overflowX + ' ' + s.overflowY);
      const cuts = box && a.localName !== 'html' && a.localName !== 'body' && !/^(inline|contents)$/.test(s.display) &&
        (overflows || paintContained(s));
      const by = overflows ? 'overflow' : 'contain:' + s.contain;
      if (first && cuts && box.vr > 0 && box.vl < cw && cutsAway(box, viewportRect(a, frames))) {
        // Its own overflow clips its own text (height:0, a fixed width);
        // text it moved off the page (text-indent:-9999px) is off-screen.
        return { cause: 'clipped by its own ' + by + ' (' + selector(a, framesOf(a, frames)) + ')', opacity };
      }
      if (!first) {
        let clips;
        if (mode === 'flow') clips = true;
        else if (mode === 'abs') clips = s.position !== 'static' || containsFixed(s);
        else clips = containsFixed(s);
        if (clips) {
          mode = positionMode(s);
          if (cuts && cutsAway(box, viewportRect(a, frames))) {
            return { cause: 'clipped by ' + by + ' of ' + selector(a, framesOf(a, frames)), opacity };
          }
        }
      }
      first = false;
    }
    if (opacity <= 0.01) return { cause: 'opacity:0', opacity };
    const blur = Math.sqrt(blur2), fontPx = parseFloat(s0.fontSize) || 16;
    if (blur >= fontPx * BLUR_HIDES) {
      return { cause: 'blurred away by filter:blur(' + +blurBy.px.toFixed(1) + 'px) on ' + selector(blurBy.on, framesOf(blurBy.on, frames)) + ' (' + fontPx + ' px text)', opacity };
    }
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
    // The fallback content of media and objects is drawn only where they
    // cannot be (an <object> that fails to load draws its own): text in it
    // is not rendered, and text straight inside the element has no box.
    const media = el.closest('video,audio,object');
    const fallback = media && replaced(media);
    if ((boxed && boxed.checkVisibility && !boxed.checkVisibility({ contentVisibilityAuto: false })) || (fallback && media === el && !box)) {
      const cause = fallback ? 'fallback content of <' + media.localName + '>, drawn only where it is not supported' : unslotted(el, frames) || 'not rendered (content-visibility:hidden or hidden=until-found)';
      return { cause, opacity, unrendered: true };
    }
    return { cause: '', opacity };
  }
  // unslotted names why el is not rendered when it or an ancestor is a
  // child of a shadow host (open root) that no <slot> takes: a number
  // passed as slot="icp" to a component whose slot is named "beian".
  // Empty otherwise.
  function unslotted(el, frames) {
    for (let e = el; e && e.parentElement; e = e.parentElement) {
      const host = e.parentElement;
      if (!host.shadowRoot || e.assignedSlot) continue;
      const named = e.slot ? ' (slot="' + e.slot + '" names no slot of it)' : '';
      return 'assigned to no <slot> of the component ' + selector(host, frames) + named;
    }
    return '';
  }
  // opacityOf is what an element's opacity and the opacity() functions of
  // its filter leave of what it paints. An element with display:contents
  // has no box, so neither applies to it (a fade class on such a wrapper
  // leaves its contents drawn).
  function opacityOf(s) {
    if (s.display === 'contents') return 1;
    let o = parseFloat(s.opacity);
    if (Number.isNaN(o)) o = 1;
    if (s.filter && s.filter !== 'none') {
      for (const m of s.filter.matchAll(/opacity\(\s*([\d.]+)(%?)\s*\)/g)) o *= parseFloat(m[1]) / (m[2] ? 100 : 1);
    }
    return o;
  }
  // BLUR_HIDES is the blur, as a share of the font size, past which text
  // cannot be read: a standard deviation of a fifth of the glyph height
  // (2.8 px for 14 px text) spreads each stroke over the strokes beside it.
  const BLUR_HIDES = 0.2;
  // blurOf is the standard deviation in px of the blur() functions of a
  // filter (or backdrop-filter) value; 0 for none.
  function blurOf(s, prop) {
    const f = s.display === 'contents' ? 'none' : s[prop || 'filter'];
    let b2 = 0;
    if (f && f !== 'none') {
      for (const m of f.matchAll(/blur\(\s*([\d.]+)px\s*\)/g)) b2 += parseFloat(m[1]) ** 2;
    }
    return Math.sqrt(b2);
  }
  // viewportRect is an element's border box in top-page viewport
  // coordinates.
  function viewportRect(a, frames) {
    const r = a.getBoundingClientRect();
    const { dx, dy } = frameOffset(framesOf(a, frames));
    return { l: r.left + dx, t: r.top + dy, r: r.right + dx, b: r.bottom + dy };
  }
  // cutsAway says whether a clip rect cuts the number's text box away: any
  // of its width (2 px of slack), since characters cut off (as by
  // text-overflow:ellipsis) leave no readable number, or more than half of
  // its height (a line box tighter than the text's boxes still shows the
  // glyphs).
  function cutsAway(box, c) {
    const w = box.vr - box.vl, h = box.vb - box.vt;
    if (w <= 0 || h <= 0) return false;
    const ix = Math.min(box.vr, c.r) - Math.max(box.vl, c.l);
    const iy = Math.min(box.vb, c.b) - Math.max(box.vt, c.t);
    return ix <= 0 || iy <= 0 || ix < w - 2 || iy < h * 0.5;
  }
  // maskedAway says whether a style's mask-image is gradients whose every
  // stop is transparent: it masks everything away. Images and other masks
  // are not measured.
  function maskedAway(s) {
    const mask = s.maskImage || s.webkitMaskImage;
    if (!mask || mask === 'none' || /url\(|image-set\(|element\(|cross-fade\(|paint\(/.test(mask)) return false;
    const stops = (mask.match(COLOR_TOKEN) || []).map(parseColor);
    return stops.length > 0 && stops.every((c) => c && c.a === 0);
  }
  // clipPathCuts says whether an element's clip-path cuts the text away:
  // an inset() that leaves nothing of the element, or cuts the text box
  // (cutsAway); a circle() or ellipse() of radius 0. Other shapes are
  // not measured.
  function clipPathCuts(a, s, box, frames) {
    const cp = s.clipPath || 'none';
    if (/^(circle|ellipse)\(\s*0(px|%)?[\s)]/.test(cp)) return true;
    const m = /^inset\(([^)]*)\)/.exec(cp);
    if (!m) return false;
    const v = m[1].split(/\s+round\s/)[0].trim().split(/\s+/);
    const [t, r, b, l] = [v[0], v[1] ?? v[0], v[2] ?? v[0], v[3] ?? v[1] ?? v[0]];
    const e = viewportRect(a, frames);
    const w = e.r - e.l, h = e.b - e.t;
    const len = (x, whole) => (x.endsWith('%') ? parseFloat(x) / 100 * whole : parseFloat(x)) || 0;
    const c = { l: e.l + len(l, w), t: e.t + len(t, h), r: e.r - len(r, w), b: e.b - len(b, h) };
    if (c.r <= c.l || c.b <= c.t) return true;
    return !!box && cutsAway(box, c);
  }
  // clipsAway says whether the clip property of an absolutely positioned
  // or fixed box leaves less than a pixel of it: rect(0 0 0 0), or the
  // screen-reader rect(1px, 1px, 1px, 1px).
  function clipsAway(a, s) {
    if (!s.clip || s.clip === 'auto' || (s.position !== 'absolute' && s.position !== 'fixed')) return false;
    const m = /^rect\(([^)]*)\)$/.exec(s.clip);
    if (!m) return false;
    const v = m[1].split(/[\s,]+/);
    if (v.length !== 4) return false;
    const r = a.getBoundingClientRect();
    const edge = (x, auto) => (x === 'auto' ? auto : parseFloat(x));
    const top = edge(v[0], 0), right = edge(v[1], r.width), bottom = edge(v[2], r.height), left = edge(v[3], 0);
    if ([top, right, bottom, left].some(Number.isNaN)) return false;
    return right - left < 1 || bottom - top < 1;
  }
  // scrollDriven says whether an animation runs on a scroll or view
  // timeline (as settle.js tells them apart), not on a clock.
  function scrollDriven(a) {
    return /ScrollTimeline|ViewTimeline/.test(Object.prototype.toString.call(a.timeline));
  }
  // endlessOn names the endless animation on el or its nearest animated
  // ancestor ("ticker on footer > div.tk > span"), or '': settle held each
  // at its start (paused at 0); one the page paused elsewhere is still and
  // is not named.
  // The candidates of a page share their ancestors: each element's own
  // endless animation is read once (its name, or '').
  const endlessOwn = new Map();
  function endlessOn(el, frames) {
    for (const e of ancestorsAcrossFrames(el, frames)) {
      let name = endlessOwn.get(e);
      if (name === undefined) {
        name = '';
        for (const a of e.getAnimations ? e.getAnimations() : []) {
          // A scroll-driven animation is not endless: it is where the
          // scroll puts it (settle).
          if (!a.effect || scrollDriven(a) || Number.isFinite(a.effect.getComputedTiming().endTime)) continue;
          if (a.playState !== 'running' && !(a.playState === 'paused' && a.currentTime === 0)) continue;
          name = a.animationName || a.id || 'an animation';
          break;
        }
        endlessOwn.set(e, name);
      }
      if (name) return name + ' on ' + selector(e, framesOf(e, frames));
    }
    return '';
  }
  // framesOf returns the frame chain of an element found by walking up.
  function framesOf(el, frames) {
    const doc = el.ownerDocument;
    for (let i = frames.length - 1; i >= 0; i--) {
      if (frames[i].contentDocument === doc) return frames.slice(0, i + 1);
    }
    return doc === topDoc ? [] : frames;
  }

  // lockedScale is the scale a phone shows the page at when the page
  // forbids zooming in: <meta name="viewport" content="width=750,
  // user-scalable=no"> on a 375 px phone draws every CSS px at half a
  // pixel, and the reader cannot enlarge it (a page the reader may zoom,
  // such as one with no viewport meta laid out at 980 px, is judged in CSS
  // px). 1 otherwise; computed once.
  let locked;
  function lockedScale() {
    if (locked !== undefined) return locked;
    locked = 1;
    const vv = topWin.visualViewport;
    // The browser applies the last viewport meta.
    const metas = topDoc.querySelectorAll('meta[name="viewport" i]');
    const meta = metas[metas.length - 1];
    if (!vv || !meta || !(vv.scale < 0.98)) return locked;
    const c = (meta.getAttribute('content') || '').toLowerCase();
    const max = /maximum-scale\s*=\s*([\d.]+)/.exec(c);
    if (/user-scalable\s*=\s*(no|0)\b/.test(c) || (max && parseFloat(max[1]) <= vv.scale + 0.01)) locked = vv.scale;
    return locked;
  }

  // shownScale is how much the transforms and CSS zoom on an element and
  // its ancestors scale the height of what it draws (the length of the
  // vertical unit under each transform: a rotation keeps 1, a horizontal
  // stretch does not make small text taller), or 1 when within 2% of it.
  // The 12 px text of the "Chrome minimum font size" trick
  // (display:inline-block; transform:scale(.75)) is drawn at 9 px; a 1920
  // px design fitted by body{zoom:.7} draws 14 px text at 9.8 px. A plain
  // inline box is not transformed, whatever its computed transform says.
  function shownScale(e) {
    let k = (typeof e.currentCSSZoom === 'number' && e.currentCSSZoom > 0 ? e.currentCSSZoom : 1) * lockedScale();
    for (let a = e; a && a.nodeType === 1; a = composedParent(a)) {
      const s = style(a);
      if (s.display === 'inline' || s.display === 'contents') continue;
      if (s.transform && s.transform !== 'none') {
        try {
          const m = new DOMMatrixReadOnly(s.transform);
          k *= Math.hypot(m.c, m.d);
        } catch (_) { /* a transform the matrix cannot read: not counted */ }
      }
      if (s.scale && s.scale !== 'none') {
        const v = s.scale.trim().split(/\s+/).map(parseFloat);
        k *= Math.abs(v.length > 1 ? v[1] : v[0]);
      }
    }
    return Number.isFinite(k) && k > 0 && Math.abs(k - 1) > 0.02 ? k : 1;
  }
