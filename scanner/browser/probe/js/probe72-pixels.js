  // ---- pixels of images over the number ----
  // An image paints only where its pixels are: a festival decoration laid
  // over the whole page (lanterns in two corners, pointer-events:none) or
  // a watermark tiled as a background paints nothing, or next to nothing,
  // over the footer. What they paint there is read from the image itself,
  // drawn at its place on a 1×1 canvas. An image that cannot be read
  // (another origin, not decoded) or laid out in a way not followed here
  // paints everywhere, as before.
  let pixelCtx = null;
  // alphaOfDrawn is the strongest alpha of an image drawn at rect (x, y,
  // w, h: viewport px; repeated every w and h when repeat says so) at the
  // point and at four points r px around it, or null when it cannot be read.
  function alphaOfDrawn(img, rect, repeat, x, y, r) {
    try {
      if (!pixelCtx) {
        const cv = topDoc.createElement('canvas');
        cv.width = cv.height = 1;
        pixelCtx = cv.getContext('2d', { willReadFrequently: true });
      }
      let a = 0;
      for (const [px, py] of [[x, y], [x - r, y], [x + r, y], [x, y - r], [x, y + r]]) {
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
      return null; // tainted by another origin, or broken
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
  // imgAlpha is what an <img> paints at the point, or null (unknown).
  function imgAlpha(img, x, y, r) {
    if (!img.complete || !img.naturalWidth && !/svg/.test(img.currentSrc || img.src)) return null;
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
    if (x < box.x || y < box.y || x > box.x + box.w || y > box.y + box.h) return 0;
    return alphaOfDrawn(img, rect, {}, x, y, r);
  }
  // backgroundImageAlpha is what an element's background image paints at
  // the point: one url() layer, sized auto, in px or by cover/contain,
  // placed in px or %, repeated or not; null for anything else.
  function backgroundImageAlpha(e, s, x, y, r) {
    const m = /^url\("([^"]*)"\)$/.exec(s.backgroundImage || '');
    if (!m || /,/.test(s.backgroundSize + s.backgroundPosition + s.backgroundRepeat + s.backgroundOrigin + s.backgroundAttachment)) return null;
    const im = new Image();
    im.src = m[1];
    // Decoded for the page's paint already: a data: URL or a cached image
    // is complete at once; anything else is not followed.
    if (!im.complete || !im.naturalWidth || !im.naturalHeight) return null;
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
    if (x < b.left || y < b.top || x > b.right || y > b.bottom) return 0;
    return alphaOfDrawn(im, { x: area.x + ox, y: area.y + oy, w, h }, { x: !!rep[0], y: !!rep[1] }, x, y, r);
  }
