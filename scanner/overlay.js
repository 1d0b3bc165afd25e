// overlay.js draws the evidence of a measurement over the page, before a
// screenshot: the number's text box, its line box, the page's centre line,
// the measured offset, and the outline of a covering element. It returns
// the region to capture, in document coordinates. remove() is
// window.__beiancheckOverlayRemove.
(function overlay(m) {
  'use strict';
  const doc = document;
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
  const docH = Math.max(doc.documentElement.scrollHeight, doc.body ? doc.body.scrollHeight : 0);
  let top, bottom;
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
  const cx = m.clientWidth / 2;
  box({ left: cx - 1, right: cx + 1, top: Math.max(0, top - 60), bottom: Math.min(docH, bottom + 60) }, 'background:#2e7d32');
  if (m.covered) {
    let el = null;
    try { el = doc.querySelector(m.covered); } catch (e) { el = null; }
    if (el) {
      const r = el.getBoundingClientRect();
      const fixed = getComputedStyle(el).position === 'fixed';
      const y = fixed ? 0 : window.scrollY;
      box({ left: r.left, right: r.right, top: r.top + y, bottom: r.bottom + y }, 'border:3px solid #ff6f00;background:rgba(255,111,0,.15)');
    }
  }
  if (m.label) {
    const l = doc.createElement('div');
    l.textContent = m.label;
    l.style.cssText = 'position:absolute;pointer-events:none;font:bold 12px/1.3 sans-serif;color:#fff;background:#d32f2f;padding:2px 6px;border-radius:3px;box-sizing:border-box;width:max-content';
    l.style.left = 4 + window.scrollX + 'px';
    l.style.maxWidth = (m.clientWidth - 8) + 'px';
    l.style.top = Math.max(0, top - 44) + 'px';
    root.appendChild(l);
  }
  doc.documentElement.appendChild(root);
  window.__beiancheckOverlayRemove = () => root.remove();
  const y0 = Math.max(0, top - 80);
  return { x: 0, y: y0, width: m.clientWidth, height: Math.min(docH, bottom + 80) - y0, docHeight: docH };
})
