  // ---- colours ----
  const colorCache = new Map();
  let colorCtx = null;
  // parseColor reads any CSS colour (rgb(), oklch(), lab(), color(),
  // color-mix() …) by painting it on a 1×1 canvas.
  function parseColor(s) {
    if (!s) return null;
    const m = /^rgba?\(([^)]+)\)$/.exec(s);
    if (m) {
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      if (p.length >= 3 && p.every((v) => !Number.isNaN(v))) return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    }
    if (colorCache.has(s)) return colorCache.get(s);
    let c = null;
    try {
      if (!colorCtx) {
        const cv = topDoc.createElement('canvas');
        cv.width = cv.height = 1;
        colorCtx = cv.getContext('2d', { willReadFrequently: true });
      }
      colorCtx.clearRect(0, 0, 1, 1);
      colorCtx.fillStyle = '#000';
      colorCtx.fillStyle = s;
      colorCtx.fillRect(0, 0, 1, 1);
      const d = colorCtx.getImageData(0, 0, 1, 1).data;
      c = { r: d[0], g: d[1], b: d[2], a: d[3] / 255 };
    } catch (e) {
      c = null;
    }
    colorCache.set(s, c);
    return c;
  }
  // canvasColour is the colour of the top document's canvas, under
  // everything: the browser's Canvas colour in the colour scheme the root
  // uses. White, unless the page opts into a dark scheme (meta
  // color-scheme "light dark" on a phone in dark mode: #121212, with
  // white default text). Read once, from an element of the root's scheme
  // put in for the read and taken out.
  let canvas = null;
  function canvasColour() {
    if (canvas) return canvas;
    canvas = { r: 255, g: 255, b: 255, a: 1 };
    const root = topDoc.documentElement;
    if (!root) return canvas;
    const d = topDoc.createElementNS('http://www.w3.org/1999/xhtml', 'div');
    d.style.cssText = 'display:block!important;position:absolute!important;width:0!important;height:0!important;' +
      'color-scheme:inherit!important;background:Canvas!important';
    let c = null;
    try {
      root.appendChild(d);
      c = parseColor(topWin.getComputedStyle(d).backgroundColor);
    } catch (e) { /* a root that takes no child */ }
    d.remove();
    if (c && c.a >= 1) canvas = c;
    return canvas;
  }
  function over(top, bottom) {
    const a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  // hex writes a colour as #rrggbb, or #rrggbbaa when it is translucent
  // (transparent text reads #rrggbb00, not as the colour it would be).
  function hex(c) {
    const h = v => Math.round(v).toString(16).padStart(2, '0');
    return '#' + h(c.r) + h(c.g) + h(c.b) + (c.a < 1 ? h(c.a * 255) : '');
  }

  // ancestorsAcrossFrames lists el and its flat-tree ancestors, then the
  // iframe elements holding it and theirs.
  function ancestorsAcrossFrames(el, frames) {
    const out = [];
    for (let e = el; e; e = composedParent(e)) out.push(e);
    for (let i = frames.length - 1; i >= 0; i--) {
      for (let e = frames[i]; e; e = composedParent(e)) out.push(e);
    }
    return out;
  }

  // textColour is the colour text is painted in: -webkit-text-fill-color
  // (which follows color unless set), or for text whose fill is
  // transparent, the stroke of outlined text, else a sharp text-shadow
  // (blur 0: "color:transparent; text-shadow:0 0 0 #333" draws the glyphs
  // in the shadow's colour).
  function textColour(s) {
    const fill = parseColor(s.webkitTextFillColor || s.color);
    if (!fill || fill.a !== 0) return fill;
    if (parseFloat(s.webkitTextStrokeWidth) > 0) return parseColor(s.webkitTextStrokeColor) || fill;
    return sharpShadow(s.textShadow) || fill;
  }
  // sharpShadow is the colour of the topmost visible text-shadow with no
  // blur, or null.
  function sharpShadow(v) {
    if (!v || v === 'none') return null;
    for (const one of v.split(/,(?![^(]*\))/)) {
      const colour = (one.match(COLOR_TOKEN) || [])[0];
      const c = colour && parseColor(colour);
      const lengths = one.replace(COLOR_TOKEN, ' ').trim().split(/\s+/).map(parseFloat);
      if (c && c.a > 0 && !(lengths[2] > 0)) return c;
    }
    return null;
  }

  // firstLineStyle is the ::first-line style of a block the text lies
  // in, when the text is on that block's first line and takes its colour
  // from there, else null. r is the text's first box, in its document.
  // "p::first-line{color:#fff}" paints the inline text of the first line
  // that inherits its colour, while every element's computed colour says
  // otherwise. An element between them that sets its own colour (a link
  // in the UA's blue, or a theme's colour equal to the block's) keeps it.
  function firstLineStyle(el, r) {
    if (!r) return null;
    const own = style(el);
    for (let e = el; e; e = composedParent(e)) {
      const s = style(e);
      if (s.color !== own.color || s.webkitTextFillColor !== own.webkitTextFillColor) return null;
      if (s.display === 'inline' || s.display === 'contents') continue;
      const f = (e.ownerDocument.defaultView || topWin).getComputedStyle(e, '::first-line');
      if (f.color === s.color && f.webkitTextFillColor === s.webkitTextFillColor) continue;
      return onFirstLine(e, r) && inheritsColour(el, e) ? f : null;
    }
    return null;
  }
  // inheritsColour says whether el takes its colour from its ancestor e:
  // e's colour is set to a colour no page uses for a moment, and el's is
  // read.
  function inheritsColour(el, e) {
    if (el === e) return true;
    const was = e.style.getPropertyValue('color'), prio = e.style.getPropertyPriority('color');
    e.style.setProperty('color', 'rgb(1, 2, 3)', 'important');
    const follows = style(el).color === 'rgb(1, 2, 3)' && (!style(el).webkitTextFillColor || style(el).webkitTextFillColor === 'rgb(1, 2, 3)');
    if (was) e.style.setProperty('color', was, prio); else e.style.removeProperty('color');
    return follows;
  }
  // onFirstLine says whether the box r lies on the first line of text of
  // the block e: the line of its first drawn text.
  function onFirstLine(e, r) {
    const doc = e.ownerDocument;
    const tw = doc.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = tw.nextNode(); n; n = tw.nextNode()) {
      if (!n.data.trim()) continue;
      const range = doc.createRange();
      range.selectNodeContents(n);
      const first = [...range.getClientRects()].find((q) => q.width > 0 && q.height > 0);
      if (first) return r.top < first.bottom && r.bottom > first.top;
    }
    return false;
  }

  function contrastOf(el, frames, opacity, box, firstBox) {
    const fg = textColour(firstLineStyle(el, firstBox) || style(el)) || { r: 0, g: 0, b: 0, a: 1 };
    const layers = [];
    let unknown = '';
    let opaqueAt = null;
    // The text's own element or an ancestor below the background may be
    // painted with a blend mode ("adaptive" text: white with
    // mix-blend-mode:difference reads black on white): the first one.
    let blend = null;
    let gradient = null; // { colours, at: its index in layers, el }
    let outside = null; // the first ancestor painting a background the text overflows
    let missing = ''; // the first ancestor whose background image did not load
    let ownFrom = 0; // where in layers the opaque ancestor's own paint begins
    // The text's centre in the top viewport, moved into each box that
    // clips it on the way up.
    let px = box ? (box.vl + box.vr) / 2 : 0, py = box ? (box.vt + box.vb) / 2 : 0;
    const chain = ancestorsAcrossFrames(el, frames);
    for (const a of chain) {
      const s = style(a);
      // One with a background of its own, or above translucent layers,
      // blends them with the text as a group: the contrast inside the
      // group is kept, as before.
      if (!blend && !layers.length && s.mixBlendMode && s.mixBlendMode !== 'normal' &&
          !(parseColor(s.backgroundColor) || { a: 0 }).a && imageOf(s) === 'none') {
        if (!BLEND[s.mixBlendMode]) {
          unknown = 'text blended (mix-blend-mode:' + s.mixBlendMode + ') on ' + a.localName;
          break;
        }
        blend = { mode: s.mixBlendMode, el: a };
      }
      if (/text/.test(s.backgroundClip || s.webkitBackgroundClip || '')) {
        // The text is painted with this background (gradient text): its
        // colour is not the text's own.
        unknown = 'text painted with its background (background-clip:text) on ' + a.localName;
        break;
      }
      if (box) {
        // Its pseudo-elements may paint under the text, above its own
        // background (a band, an overlay the content is raised over).
        const { dx, dy } = frameOffset(framesOf(a, frames));
        const x = (box.vl + box.vr) / 2 - dx, y = (box.vt + box.vb) / 2 - dy;
        const ps = pseudoUnder(a, el, x, y);
        if (ps.unknown) { unknown = ps.unknown; break; }
        if (ps.layers.some((l) => { layers.push(l); return l.a >= 1; })) { opaqueAt = a; ownFrom = layers.length - 1; break; }
        // An element with display:contents has no box: it paints no
        // background.
        if (s.display === 'contents') continue;
        // Its background paints in its own box: text overflowing it (a
        // footer bar of fixed height whose lines wrap below it on a
        // phone) lies on what is behind. The root's and the body's paint
        // the whole canvas. Text in a box that clips (a scroller, an
        // iframe) shows inside it or not at all: from there up, the text
        // is taken at the point of that box nearest to it (where it shows
        // once scrolled to).
        const r = a.getBoundingClientRect();
        const rect = { l: r.left + dx - 0.5, r: r.right + dx + 0.5, t: r.top + dy - 0.5, b: r.bottom + dy + 0.5 };
        const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible' || paintContained(s) || a.localName === 'iframe';
        if (!clips && a.localName !== 'html' && a.localName !== 'body' && !holds(rect, px, py)) {
          if (!outside && backgroundPaint(s).alpha > 0) outside = a;
          continue;
        }
        if (clips && rect.r > rect.l && rect.b > rect.t) {
          px = Math.min(Math.max(px, rect.l), rect.r);
          py = Math.min(Math.max(py, rect.t), rect.b);
        }
      }
      const ownStart = layers.length; // where this element's own background layers begin
      const image = imageOf(s);
      if (!missing && image !== (s.backgroundImage || 'none')) {
        missing = selector(a, framesOf(a, frames)) + ' (' + s.backgroundImage + ': HTTP ' + imageFailure(s) + ')';
      }
      if (image !== 'none') {
        // An image or gradient paints above the element's colour. Where
        // under the text a gradient is is not measured, but every colour
        // it paints is known: the text is judged against the one that
        // gives it the most contrast (one gradient in the chain).
        const g = !gradient && gradientColours(s);
        if (!g) {
          unknown = 'background image or gradient under the text on ' + a.localName;
          break;
        }
        gradient = { colours: g, at: layers.length, el: a };
        layers.push(g[0]);
        if (g.every((c) => c.a >= 1)) { opaqueAt = a; ownFrom = ownStart; break; }
      }
      const bg = parseColor(s.backgroundColor);
      if (bg && bg.a > 0) {
        layers.push(bg);
        if (bg.a >= 1) { opaqueAt = a; ownFrom = ownStart; break; }
      }
    }
    let base = canvasColour();
    if (!unknown && box) {
      // Something that is not an ancestor may paint under the text, above
      // the first opaque ancestor: a fixed full-screen background, an
      // absolutely positioned image behind a banner's text.
      const under = backgroundUnder(el, (box.vl + box.vr) / 2, (box.vt + box.vb) / 2, opaqueAt);
      if (under.unknown) unknown = under.unknown;
      else if (under.color || under.colours) {
        if (opaqueAt) layers.length = ownFrom; // the panel lies above that ancestor's background
        if (gradient && gradient.at >= layers.length) gradient = null;
        if (under.color) base = under.color;
        else if (gradient) unknown = 'background gradients under the text on ' + gradient.el.localName + ' and ' + under.el.localName;
        else {
          // An opaque gradient panel: the layers lie over its colours.
          gradient = { colours: under.colours, at: layers.length, el: under.el };
          layers.push(under.colours[0]);
        }
      }
    }
    if (gradient && gradient.at >= layers.length) gradient = null; // a panel lies above it
    const group = blend && !unknown ? blendGroup(blend, chain, opaqueAt) : {};
    if (group.unknown) unknown = group.unknown;
    // seen composites the text over the layers, the gradient's at colour
    // g: the colour the text is seen in, its background, their contrast.
    const seen = (g) => {
      if (gradient) layers[gradient.at] = g;
      let under = base;
      for (let i = layers.length - 1; i >= 0; i--) under = over(layers[i], under);
      let paint = { r: fg.r, g: fg.g, b: fg.b, a: fg.a * opacity };
      if (group.under) paint = Object.assign(BLEND[blend.mode](paint, under), { a: paint.a });
      const text = over(paint, under);
      return { text, base: under, contrast: ratio(text, under) };
    };
    let best = null;
    for (const g of gradient && !unknown ? gradient.colours : [gradient && gradient.colours[0]]) {
      const o = seen(g);
      if (!best || o.contrast > best.contrast) best = o;
    }
    const { text } = best;
    base = best.base;
    // The colour reported is the one seen: the paint with its alpha and
    // opacity over the background (transparent text is the background's).
    const blended = group.under ? 'mix-blend-mode:' + blend.mode + ' on ' + selector(blend.el, framesOf(blend.el, frames)) : '';
    const grad = gradient && !unknown ? selector(gradient.el, framesOf(gradient.el, frames)) : '';
    const overflows = outside && !unknown ? selector(outside, framesOf(outside, frames)) : '';
    return { contrast: unknown ? 0 : best.contrast, color: hex(unknown ? fg : text), background: hex(base), unknown, blended, gradient: grad, overflows, missing: unknown ? '' : missing, text, base };
  }
  // gradientColours lists the colours a background of one gradient paints
  // over the whole box: its stops and nine steps between each two (sRGB
  // interpolation of premultiplied colour, the default). null for an
  // image, several layers, interpolation in another colour space, or a
  // gradient that may leave part of the box bare (a 1 px divider drawn at
  // its bottom by a gradient that does not repeat).
  function gradientColours(s) {
    const img = s.backgroundImage;
    if (!/^(repeating-)?(linear|radial|conic)-gradient\(/.test(img) || (img.match(/gradient\(/g) || []).length !== 1 ||
        /\bin\s+[a-z]/i.test(img) || /url\(|image-set\(|element\(|cross-fade\(|paint\(/.test(img)) return null;
    const tiles = /^(repeat|round)( (repeat|round))?$/.test(s.backgroundRepeat);
    const whole = /^(auto|auto auto|100% 100%)$/.test(s.backgroundSize) && /^(0% 0%|0px 0px|left top)$/.test(s.backgroundPosition);
    if (!tiles && !whole) return null;
    // Stops in legacy colours (computed as rgb()) interpolate in sRGB; one
    // written in oklch(), lab() or color() makes the gradient interpolate
    // in Oklab, whose colours between the stops are not these.
    const tokens = img.match(COLOR_TOKEN) || [];
    if (!tokens.length || !tokens.every((t) => /^(rgba?\(|#|transparent$)/i.test(t))) return null;
    const stops = tokens.map(parseColor);
    if (!stops.every(Boolean)) return null;
    const out = [];
    stops.forEach((p, i) => {
      out.push(p);
      const q = stops[i + 1];
      if (!q) return;
      for (let k = 1; k < 10; k++) {
        const t = k / 10, a = p.a + (q.a - p.a) * t;
        const ch = (x, y) => a ? (x * p.a + (y * q.a - x * p.a) * t) / a : 0;
        out.push({ r: ch(p.r, q.r), g: ch(p.g, q.g), b: ch(p.b, q.b), a });
      }
    });
    return out;
  }
  // BLEND holds the separable blend modes (Compositing and Blending
  // Level 1), each giving the colour a source paints over an opaque
  // backdrop; the others (hue, saturation, color, luminosity) leave the
  // contrast unknown.
  const BLEND = (() => {
    const hard = (b, s) => s <= 0.5 ? b * 2 * s : b + (2 * s - 1) - b * (2 * s - 1);
    const soft = (b, s) => {
      if (s <= 0.5) return b - (1 - 2 * s) * b * (1 - b);
      const d = b <= 0.25 ? ((16 * b - 12) * b + 4) * b : Math.sqrt(b);
      return b + (2 * s - 1) * (d - b);
    };
    const fns = {
      multiply: (b, s) => b * s,
      screen: (b, s) => b + s - b * s,
      overlay: (b, s) => hard(s, b),
      darken: Math.min,
      lighten: Math.max,
      'color-dodge': (b, s) => b === 0 ? 0 : s >= 1 ? 1 : Math.min(1, b / (1 - s)),
      'color-burn': (b, s) => b >= 1 ? 1 : s <= 0 ? 0 : 1 - Math.min(1, (1 - b) / s),
      'hard-light': hard,
      'soft-light': soft,
      difference: (b, s) => Math.abs(b - s),
      exclusion: (b, s) => b + s - 2 * b * s,
      'plus-lighter': (b, s) => Math.min(1, b + s),
    };
    const out = {};
    for (const [k, f] of Object.entries(fns)) {
      out[k] = (src, bd) => ({
        r: Math.round(f(bd.r / 255, src.r / 255) * 255),
        g: Math.round(f(bd.g / 255, src.g / 255) * 255),
        b: Math.round(f(bd.b / 255, src.b / 255) * 255),
      });
    }
    return out;
  })();
  // blendGroup says what a blending element's backdrop is: { under: true }
  // for the background found under the text; {} when it lies in an
  // isolated group (a stacking context below that background) that paints
  // nothing behind it, since blending with a transparent backdrop leaves
  // the text's own colour; { unknown } when that group paints something of
  // its own behind the text.
  function blendGroup(blend, chain, opaqueAt) {
    const i = chain.indexOf(blend.el);
    const j = opaqueAt ? chain.indexOf(opaqueAt) : chain.length;
    let painted = false;
    for (let k = i + 1; k < j; k++) {
      const s = style(chain[k]);
      if (chain[k].localName === 'iframe') return {};
      painted = painted || (parseColor(s.backgroundColor) || { a: 0 }).a > 0 || imageOf(s) !== 'none';
      if (isolates(s)) {
        return painted ? { unknown: 'text blended (mix-blend-mode:' + blend.mode + ') on ' + blend.el.localName + ' inside an isolated group' } : {};
      }
    }
    return { under: true };
  }
  // isolates says whether a style makes its element a stacking context
  // (a group that blending inside it cannot see through), erring towards
  // yes.
  function isolates(s) {
    return stacks(s) || containsFixed(s) || (s.mixBlendMode && s.mixBlendMode !== 'normal') || s.zIndex !== 'auto' ||
      /opacity|transform|filter|z-index/.test(s.willChange || '') ||
      (s.maskImage && s.maskImage !== 'none') || (s.webkitMaskImage && s.webkitMaskImage !== 'none') ||
      (s.clipPath && s.clipPath !== 'none') || (s.backdropFilter && s.backdropFilter !== 'none') ||
      (s.containerType && s.containerType !== 'normal') || (s.translate && s.translate !== 'none') ||
      (s.rotate && s.rotate !== 'none') || (s.scale && s.scale !== 'none');
  }
  function ratio(a, b) {
    const l1 = lum(a), l2 = lum(b);
    return Math.round((Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) * 100) / 100;
  }

  // backgroundUnder looks at what the page paints under the point (top-page
  // viewport coordinates) below the text's own element and its ancestors:
  // a fixed full-screen background, a positioned panel. Points outside the
  // viewport are not looked at.
  function backgroundUnder(el, x, y, stopAt) {
    if (x < 0 || y < 0 || x >= cw || y >= topWin.innerHeight) return {};
    const doc = el.ownerDocument;
    if (doc !== topDoc) return {};
    let below = false;
    for (const e of topDoc.elementsFromPoint(x, y)) {
      if (e === el || e.contains(el)) {
        // Down to the first opaque ancestor, whose colour is then right.
        if (e === stopAt) return {};
        below = true;
        continue;
      }
      if (!below || el.contains(e)) continue;
      const s = style(e);
      const bg = parseColor(s.backgroundColor);
      const media = ['IMG', 'VIDEO', 'CANVAS', 'PICTURE'].includes(e.tagName);
      if (imageOf(s) !== 'none' || media) {
        // A panel painting a gradient, opaque or over an opaque colour of
        // its own, is known colour by colour.
        const g = !media && gradientColours(s);
        const solid = bg && bg.a >= 1;
        if (g && (solid || g.every((c) => c.a >= 1))) return { colours: solid ? g.map((c) => over(c, bg)) : g, el: e };
        return { unknown: 'background image under the text on ' + e.localName };
      }
      if (bg && bg.a >= 1) return { color: bg };
    }
    return {};
  }

