  // ---- occlusion ----
  function related(hit, el) {
    return flatContains(hit, el) || flatContains(el, hit);
  }
  const COLOR_TOKEN = /(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([^()]*\)|#[0-9a-f]{3,8}\b|\btransparent\b/gi;
  // backgroundPaint is what a style's background paints: the alpha of its
  // colour or, above it, of its image (which may be opaque anywhere) or
  // gradient (no more opaque than its most opaque stop), its kind, and the
  // colour when that is all it paints.
  function backgroundPaint(s) {
    let alpha = 0, kind = '', color = null;
    const bg = parseColor(s.backgroundColor);
    if (bg && bg.a > 0) { alpha = bg.a; kind = 'background'; color = bg; }
    const img = imageOf(s);
    if (img !== 'none') {
      let a = 1;
      if (!/url\(|image-set\(|element\(|cross-fade\(|paint\(/.test(img)) {
        const stops = (img.match(COLOR_TOKEN) || []).map(parseColor);
        if (stops.length && stops.every(Boolean)) a = Math.max(...stops.map((c) => c.a));
      }
      if (a > 0) { alpha = Math.max(alpha, a); kind = /url\(/.test(img) ? 'background image' : 'gradient'; color = null; }
    }
    return { alpha, kind, color };
  }
  // paintOf says what an element paints at a point: the alpha of its
  // strongest paint (background colour, gradient stops, image, replaced
  // content, text) and, when that is only a plain background colour, the
  // colour. Its opacity is not in it. With spread (offsets from the point,
  // px), the pixels of an <img> or a background image are read at those
  // points; without, an image paints everywhere.
  function paintOf(e, x, y, spread) {
    // Around a modal <dialog> or an open popover, the hit is its
    // ::backdrop (transparent unless styled).
    if (inTopLayer(e) && !holds(viewportRect(e, []), x, y)) {
      const bs = e.ownerDocument.defaultView.getComputedStyle(e, '::backdrop');
      const b = backgroundPaint(bs), o = opacityOf(bs);
      return { alpha: b.alpha * o, kind: 'backdrop', color: faded(b.color, o) };
    }
    if (e.tagName === 'CANVAS') return { alpha: canvasAlpha(e, x, y), kind: 'canvas' };
    if (e.namespaceURI === SVG_NS && e.ownerSVGElement) return svgPaint(e);
    const inFrame = e.tagName === 'IFRAME' ? frameAlpha(e, x, y) : null;
    const s = style(e);
    let { alpha, kind, color } = backgroundPaint(s);
    const sample = spread !== undefined;
    if (sample && kind === 'background image') {
      const a = backgroundImageAlpha(e, s, x, y, spread);
      if (a !== null) {
        const bg = parseColor(s.backgroundColor);
        alpha = Math.max(bg ? bg.a : 0, a);
        kind = a > 0 || !bg || !bg.a ? 'background image' : 'background';
        color = a > 0 ? null : bg;
      }
    }
    // An inline <svg> is hit where none of its shapes paints (a shape is
    // hit itself, where its fill or stroke is painted): there it paints
    // its own background only. A chart's transparent <svg> running past
    // its card does not cover the footer beside it.
    if (replaced(e) && inFrame === null && e.localName !== 'svg') {
      const a = sample && e.tagName === 'IMG' ? imgAlpha(e, x, y, spread) : null;
      if (a === null) return { alpha: 1, kind: e.localName };
      if (a > 0) return { alpha: Math.max(alpha, a), kind: e.localName, color: null };
    }
    if (inFrame > alpha) { alpha = inFrame; kind = 'iframe'; color = null; }
    // Its own text paints where it lies: a transparent full-screen
    // container of toasts does not paint at the footer.
    for (const n of e.childNodes) {
      if (n.nodeType !== 3 || !n.data.trim() || !textAt(n, x, y)) continue;
      const fg = parseColor(s.color);
      const a = fg ? fg.a : 1;
      if (a > 0) { alpha = Math.max(alpha, a); kind = 'text'; color = null; }
      break;
    }
    return { alpha, kind, color };
  }
  // textAt reports whether a text node's boxes hold the point (viewport
  // coordinates of its document), with a few px of slack.
  function textAt(n, x, y) {
    const r = n.ownerDocument.createRange();
    r.selectNodeContents(n);
    for (const b of r.getClientRects()) {
      if (x >= b.left - 4 && x <= b.right + 4 && y >= b.top - 4 && y <= b.bottom + 4) return true;
    }
    return false;
  }
  // frameAlpha is how opaque a same-origin iframe's document paints at the
  // point (viewport coordinates of the iframe's document's parent): an
  // iframe is transparent where its document paints nothing, as an overlay
  // a script lays over the whole page (pointer-events:none) does. It is
  // the strongest paint of the element hit inside and of its ancestors,
  // with their opacity. Null for a frame that cannot be read
  // (cross-origin), which counts as opaque.
  function frameAlpha(f, x, y) {
    let doc = null;
    try { doc = f.contentDocument; } catch (e) { doc = null; }
    if (!doc || !doc.documentElement) return null;
    const r = f.getBoundingClientRect();
    const lx = x - r.left - f.clientLeft, ly = y - r.top - f.clientTop;
    const chain = [];
    for (let e = hitAt(doc, lx, ly); e; e = composedParent(e)) chain.push(e);
    let a = 0, o = 1;
    for (let i = chain.length - 1; i >= 0; i--) {
      o *= opacityOf(style(chain[i])); // down from the root
      a = Math.max(a, paintOf(chain[i], lx, ly, [[0, 0]]).alpha * o);
    }
    // The canvas: the root's background, or the body's when the root has
    // none (CSS propagates it), paints the whole frame.
    const root = style(doc.documentElement);
    const bare = (s) => !(parseColor(s.backgroundColor) || { a: 0 }).a && imageOf(s) === 'none';
    if (bare(root) && doc.body) a = Math.max(a, paintOf(doc.body, -1e9, -1e9).alpha);
    return a;
  }
  // canvasAlpha reads the alpha of the canvas pixel under the point; a
  // canvas that cannot be read (WebGL, cross-origin) counts as opaque
  // unless it is a full-screen decoration (falling petals, fireworks).
  function canvasAlpha(cv, x, y) {
    const r = cv.getBoundingClientRect();
    try {
      const ctx = cv.getContext('2d');
      if (ctx && r.width > 0 && r.height > 0) {
        const px = Math.floor((x - r.left) * cv.width / r.width);
        const py = Math.floor((y - r.top) * cv.height / r.height);
        return ctx.getImageData(px, py, 1, 1).data[3] / 255;
      }
    } catch (e) { /* tainted */ }
    return r.width >= 0.9 * cw && r.height >= 0.9 * topWin.innerHeight ? 0 : 1;
  }
  // layerOf is how a hit element paints over the number (DOMAIN §2
  // visible): its effective opacity (its own opacity times that of its
  // ancestors up to the first one it shares with the number, times the
  // alpha of its paint) and the first non-normal mix-blend-mode on that
  // chain. It covers the number only at an effective opacity of 0.5 or
  // more with normal blending.
  function layerOf(hit, hitFrames, numberChain, x, y, fontPx, box) {
    const p = paintOf(hit, x, y, spreadOver(box));
    let opacity = 1, blend = '';
    for (const a of ancestorsAcrossFrames(hit, hitFrames)) {
      if (numberChain.has(a)) break;
      const s = style(a);
      opacity *= opacityOf(s);
      if (!blend && s.mixBlendMode && s.mixBlendMode !== 'normal') blend = s.mixBlendMode;
    }
    const effective = opacity * p.alpha;
    // A frosted layer (backdrop-filter) blurs what lies under it: its
    // effect on the text cannot be computed.
    // One that blurs it past reading hides it, however faint (a frosted
    // bar over the footer).
    const hs = style(hit);
    const bf = hs.backdropFilter;
    const filter = bf && bf !== 'none' ? 'backdrop-filter' : '';
    const blur = filter ? blurOf(hs, 'backdropFilter') : 0;
    const frosted = blur >= fontPx * BLUR_HIDES ? 'backdrop-filter:blur(' + +blur.toFixed(1) + 'px) blurs ' + fontPx + ' px text away' : '';
    // 1e-6: 0.8 × 0.625 is 0.5 in CSS, not 0.49999999.
    return {
      effective: filter ? Math.max(effective, 0.02) : effective, blend, filter, frosted, kind: p.kind, color: p.color,
      covers: !!frosted || (!blend && effective >= 0.5 - 1e-6),
    };
  }

  function hitAt(doc, x, y) {
    let hit = doc.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  }
  // elementFromPoint ignores pointer-events:none, which still paints: while
  // occlusion is measured, every element of the documents holding
  // candidates takes pointer events. One style per document for all
  // candidates: each insertion and removal restyles the whole document.
  function hitTestEverything(cands) {
    const docs = new Set([topDoc]);
    for (const c of cands) for (const f of c._frames) docs.add(f.contentDocument);
    const styles = [...docs].map(d => {
      const s = d.createElement('style');
      s.textContent = '*{pointer-events:auto!important}';
      const at = d && (d.head || d.documentElement);
      if (at) at.appendChild(s);
      return s;
    });
    return () => { for (const s of styles) s.remove(); };
  }
  // occlusion returns the selector of the element that covers the number
  // at the centre of its text, or at either end of it (see endsOf), or '',
  // and the fainter or blending layers above the text at its centre
  // (veils), topmost first.
  function occlusion(c) {
    const veils = [];
    try {
      const p = pointOf(c);
      if (!p) return { by: '', veils };
      if (p.off) return { by: '', veils, off: p.off };
      const chain = new Set(ancestorsAcrossFrames(c._el, c._frames));
      const by = coverAt(c, p.x, p.y, chain, veils, null);
      if (by) return { by, veils };
      const ends = endsOf(c);
      const off = ends.find(e => e.off);
      if (off) return { by: '', veils, off: offScreenAt(off.where, off.y) };
      if (endsTried >= MAX_ENDS) return { by, veils };
      endsTried++;
      for (const e of ends) {
        const at = coverAt(c, e.x, e.y, chain, [], e.box);
        if (at) return { by: at + ' (over the ' + e.where + ' of the number)', veils };
      }
      return { by: '', veils };
    } finally {
      restoreScroll();
    }
  }
  // The ends of at most MAX_ENDS numbers are hit-tested: a page listing
  // thousands of numbers under a watermark would pay three times over.
  const MAX_ENDS = 50;
  let endsTried = 0;
  // coverAt hit-tests the top viewport at (x, y) down through the layers
  // above the number (at most 12) and returns the selector of the first
  // that covers it there, or ''; the fainter or blending ones go into
  // veils. At an end of the number (charBox: that character's box, where
  // an image's pixels are read), an element holding another part of its
  // text is the number's own.
  function coverAt(c, x, y, chain, veils, charBox) {
    const el = c._el;
    const frames = c._frames;
    const muted = [];
    try {
      for (let i = 0; i < 12; i++) {
        const { hit, k, lx, ly } = hitThrough(x, y, frames);
        if (!hit) return '';
        if (related(hit, el) || (charBox && hit.ownerDocument === el.ownerDocument && c._range.intersectsNode(hit))) {
          // The number's own element or an ancestor, unless what it paints
          // there is one of its pseudo-elements (a hit on ::after is its
          // element's).
          const pc = pseudoCover(hit, el, lx, ly);
          if (pc) return selector(hit, framesOf(hit, frames)) + pc;
          if (sunkUnder(hit, el)) {
            return selector(hit, framesOf(hit, frames)) + ' (its background paints over the number, which lies in a negative z-index layer)';
          }
          return '';
        }
        if (k < frames.length && frames.slice(k).some(f => related(hit, f))) return '';
        const hf = framesOf(hit, frames);
        const layer = layerOf(hit, hf, chain, lx, ly, c.font_size || 16, charBox || c.box);
        const what = selector(hit, hf) + (layer.kind === 'backdrop' ? '::backdrop' : '');
        if (layer.covers) return what + (layer.frosted ? ' (' + layer.frosted + ')' : '');
        if (layer.effective > 0.01) veils.push(Object.assign(layer, { selector: what }));
        muted.push([hit, hit.style.getPropertyValue('pointer-events'), hit.style.getPropertyPriority('pointer-events')]);
        hit.style.setProperty('pointer-events', 'none', 'important');
      }
      return '';
    } finally {
      for (const [e, v, p] of muted) {
        if (v) e.style.setProperty('pointer-events', v, p); else e.style.removeProperty('pointer-events');
      }
    }
  }
  function restoreScroll() {
    if (topWin.scrollX !== scrollX0 || topWin.scrollY !== scrollY0) topWin.scrollTo({ left: scrollX0, top: scrollY0, behavior: 'instant' });
  }
  // pseudoPaint is what a pseudo-element of h paints, when it is
  // positioned absolutely or fixed and its box can be read from its
  // computed offsets and size: { box, alpha, color, kind, z } (box in
  // viewport coordinates of h's document; color the plain background
  // colour, else null; alpha its strongest paint times its opacity). Null
  // for one not shown, in flow, transformed other than moved, clipped or
  // blending (a hover effect scaled to nothing).
  function pseudoPaint(h, which) {
    const win = h.ownerDocument.defaultView;
    const s = win && win.getComputedStyle(h, which);
    if (!s || s.content === 'none' || s.content === 'normal' || s.display === 'none' || s.visibility !== 'visible') return null;
    if (s.position !== 'absolute' && s.position !== 'fixed') return null;
    const m = moveOf(s.transform);
    if (!m) return null;
    if ((s.clipPath && s.clipPath !== 'none') || (s.mixBlendMode && s.mixBlendMode !== 'normal')) return null;
    const box = pseudoBox(h, s, m.e, m.f);
    if (!box) return null;
    const { alpha, kind, color } = backgroundPaint(s);
    const o = opacityOf(s);
    return { box, alpha: alpha * o, color: faded(color, o), kind, z: parseInt(s.zIndex, 10) || 0 };
  }
  // moveOf is how far a transform moves a box ({ e, f }, px) when it only
  // moves it, else null (scaled, turned, mirrored, 3D).
  function moveOf(transform) {
    if (!transform || transform === 'none') return { e: 0, f: 0 };
    let m;
    try { m = new DOMMatrixReadOnly(transform); } catch (e) { return null; }
    return m.is2D && m.a === 1 && m.b === 0 && m.c === 0 && m.d === 1 ? { e: m.e, f: m.f } : null;
  }
  // faded is a colour (or null) at opacity o.
  function faded(c, o) {
    return c && { r: c.r, g: c.g, b: c.b, a: c.a * o };
  }
  // inTopLayer says whether an element is a modal dialog or an open
  // popover, drawn in the top layer over a ::backdrop.
  function inTopLayer(e) {
    try {
      return e.matches(':modal') || e.matches(':popover-open');
    } catch (err) {
      return false;
    }
  }
  function holds(b, x, y) {
    return x >= b.l && x <= b.r && y >= b.t && y <= b.b;
  }
  // pseudoCover returns '::before' or '::after' when that pseudo-element
  // of h, an ancestor of the number's element el (or el), covers the point
  // (viewport coordinates of h's document): above the number, holding the
  // point, painting a background colour or gradient of effective opacity
  // 0.5 or more (an image is not judged: an icon, a pattern).
  function pseudoCover(h, el, x, y) {
    for (const which of ['::after', '::before']) {
      const p = pseudoPaint(h, which);
      if (!p || p.kind === 'background image' || p.z < 0 || raisedAbove(el, h, which, p.z)) continue;
      if (p.alpha >= 0.5 - 1e-6 && holds(p.box, x, y)) return which;
    }
    return '';
  }
  // pseudoUnder lists what the pseudo-elements of a, an ancestor of the
  // number's element el, paint under the number at the point (viewport
  // coordinates of a's document), topmost first, above a's own
  // background: those the number is raised above, and those of negative
  // z-index in a stacking context a makes (without one they lie under a's
  // background). { layers } of plain colours, or { unknown } for a
  // gradient or an image.
  function pseudoUnder(a, el, x, y) {
    const layers = [];
    for (const which of ['::after', '::before']) {
      const p = pseudoPaint(a, which);
      if (!p || p.alpha <= 0 || !holds(p.box, x, y)) continue;
      const under = p.z < 0 ? stacks(style(a)) : raisedAbove(el, a, which, p.z);
      if (!under) continue;
      if (!p.color) return { unknown: p.kind + ' of ' + a.localName + which + ' under the text' };
      layers.push(p.color);
    }
    return { layers };
  }
  // sunkUnder says whether hit, an ancestor of the number's element el hit
  // at the number's centre, paints its background over the number: the number lies in a layer of negative
  // z-index that sinks under hit's background, since hit makes no
  // stacking context and none lies between that layer and hit (a footer
  // at z-index:-1 inside a wrapper painted white). The root's background,
  // and the body's that propagates to the canvas, lie under everything.
  function sunkUnder(hit, el) {
    if (hit.localName === 'html') return false;
    let sunk = false;
    for (let e = el; e && e !== hit; e = composedParent(e)) {
      const s = style(e);
      if (s.position !== 'static' && (parseInt(s.zIndex, 10) || 0) < 0) sunk = true;
      else if (stacks(s)) sunk = false;
    }
    const hs = style(hit);
    if (!sunk || stacks(hs)) return false;
    if (hit.localName === 'body') {
      const root = hit.ownerDocument.documentElement;
      if (!root || backgroundPaint(style(root)).alpha === 0) return false;
    }
    return backgroundPaint(hs).alpha >= 0.5 - 1e-6;
  }
  // stacks says whether an element makes a stacking context (the usual
  // ways: a positioned z-index, opacity, transform, filter, isolation).
  function stacks(s) {
    return (s.position !== 'static' && s.zIndex !== 'auto') || parseFloat(s.opacity) < 1 || s.transform !== 'none' ||
      (s.filter && s.filter !== 'none') || s.isolation === 'isolate' || s.position === 'fixed' || s.position === 'sticky';
  }
  // raisedAbove says whether the number paints above a pseudo-element of h
  // of z-index z: an element from el up to h (not h) is positioned, and
  // comes after ::before in the painting order, or has a z-index over z.
  function raisedAbove(el, h, which, z) {
    for (let e = el; e && e !== h; e = composedParent(e)) {
      const s = style(e);
      if (s.position === 'static') continue;
      if (which === '::before' || (parseInt(s.zIndex, 10) || 0) > z) return true;
    }
    return false;
  }
  // pseudoBox is the border box of a positioned pseudo-element of h from
  // its computed offsets and size, moved by its translation (tx, ty), in
  // viewport coordinates of h's document; null when they are not lengths.
  function pseudoBox(h, s, tx, ty) {
    const n = (v) => parseFloat(v);
    const left = n(s.left), top = n(s.top);
    let w = n(s.width), ht = n(s.height);
    if ([left, top, w, ht].some(Number.isNaN)) return null;
    if (s.boxSizing !== 'border-box') {
      w += n(s.paddingLeft) + n(s.paddingRight) + n(s.borderLeftWidth) + n(s.borderRightWidth);
      ht += n(s.paddingTop) + n(s.paddingBottom) + n(s.borderTopWidth) + n(s.borderBottomWidth);
    }
    let ox = 0, oy = 0;
    let cb = null;
    for (let e = h; e; e = composedParent(e)) {
      const es = style(e);
      if (s.position === 'fixed' ? containsFixed(es) : es.position !== 'static' || containsFixed(es)) { cb = e; break; }
    }
    if (cb) {
      const r = cb.getBoundingClientRect();
      ox = r.left + cb.clientLeft; oy = r.top + cb.clientTop;
    } else if (s.position !== 'fixed') {
      return null; // the initial containing block: not worth the guess
    }
    ox += tx; oy += ty;
    return { l: ox + left, t: oy + top, r: ox + left + w, b: oy + top + ht };
  }

  // veil puts the layers that let the number show through into its
  // contrast: plain colours are composited over the text and its
  // background; a gradient, an image, content or a blend mode cannot be,
  // and make the contrast unknown (DOMAIN §7).
  function veil(c, veils) {
    if (!veils.length || c.contrast_unknown) return;
    const odd = veils.find((v) => v.blend || v.filter || !v.color);
    if (odd) {
      let what = 'translucent ' + (odd.kind || 'layer');
      if (odd.blend) what = 'mix-blend-mode:' + odd.blend + ' layer';
      else if (odd.filter) what = odd.filter + ' layer';
      c.contrast_unknown = what + ' ' + odd.selector + ' over the text';
      c.contrast = 0;
      return;
    }
    let text = c._text, base = c._base;
    for (let i = veils.length - 1; i >= 0; i--) {
      const v = veils[i];
      const top = { r: v.color.r, g: v.color.g, b: v.color.b, a: v.effective };
      text = over(top, text);
      base = over(top, base);
    }
    c.contrast = ratio(text, base);
    c.color = hex(text);
    c.background = hex(base);
  }
