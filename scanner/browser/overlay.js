// overlay.js draws the evidence of a measurement over the page, before a
// screenshot: the number's text box, its line box, the page's centre line,
// the measured offset, the outline of a covering element, and a caption.
// A number that has no box (display:none) is shown by outlining its
// nearest displayed ancestor (m.hidden is the number's selector). It
// returns the region to capture, in document coordinates, and what it
// wrote: the caption and the outlined element. remove() is
// window.__beiancheckOverlayRemove.
(function overlay(m) {
  'use strict';
  const doc = document;
  // Positioned from the root element (the body may be offset or
  // transformed); a page between two documents (document.open()) may have
  // only a body, or nothing to draw on.
  const host = doc.documentElement || doc.body;
  const docH = Math.max(doc.documentElement ? doc.documentElement.scrollHeight : 0, doc.body ? doc.body.scrollHeight : 0, window.innerHeight);
  const root = doc.createElement('div');
  root.setAttribute('data-beiancheck-overlay', '');
  root.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;pointer-events:none';
  const box = (r, css) => {
    const d = doc.createElement('div');
    d.style.cssText = 'position:absolute;box-sizing:border-box;pointer-events:none;' + css;
    d.style.left = r.left + window.scrollX + 'px';
    d.style.top = r.top + 'px';
    d.style.width = Math.max(1, r.right - r.left) + 'px';
    d.style.height = Math.max(1, r.bottom - r.top) + 'px';
    root.appendChild(d);
    return d;
  };
  // find resolves a probe selector: parts joined by ' >>> ' step into a
  // shadow root or a same-origin frame; offsets convert frame coordinates.
  const find = (sel) => {
    let scope = doc, dx = 0, dy = 0, el = null;
    for (const part of String(sel || '').split(' >>> ')) {
      if (!scope) return null;
      try { el = scope.querySelector(part); } catch (e) { el = null; }
      if (!el) return null;
      if (el.shadowRoot) { scope = el.shadowRoot; continue; }
      if (el.localName === 'iframe' || el.localName === 'frame') {
        let d = null;
        try { d = el.contentDocument; } catch (e) { d = null; }
        const fr = el.getBoundingClientRect();
        dx += fr.left + el.clientLeft; dy += fr.top + el.clientTop;
        scope = d;
        continue;
      }
      scope = null;
    }
    return el ? { el, dx, dy } : null;
  };
  // name is a short readable name of an element: tag, id or classes.
  const name = (e) => {
    if (e.id) return e.localName + '#' + e.id;
    const cls = typeof e.className === 'string' ? e.className.trim().split(/\s+/).filter(Boolean).slice(0, 2) : [];
    return e.localName + (cls.length ? '.' + cls.join('.') : '');
  };
  const parent = (e) => e.assignedSlot || e.parentElement || (e.parentNode && e.parentNode.host) || null;
  let top, bottom;
  let outlined = '';
  if (m.line) {
    box(m.line, 'border:2px dashed #1565c0;background:rgba(21,101,192,.08)');
    box(m.box, 'border:2px solid #d32f2f');
    top = Math.min(m.line.top, m.box.top);
    bottom = Math.max(m.line.bottom, m.box.bottom);
    const lc = (m.line.left + m.line.right) / 2;
    box({ left: lc - 1, right: lc + 1, top: top - 12, bottom: bottom + 12 }, 'background:#1565c0');
  } else {
    bottom = docH;
    top = Math.max(0, docH - 360);
  }
  if (m.hidden) {
    // The number is not rendered: outline the nearest ancestor that is.
    const f = find(m.hidden);
    let e = f ? f.el : null;
    let self = true;
    for (; e; e = parent(e), self = false) {
      const r = e.getBoundingClientRect();
      if (e.getClientRects().length && r.width > 0 && r.height > 0) break;
    }
    if (e && e !== doc.documentElement && e !== doc.body) {
      const r = e.getBoundingClientRect();
      const y = window.scrollY + f.dy;
      const b = { left: r.left + f.dx, right: r.right + f.dx, top: r.top + y, bottom: r.bottom + y };
      box(b, 'border:3px dashed #c2185b;background:rgba(194,24,91,.08)');
      outlined = self ? name(e) : 'nearest displayed ancestor ' + name(e);
      top = Math.max(0, b.top);
      bottom = Math.min(docH, Math.max(b.bottom, top + 24));
    } else if (e) {
      outlined = 'nearest displayed ancestor ' + name(e);
    }
  }
  const cw = m.clientWidth;
  box({ left: cw / 2 - 1, right: cw / 2 + 1, top: Math.max(0, top - 60), bottom: Math.min(docH, bottom + 60) }, 'background:#2e7d32');
  if (m.covered) {
    const f = find(m.covered);
    if (f) {
      const r = f.el.getBoundingClientRect();
      const fixed = getComputedStyle(f.el).position === 'fixed';
      const y = (fixed ? 0 : window.scrollY) + f.dy;
      box({ left: r.left + f.dx, right: r.right + f.dx, top: r.top + y, bottom: r.bottom + y }, 'border:3px solid #ff6f00;background:rgba(255,111,0,.15)');
    }
  }
  let caption = '';
  let l = null;
  if (m.label) {
    l = doc.createElement('div');
    l.setAttribute('data-beiancheck-caption', '');
    l.textContent = m.label + (outlined ? '; outlined: ' + outlined : '');
    l.style.cssText = 'position:absolute;pointer-events:none;font:bold 12px/1.3 sans-serif;color:#fff;background:#d32f2f;padding:2px 6px;border-radius:3px;box-sizing:border-box;width:max-content';
    l.style.left = 4 + window.scrollX + 'px';
    l.style.maxWidth = (cw - 8) + 'px';
    l.style.top = Math.max(0, top - 44) + 'px';
    root.appendChild(l);
  }
  if (host) host.appendChild(root);
  window.__beiancheckOverlayRemove = () => root.remove();
  let y0 = Math.max(0, top - 80);
  if (host && l) {
    // What the screenshot shows, read back from the drawn overlay; the
    // caption sits above what it describes, however many lines it wraps to.
    caption = l.textContent;
    const h = l.offsetHeight;
    l.style.top = Math.max(0, top - h - 12) + 'px';
    y0 = Math.max(0, Math.min(y0, top - h - 20));
  }
  return { x: 0, y: y0, width: cw, height: Math.min(docH, bottom + 80) - y0, docHeight: docH, caption, outlined };
})
