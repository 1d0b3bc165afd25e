  // ---- pixels of images over the number ----
  // An image paints only where its pixels are: a festival decoration laid
  // over the whole page (lanterns in two corners, pointer-events:none) or
  // a watermark tiled as a background paints nothing, or next to nothing,
  // over the footer. What they paint there is read from the image itself,
  // drawn at its place on a 1×1 canvas. An image that cannot be read
  // (another origin, not decoded) or laid out in a way not followed here
  // paints everywhere, as before.
  let pixelCtx = null;
  // spreadOver is where over the number's box (document px) its pixels
  // are read, as offsets from its centre: 7 × 3 points across it. An image
  // with a hole at the number's centre still covers the rest.
  function spreadOver(box) {
    const w = box ? box.right - box.left : 0, h = box ? box.bottom - box.top : 0;
    const out = [];
    for (let i = 0; i < 7; i++) for (let j = 0; j < 3; j++) out.push([(i / 6 - 0.5) * w * 0.9, (j / 2 - 0.5) * h * 0.8]);
    return out;
  }
  // alphaOfDrawn is the strongest alpha of an image drawn at rect (x, y,
  // w, h: viewport px; repeated every w and h when repeat says so) at the
  // point moved by each offset of spread, or null when it cannot be read.
  function alphaOfDrawn(img, rect, repeat, x, y, spread) {
    try {
      if (!pixelCtx) {
        const cv = topDoc.createElement('canvas');
        cv.width = cv.height = 1;
        pixelCtx = cv.getContext('2d', { willReadFrequently: true });
      }
      let a = 0;
      for (const [ox, oy] of spread) {
        const px = x + ox, py = y + oy;
        let u = px - rect.x, v = py - rect.y;
        if (repeat.x) u = ((u % rect.w) + rect.w) % rect.w;
        if (repeat.y) v = ((v % rect.h) + rect.h) % rect.h;
        if (u < 0 || v < 0 || u >= rect.w || v >= rect.h) continue;
        pixelCtx.clearRect(0, 0, 1, 1);
        pixelCtx.drawImage(img, -u, -v, rect.w, rect.h);
        a = Math.max(a, pixelCtx.getImageData(0, 0, 1, 1).data[3] / 255);
      }
      return a;
    } catch (e) {
      // Tainted by an image of another origin (a canvas stays tainted:
      // the next image gets a new one), or broken.
      pixelCtx = null;
      return null;
    }
  }
  // contentBox is an element's content box in its viewport.
  function contentBox(e, s) {
    const b = e.getBoundingClientRect();
    const px = (v) => parseFloat(v) || 0;
    const x = b.left + e.clientLeft + px(s.paddingLeft), y = b.top + e.clientTop + px(s.paddingTop);
    return { x, y, w: e.clientWidth - px(s.paddingLeft) - px(s.paddingRight), h: e.clientHeight - px(s.paddingTop) - px(s.paddingBottom) };
  }
  // fitted places an image of natural size nw × nh in a box by
  // object-fit / background-size: contain, cover, none or scale-down;
  // centred at pos (fractions of the room left over).
  function fitted(box, nw, nh, fit, pos) {
    const k = Math.min(box.w / nw, box.h / nh), K = Math.max(box.w / nw, box.h / nh);
    const sc = fit === 'contain' ? k : fit === 'cover' ? K : fit === 'none' ? 1 : Math.min(1, k);
    const w = nw * sc, h = nh * sc;
    return { x: box.x + (box.w - w) * pos[0], y: box.y + (box.h - h) * pos[1], w, h };
  }
  // bent says whether a box or one above it is transformed other than
  // moved (scaled, turned, mirrored): its pixels are not where its box
  // says.
  function bent(e) {
    for (let a = e; a; a = composedParent(a)) {
      const s = style(a);
      if ((s.scale && s.scale !== 'none') || (s.rotate && s.rotate !== 'none') || !moveOf(s.transform)) return true;
    }
    return false;
  }
  // imgAlpha is what an <img> paints at the points, or null (unknown).
  function imgAlpha(img, x, y, spread) {
    if (!img.complete || !img.naturalWidth && !/svg/.test(img.currentSrc || img.src)) return null;
    if (bent(img)) return null;
    const s = style(img);
    const box = contentBox(img, s);
    if (!(box.w > 0 && box.h > 0)) return 0;
    const fit = s.objectFit || 'fill';
    let rect = box;
    if (fit !== 'fill' && img.naturalWidth && img.naturalHeight) {
      if (s.objectPosition !== '50% 50%') return null;
      rect = fitted(box, img.naturalWidth, img.naturalHeight, fit, [0.5, 0.5]);
    }
    // What lies outside the box is clipped away.
    const inside = spread.filter(([ox, oy]) => x + ox >= box.x && y + oy >= box.y && x + ox <= box.x + box.w && y + oy <= box.y + box.h);
    if (!inside.length) return 0;
    return alphaOfDrawn(img, rect, {}, x, y, inside);
  }
  // imageOf is a style's background-image as painted: 'none' for none, and
  // for one url() layer the server answered with an error that is no image
  // either (a 404 page instead of a theme's footer picture: settle.js
  // fetched and decoded it once more). Anything else (an error page that
  // decodes as a picture, another origin whose status the browser hides, a
  // refused connection, still loading, in a frame) paints, as before.
  function imageOf(s) {
    return imageFailure(s) ? 'none' : s.backgroundImage || 'none';
  }
  // imageFailure is the HTTP status a style's one url() background image
  // was answered with instead of an image (see imageOf), or 0.
  function imageFailure(s) {
    const broken = globalThis.__beiancheckBroken;
    if (!(broken instanceof Map) || !broken.size) return 0; // most pages: asked per ancestor
    const m = /^url\("(https?:[^"]*)"\)$/.exec(s.backgroundImage || '');
    return (m && broken.get(m[1])) || 0;
  }
  // backgroundImageAlpha is what an element's background image paints at
  // the point: one url() layer, sized auto, in px or by cover/contain,
  // placed in px or %, repeated or not; null for anything else.
  function backgroundImageAlpha(e, s, x, y, spread) {
    const m = /^url\("([^"]*)"\)$/.exec(s.backgroundImage || '');
    if (!m || /,/.test(s.backgroundSize + s.backgroundPosition + s.backgroundRepeat + s.backgroundOrigin + s.backgroundAttachment)) return null;
    const im = new Image();
    im.src = m[1];
    // Decoded for the page's paint already: a data: URL or a cached image
    // is complete at once; anything else is not followed.
    if (!im.complete || !im.naturalWidth || !im.naturalHeight || bent(e)) return null;
    const b = e.getBoundingClientRect();
    const px = (v) => parseFloat(v) || 0;
    let area;
    if (s.backgroundAttachment === 'fixed') area = { x: 0, y: 0, w: topWin.innerWidth, h: topWin.innerHeight };
    else if (s.backgroundAttachment === 'local') return null;
    else if (s.backgroundOrigin === 'padding-box') area = { x: b.left + e.clientLeft, y: b.top + e.clientTop, w: e.clientWidth, h: e.clientHeight };
    else return null;
    const size = s.backgroundSize.trim().split(/\s+/);
    let w = im.naturalWidth, h = im.naturalHeight;
    if (size[0] === 'cover' || size[0] === 'contain') {
      const f = fitted(area, w, h, size[0], [0, 0]);
      w = f.w; h = f.h;
    } else if (size[0] !== 'auto' || (size[1] && size[1] !== 'auto')) {
      const len = (v, whole) => (v === 'auto' ? null : v.endsWith('%') ? px(v) / 100 * whole : /px$/.test(v) ? px(v) : NaN);
      const sw = len(size[0], area.w), sh = len(size[1] || 'auto', area.h);
      if (Number.isNaN(sw) || Number.isNaN(sh)) return null;
      if (sw !== null && sh !== null) { w = sw; h = sh; } else if (sw !== null) { h = h * sw / w; w = sw; } else { w = w * sh / h; h = sh; }
    }
    if (!(w > 0 && h > 0)) return 0;
    const pos = s.backgroundPosition.trim().split(/\s+/);
    if (pos.length !== 2) return null;
    const at = (v, room) => (v.endsWith('%') ? px(v) / 100 * room : /px$/.test(v) ? px(v) : NaN);
    const ox = at(pos[0], area.w - w), oy = at(pos[1], area.h - h);
    if (Number.isNaN(ox) || Number.isNaN(oy)) return null;
    const rep = { 'repeat': [1, 1], 'repeat-x': [1, 0], 'repeat-y': [0, 1], 'no-repeat': [0, 0], 'repeat repeat': [1, 1], 'no-repeat no-repeat': [0, 0], 'repeat no-repeat': [1, 0], 'no-repeat repeat': [0, 1] }[s.backgroundRepeat.trim()];
    if (!rep) return null;
    // Painted within the element's border box.
    const inside = spread.filter(([dx, dy]) => x + dx >= b.left && y + dy >= b.top && x + dx <= b.right && y + dy <= b.bottom);
    if (!inside.length) return 0;
    return alphaOfDrawn(im, { x: area.x + ox, y: area.y + oy, w, h }, { x: !!rep[0], y: !!rep[1] }, x, y, inside);
  }

  // svgPaint is what an element inside an <svg> paints where it is hit:
  // a shape or an SVG text, hit only where its fill or stroke is painted,
  // paints the stronger of the two (a paint server, url(#gradient), as
  // opaque), and a plain fill alone gives its colour; an <image>, a
  // <foreignObject> or a <use> counts as opaque; a group or a nested <svg>
  // paints nothing of its own.
  const SVG_NS = 'http://www.w3.org/2000/svg';
  function svgPaint(e) {
    const n = e.localName;
    if (n === 'image' || n === 'foreignObject' || n === 'use') return { alpha: 1, kind: n };
    if (n === 'g' || n === 'svg' || n === 'a' || n === 'switch') return { alpha: 0, kind: '' };
    const s = style(e);
    const paint = (v, o) => {
      if (!v || v === 'none') return 0;
      if (/url\(/.test(v)) return 1;
      const c = parseColor(v);
      return (c ? c.a : 1) * (parseFloat(o) >= 0 ? parseFloat(o) : 1);
    };
    const stroke = parseFloat(s.strokeWidth) > 0 ? paint(s.stroke, s.strokeOpacity) : 0;
    // A plain fill alone is a colour: a fainter shape over the number is
    // composited into its contrast, as a translucent bar is.
    const color = !stroke && s.fill && !/url\(/.test(s.fill) ? parseColor(s.fill) : null;
    return { alpha: Math.max(paint(s.fill, s.fillOpacity), stroke), kind: 'svg ' + n, color };
  }
