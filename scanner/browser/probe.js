// probe.js measures everything the rules need in one evaluation and returns
// one JSON value shaped like rules.Page (texts, images, client width).
// The scanner has already scrolled the page to the bottom and waited for it
// to settle; the probe reads the page in that state and changes nothing it
// does not restore.
(function probe() {
  'use strict';
  const topWin = window;
  const topDoc = document;
  // A document being rewritten (document.open()) may have no <html>: the
  // probe then finds nothing, which is never a pass.
  const cw = topDoc.documentElement ? topDoc.documentElement.clientWidth : topWin.innerWidth;
  const scrollX0 = topWin.scrollX;
  const scrollY0 = topWin.scrollY;

  // Text that is not displayed text: scripts, styles, form controls, SVG
  // (SVG text is read as an image), head.
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA', 'SELECT', 'OPTION',
    'HEAD', 'TITLE', 'svg', 'SVG', 'MATH', 'math', 'CANVAS', 'IFRAME', 'OBJECT']);
  const TRIGGER = /I\s*C\s*P|ＩＣＰ|ｉｃｐ|公\s*[网網]\s*安|B\s*[12]\s*[-－‐-―−]/i;
  const ZW = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
  const TRAD = { '備': '备', '號': '号', '證': '证', '網': '网' };
  // A generous span: the engine in Go decides what is a number.
  const SPAN = /([^\s\u0000])?\s*(?:ICP\s*[备证]|公\s*网\s*安\s*备|B\s*[12]\s*-)(?:\s*[0-9A-Za-z*#×])*(?:\s*-\s*\d{1,3})?(?:\s*号)?(?:\s*-\s*\d{1,4}[A-Za-z]?)?(?:\.[A-Za-z]{1,5})?/gi;
  const INLINE = new Set(['inline', 'contents', 'ruby', 'ruby-text', 'ruby-base']);
  const ATOMIC = new Set(['inline-block', 'inline-flex', 'inline-grid', 'inline-table']);
  const REPLACED = new Set(['IMG', 'SVG', 'svg', 'VIDEO', 'CANVAS', 'INPUT', 'BUTTON', 'PICTURE', 'OBJECT', 'EMBED', 'IFRAME']);
  // Footer names: substrings that are safe anywhere, and short tokens
  // common in Chinese templates (Discuz #ft, DedeCMS .dibu, .db, .bq) that
  // must stand alone.
  const FOOTER_NAME = /foot|copyright|beian|icp|record|colophon|site-?info|banquan|(^|[-_\s])(bottom|ft|dibu|db|bq|copy)([-_\s]|$)/i;
  // Sidebar names, matched against whole class names and ids: "sidebar",
  // "site-sidebar", "ant-layout-sider", "#secondary", but not
  // "no-sidebar" or "has-sider" (page states, not columns).
  const SIDEBAR_NAME = /^(.*[-_])?(sidebar|side-bar|sider|aside|widget-area|secondary)([-_].*)?$/i;
  function sidebarNamed(a) {
    const names = [a.id || ''].concat(typeof a.className === 'string' ? a.className.split(/\s+/) : []);
    return names.some((n) => n && SIDEBAR_NAME.test(n) && !/(^|[-_])(no|has|with|without)[-_]/i.test(n));
  }
  const FOOTER_WORDS = /©|\(c\)|copyright|版权|備案|备案|公网安备|公網安備|ICP|许可证|許可證|隐私|隱私|关于我们|關於我們|联系我们|聯繫我們|免责|声明|友情链接|网站地图|增值电信|举报|舉報|powered by|all rights reserved|技术支持|技術支持|营业执照|服务条款|用户协议/i;
  const HEADERISH = 'header,nav,aside,[role=banner],[role=navigation],[role=complementary]';

  const styleCache = new Map();
  function style(el) {
    let s = styleCache.get(el);
    if (!s) {
      s = (el.ownerDocument.defaultView || topWin).getComputedStyle(el);
      styleCache.set(el, s);
    }
    return s;
  }

  // composedParent steps up the flat tree: out of a shadow root to its host.
  function composedParent(el) {
    if (el.assignedSlot) return el.assignedSlot;
    const p = el.parentNode;
    if (!p) return null;
    if (p.nodeType === 11 && p.host) return p.host;
    return p.nodeType === 1 ? p : null;
  }

  // elementOf is the element a node belongs to: itself, its parent, or the
  // host of the shadow root it lies in directly (a component that renders
  // text straight into its shadow root has no parent element).
  function elementOf(n) {
    if (!n) return null;
    if (n.nodeType === 1) return n;
    if (n.nodeType === 11) return n.host || null;
    return n.parentElement || (n.parentNode && n.parentNode.host) || null;
  }

  // A frame context: the iframe elements from the top document down.
  function frameOffset(frames) {
    let dx = 0, dy = 0;
    for (const f of frames) {
      const r = f.getBoundingClientRect();
      dx += r.left + f.clientLeft;
      dy += r.top + f.clientTop;
    }
    return { dx, dy };
  }

  // ---- selectors and snippets ----
  const ident = /^[A-Za-z_][\w-]*$/;
  function localPath(el) {
    const segs = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentNode && e.parentNode.nodeType === 1 ? e.parentNode : null) {
      const tag = e.localName;
      if (tag === 'html' || tag === 'body') break;
      if (e.id && ident.test(e.id) && (e.getRootNode().querySelectorAll('#' + e.id).length === 1)) {
        segs.unshift(tag + '#' + e.id);
        break;
      }
      let seg = tag;
      const cls = [...e.classList].filter(c => ident.test(c)).slice(0, 2);
      if (cls.length) seg += '.' + cls.join('.');
      const p = e.parentNode;
      if (p && p.children) {
        const same = [...p.children].filter(c => c.localName === tag);
        if (same.length > 1) seg += ':nth-of-type(' + (same.indexOf(e) + 1) + ')';
      }
      segs.unshift(seg);
    }
    return segs.join(' > ') || el.localName;
  }
  function selector(el, frames) {
    const parts = [];
    let e = el;
    for (;;) {
      parts.unshift(localPath(e));
      const root = e.getRootNode();
      if (root.host) { e = root.host; continue; }
      break;
    }
    let s = parts.join(' >>> ');
    for (let i = frames.length - 1; i >= 0; i--) s = selector(frames[i], frames.slice(0, i)) + ' >>> ' + s;
    return s;
  }
  function snippet(el) {
    const h = (el.outerHTML || '').replace(/\s+/g, ' ');
    return h.length > 160 ? h.slice(0, 159) + '…' : h;
  }

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
  function over(top, bottom) {
    const a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function hex(c) {
    const h = v => Math.round(v).toString(16).padStart(2, '0');
    return '#' + h(c.r) + h(c.g) + h(c.b);
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

  function contrastOf(el, frames, opacity, box) {
    const fg = parseColor(style(el).color) || { r: 0, g: 0, b: 0, a: 1 };
    const layers = [];
    let unknown = '';
    let opaqueAt = null;
    for (const a of ancestorsAcrossFrames(el, frames)) {
      const s = style(a);
      if (s.backgroundImage && s.backgroundImage !== 'none') {
        // An image or gradient paints above the element's colour.
        unknown = 'background image or gradient under the text on ' + a.localName;
        break;
      }
      const bg = parseColor(s.backgroundColor);
      if (bg && bg.a > 0) {
        layers.push(bg);
        if (bg.a >= 1) { opaqueAt = a; break; }
      }
    }
    let base = { r: 255, g: 255, b: 255, a: 1 };
    if (!unknown && box) {
      // Something that is not an ancestor may paint under the text, above
      // the first opaque ancestor: a fixed full-screen background, an
      // absolutely positioned image behind a banner's text.
      const under = backgroundUnder(el, (box.vl + box.vr) / 2, (box.vt + box.vb) / 2, opaqueAt);
      if (under.unknown) unknown = under.unknown;
      else if (under.color) {
        base = under.color;
        if (opaqueAt) layers.pop(); // the panel lies above that ancestor
      }
    }
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    const text = over({ r: fg.r, g: fg.g, b: fg.b, a: fg.a * opacity }, base);
    return { contrast: unknown ? 0 : ratio(text, base), color: hex(fg), background: hex(base), unknown, text, base };
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
      if ((s.backgroundImage && s.backgroundImage !== 'none') || ['IMG', 'VIDEO', 'CANVAS', 'PICTURE'].includes(e.tagName)) {
        return { unknown: 'background image under the text on ' + e.localName };
      }
      const bg = parseColor(s.backgroundColor);
      if (bg && bg.a >= 1) return { color: bg };
    }
    return {};
  }

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
    if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: false })) {
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

  // ---- walking the page ----
  const texts = [];
  const images = [];
  const measured = new Set(); // block containers already read
  let order = 0;

  function blockOf(el) {
    for (let e = el; e; e = composedParent(e)) {
      if (!INLINE.has(style(e).display) && !packedItem(e)) return e;
    }
    return el.ownerDocument.documentElement;
  }

  // packedItem reports whether an element is an item of a flex row that
  // reads as one line (<a style="display:flex;justify-content:center">
  // <span>京ICP备</span><span>2021004567号-1</span></a>): its text joins its
  // neighbours' as inline text would.
  function packedItem(e) {
    const p = composedParent(e);
    if (!p || e.children.length > 0 && [...e.children].some((c) => !INLINE.has(style(c).display))) return false;
    const ps = style(p);
    const lh = parseFloat(ps.lineHeight) || 1.5 * parseFloat(ps.fontSize) || 20;
    return packedRow(p, lh, e);
  }

  // inlineLevel reports whether an element's text continues the run of its
  // block: inline boxes, and items of a packed flex row.
  function inlineLevel(n) {
    return INLINE.has(style(n).display) || packedItem(n);
  }

  // lineContainer is where the visual line of a block lives: out of atomic
  // inlines and flex rows, whose items sit side by side on one line.
  function lineContainer(b, lineH) {
    let c = b;
    for (let i = 0; i < 4; i++) {
      const p = composedParent(c);
      if (!p) break;
      if (ATOMIC.has(style(c).display) || packedRow(p, lineH, c)) { c = p; continue; }
      break;
    }
    return c;
  }

  // packedRow reports whether a flex container lays its items out as one
  // line of text (京ICP备… | 京公网安备… centred as a group), rather than as
  // columns: a row, not spread apart, not filled by its items, and every
  // item one line high.
  function packedRow(p, lineH, child) {
    const ps = style(p);
    if ((ps.display !== 'flex' && ps.display !== 'inline-flex') || ps.flexDirection.startsWith('column')) return false;
    if (/space-(between|around|evenly)/.test(ps.justifyContent)) return false;
    const inner = p.clientWidth - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight);
    // A wrapping row (flex-wrap) is judged on the items of the child's own
    // row.
    const cr = child ? child.getBoundingClientRect() : null;
    let width = 0;
    for (const item of p.children) {
      const is = style(item);
      if (is.display === 'none' || is.position === 'absolute' || is.position === 'fixed') continue;
      const r = item.getBoundingClientRect();
      if (cr && (r.bottom <= cr.top || r.top >= cr.bottom)) continue;
      if (r.height > 2.2 * lineH) return false;
      width += r.width;
    }
    return width < 0.95 * inner;
  }

  // lineBoxes collects the rendered text and atomic boxes of a container
  // that sit on its lines: floated and absolutely positioned boxes are
  // block containers of their own and are left out.
  function lineBoxes(c) {
    const out = [];
    const doc = c.ownerDocument;
    const walk = (root) => {
      const tw = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = tw.nextNode(); n; n = tw.nextNode()) {
        if (n.nodeType === 3) {
          if (!n.data.trim()) continue;
          const r = doc.createRange();
          r.selectNodeContents(n);
          for (const b of r.getClientRects()) if (b.width > 0 && b.height > 0) out.push(b);
          continue;
        }
        const s = style(n);
        if (s.position === 'absolute' || s.position === 'fixed' || s.float !== 'none') {
          skipSubtree(tw, n);
        } else if (SKIP.has(n.tagName) && !REPLACED.has(n.tagName)) {
          skipSubtree(tw, n);
        } else if (REPLACED.has(n.tagName)) {
          const b = n.getBoundingClientRect();
          if (b.width > 0 && b.height > 0) out.push(b);
          skipSubtree(tw, n);
        } else if (n.shadowRoot) {
          walk(n.shadowRoot);
        } else if (n.tagName === 'SLOT') {
          // Slotted light-DOM content sits on the slot's lines.
          for (const a of n.assignedNodes({ flatten: true })) {
            if (a.nodeType === 3 && a.data.trim()) {
              const r = doc.createRange();
              r.selectNodeContents(a);
              for (const b of r.getClientRects()) if (b.width > 0 && b.height > 0) out.push(b);
            } else if (a.nodeType === 1) {
              const as = style(a);
              if (as.position === 'absolute' || as.position === 'fixed' || as.float !== 'none') continue;
              if (REPLACED.has(a.tagName)) {
                const b = a.getBoundingClientRect();
                if (b.width > 0 && b.height > 0) out.push(b);
              } else {
                walk(a);
              }
            }
          }
        }
      }
    };
    // A host renders its shadow tree, not its light children.
    walk(c.shadowRoot || c);
    return out;
  }
  function skipSubtree(tw, n) {
    // Move the walker to the last descendant so nextNode leaves the subtree.
    let last = n;
    while (last.lastChild) last = last.lastChild;
    tw.currentNode = last;
  }

  // runsOf splits a block's own text (not that of nested blocks) into runs
  // that a number can span: inline elements join, <br> and nested blocks
  // separate.
  function runOf(b) {
    const nodes = [];
    let text = '';
    // Walk the flat tree: a host's shadow root in place of its light
    // children, a slot's assigned nodes in place of the slot.
    const visit = (n) => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          nodes.push({ node: c, start: text.length });
          text += c.data;
          continue;
        }
        if (c.nodeType !== 1) continue;
        if (c.tagName === 'BR' || SKIP.has(c.tagName) || REPLACED.has(c.tagName) || !inlineLevel(c)) {
          text += '\u0000';
          continue;
        }
        if (c.tagName === 'SLOT') {
          const assigned = c.assignedNodes({ flatten: true });
          if (assigned.length) {
            for (const a of assigned) {
              if (a.nodeType === 3) { nodes.push({ node: a, start: text.length }); text += a.data; }
              else if (a.nodeType === 1 && inlineLevel(a) && !SKIP.has(a.tagName) && !REPLACED.has(a.tagName)) visitOne(a);
              else text += '\u0000';
            }
            continue;
          }
        }
        visitOne(c);
      }
    };
    const visitOne = (el) => { if (el.shadowRoot) visit(el.shadowRoot); else visit(el); };
    visitOne(b);
    return { text, nodes };
  }

  // normalise maps a run to the form the span regexp reads, with each
  // normalised index pointing back at its raw index.
  function normalise(raw) {
    let out = '';
    const map = [];
    let i = 0;
    for (const ch of raw) {
      let n = ch.replace(ZW, '');
      if (n && ch !== '\u0000') {
        n = n.normalize('NFKC').replace(/[\u2010-\u2015\u2212]/g, '-');
        n = n.replace(/[備號證網]/g, c => TRAD[c]);
        n = n.replace(/\s/g, ' ');
      }
      for (const c of n) { out += c; map.push(i); }
      i += ch.length;
    }
    map.push(raw.length);
    return { out, map };
  }

  function locate(nodes, idx, end) {
    for (let k = nodes.length - 1; k >= 0; k--) {
      const n = nodes[k];
      if (idx > n.start || (idx === n.start && !end) || (idx === n.start && k === 0)) {
        const off = Math.min(idx - n.start, n.node.data.length);
        if (off >= 0) return { node: n.node, offset: off };
      }
    }
    return { node: nodes[0].node, offset: 0 };
  }

  function measure(b, frames, inShadow) {
    const { text, nodes } = runOf(b);
    if (!nodes.length) return;
    const { out, map } = normalise(text);
    SPAN.lastIndex = 0;
    for (let m = SPAN.exec(out); m; m = SPAN.exec(out)) {
      const rs = map[m.index], re = map[m.index + m[0].length];
      const raw = text.slice(rs, re).replace(/\u0000/g, '');
      if (!raw.trim()) continue;
      const doc = b.ownerDocument;
      const range = doc.createRange();
      const a = locate(nodes, rs, false), z = locate(nodes, re, true);
      try {
        range.setStart(a.node, a.offset);
        range.setEnd(z.node, z.offset);
      } catch (e) {
        continue;
      }
      const c = candidate(range, a.node, b, frames, inShadow, raw);
      c.links = linksOf(nodes, rs, re, frames);
      texts.push(c);
    }
  }

  function candidate(range, startNode, block, frames, inShadow, raw) {
    const { dx, dy } = frameOffset(frames);
    const holder = elementOf(range.commonAncestorContainer);
    const el = elementOf(startNode) || holder;
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    let box = null;
    if (rects.length) {
      box = { vl: Infinity, vt: Infinity, vr: -Infinity, vb: -Infinity };
      for (const r of rects) {
        box.vl = Math.min(box.vl, r.left + dx); box.vt = Math.min(box.vt, r.top + dy);
        box.vr = Math.max(box.vr, r.right + dx); box.vb = Math.max(box.vb, r.bottom + dy);
      }
    }
    const vis = hiddenCause(el, frames, box);
    const con = contrastOf(el, frames, vis.opacity, box);
    const c = {
      raw, selector: selector(holder, frames), snippet: snippet(holder), order: order++,
      box: { left: 0, top: 0, right: 0, bottom: 0 }, line: { left: 0, top: 0, right: 0, bottom: 0 },
      hidden: vis.cause, unrendered: !!vis.unrendered, font_size: parseFloat(style(el).fontSize) || 0,
      color: con.color, background: con.background, contrast: con.contrast, contrast_unknown: con.unknown,
      covered_by: '', link: linkOf(el, frames), footer: {}, in_shadow_root: inShadow, in_frame: frames.length > 0,
      _text: con.text, _base: con.base,
    };
    if (box) {
      c.box = { left: box.vl, top: box.vt + scrollY0, right: box.vr, bottom: box.vb + scrollY0 };
      // A number can wrap: measure the text line of each of its lines and
      // keep the one farthest from the centre.
      const all = lineBoxes(lineContainer(block, Math.max(1, rects[0].height)));
      let worst = null;
      for (const r of rects) {
        const mid = (r.top + r.bottom) / 2 + dy;
        let l = r.left + dx, rt = r.right + dx, t = r.top + dy, bt = r.bottom + dy;
        for (const lb of all) {
          const top = lb.top + dy, bottom = lb.bottom + dy;
          if (top <= mid && bottom >= mid) {
            l = Math.min(l, lb.left + dx); rt = Math.max(rt, lb.right + dx);
            t = Math.min(t, top); bt = Math.max(bt, bottom);
          }
        }
        const off = Math.abs((l + rt) / 2 - cw / 2);
        if (!worst || off > worst.off) worst = { off, l, rt, t, bt };
      }
      c.line = { left: worst.l, top: worst.t + scrollY0, right: worst.rt, bottom: worst.bt + scrollY0 };
    }
    c.footer = footerOf(el, frames, c.box);
    // The number's element for occlusion is the one holding all of it: a
    // number split over sibling spans is not covered by its own half.
    c._el = holder;
    c._frames = frames;
    c._range = range;
    return c;
  }

  function linkOf(el, frames) {
    const link = { anchor: false, has_href: false };
    let onclick = '';
    let depth = 0;
    for (let e = el; e; e = composedParent(e), depth++) {
      if (!onclick && depth <= 3 && e.getAttribute && e.getAttribute('onclick')) onclick = e.getAttribute('onclick');
      if (e.localName === 'a') {
        link.anchor = true;
        link.selector = selector(e, frames);
        if (e.hasAttribute('href')) {
          link.has_href = true;
          link.raw_href = e.getAttribute('href');
          link.href = e.href;
        }
        if (!onclick && e.getAttribute('onclick')) onclick = e.getAttribute('onclick');
        break;
      }
    }
    if (onclick) link.onclick = onclick.trim().slice(0, 200);
    return link;
  }

  // linksOf lists the links the number's text runs through (rules.Page
  // Links): one entry per <a>, and one without anchor for each stretch of
  // the number outside any <a>, in text order, with the part of the text
  // each holds. The whole number must be inside links to MIIT.
  function linksOf(nodes, rs, re, frames) {
    const out = [];
    let lastA, lastOut = false;
    for (const n of nodes) {
      const from = Math.max(rs, n.start) - n.start, to = Math.min(re, n.start + n.node.data.length) - n.start;
      if (to <= from) continue;
      const part = n.node.data.slice(from, to);
      if (!part.replace(ZW, '').trim()) continue;
      const el = elementOf(n.node);
      let a = null;
      for (let e = el; e; e = composedParent(e)) if (e.localName === 'a') { a = e; break; }
      if (a && a === lastA) { out[out.length - 1].text += part; continue; }
      if (!a && lastOut) { out[out.length - 1].text += part; continue; }
      const l = linkOf(el, frames);
      l.text = part;
      out.push(l);
      lastA = a; lastOut = !a;
    }
    for (const l of out) l.text = l.text.trim();
    return out;
  }

  // ---- footer region ----
  function footerOf(el, frames, box) {
    const chain = ancestorsAcrossFrames(el, frames);
    let group = null, kind = 'block', fixed = '';
    for (const a of chain) {
      if (a.localName === 'footer' || a.getAttribute('role') === 'contentinfo') { group = a; kind = 'footer'; break; }
    }
    if (!group) {
      for (const a of chain) {
        if (a.localName === 'body' || a.localName === 'html') continue;
        const name = (a.id || '') + ' ' + (typeof a.className === 'string' ? a.className : '');
        if (FOOTER_NAME.test(name)) { group = a; kind = 'named'; break; }
      }
    }
    for (const a of chain) {
      if (style(a).position === 'fixed') {
        const r = a.getBoundingClientRect();
        const { dy } = frameOffset(framesOf(a, frames));
        const vh = topWin.innerHeight;
        fixed = (r.bottom + dy >= vh - 2 && r.top + dy > vh / 2) ? 'bottom' : 'other';
        if (fixed === 'bottom') { group = a; kind = kind === 'block' ? 'named' : kind; }
        break;
      }
    }
    if (!group) group = blockOf(el);
    if (fixed === '' && box && box.bottom > box.top) {
      // Grow the group to the page's final band: the outermost ancestor
      // that holds no main content above the number and that nothing
      // outside it lies below.
      const band = finalBand(group, box);
      if (band !== group) { group = band; if (kind === 'block') kind = 'band'; }
    }
    let inHeader = false;
    for (const a of chain) {
      if (a === group || group.contains(a) || a.getRootNode() !== group.getRootNode()) continue;
      if (a.matches && a.matches(HEADERISH)) { inHeader = true; break; }
      if (a.localName !== 'body' && a.localName !== 'html' && (sidebarNamed(a) || besideColumn(a))) { inHeader = true; break; }
    }
    const f = { region: selector(group, framesOf(group, frames)), region_kind: kind, in_header: inHeader, fixed };
    if (box && box.bottom > box.top && fixed === '') {
      const below = contentBelow(group, chain, box.bottom);
      if (below) { f.content_below = selector(below, []); f.content_below_snippet = snippet(below); }
    }
    return f;
  }

  // finalBand climbs from the footer group while the parent holds no main
  // content above the number and no content outside the parent lies below
  // the parent's top: the page's bottom band (a footer named #ft, .dibu
  // or not named at all).
  function finalBand(group, box) {
    if (group.ownerDocument !== topDoc) return group;
    let g = group;
    for (let p = g.parentElement; p && p !== topDoc.body && p !== topDoc.documentElement; p = p.parentElement) {
      const pr = p.getBoundingClientRect();
      const pTop = pr.top + scrollY0;
      let ok = true;
      for (const it of contentItems()) {
        const inside = p.contains(it.el);
        if (inside && !g.contains(it.el) && it.bottom <= box.top + 1 && !isFooterItem(it)) { ok = false; break; }
        if (!inside && !it.el.contains(p) && it.top >= pTop + 1 && !it.fixed) { ok = false; break; }
      }
      if (!ok) break;
      g = p;
    }
    return g;
  }

  function isFixed(e) {
    for (let a = e; a; a = a.parentElement) if (style(a).position === 'fixed') return true;
    return false;
  }

  // besideColumn reports whether an element is a narrow column with a
  // taller sibling column beside it: a sidebar.
  function besideColumn(a) {
    const r = a.getBoundingClientRect();
    if (r.width === 0 || r.width > 0.45 * cw) return false;
    const p = a.parentElement;
    if (!p) return false;
    for (const sib of p.children) {
      if (sib === a) continue;
      const q = sib.getBoundingClientRect();
      const sideBySide = q.right <= r.left + 1 || q.left >= r.right - 1;
      const overlap = Math.min(q.bottom, r.bottom) - Math.max(q.top, r.top);
      if (sideBySide && overlap > 100 && q.width > r.width) return true;
    }
    return false;
  }

  // Content items of the top document, computed once: elements that carry
  // text or media, with their document top.
  let items = null;
  function contentItems() {
    if (items) return items;
    items = [];
    const all = topDoc.body ? topDoc.body.querySelectorAll('*') : [];
    for (const e of all) {
      if (SKIP.has(e.tagName) && e.tagName !== 'IFRAME' && e.tagName !== 'CANVAS' && e.tagName !== 'svg') continue;
      const media = REPLACED.has(e.tagName) && !['INPUT', 'BUTTON'].includes(e.tagName);
      let txt = '';
      if (!media) {
        for (const n of e.childNodes) if (n.nodeType === 3) txt += n.data;
        txt = txt.trim();
        if (!txt && e.shadowRoot) txt = e.shadowRoot.textContent.trim();
        if (!txt) continue;
      }
      const r = e.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      // Text moved off-screen (SEO blocks at left:-9999px) is not visible
      // content.
      if (r.right <= 0 || r.left >= cw) continue;
      const s = style(e);
      if (s.visibility === 'hidden' || parseFloat(s.opacity) === 0) continue;
      items.push({ el: e, top: r.top + scrollY0, bottom: r.bottom + scrollY0, height: r.height, media, txt, fixed: isFixed(e) });
    }
    return items;
  }

  // isFooterItem is asked about the same item for every number and every
  // ancestor level: the answer is kept on the item.
  function isFooterItem(it) {
    if (it.isFooter === undefined) it.isFooter = footerItem(it);
    return it.isFooter;
  }
  function footerItem(it) {
    if (it.media) return it.height <= 80;
    if (it.txt.length < 200 && FOOTER_WORDS.test(it.txt)) return true;
    if (it.txt.length <= 30 && it.el.closest('a')) return true;
    for (let e = it.el; e && e !== topDoc.body; e = e.parentElement) {
      if (e.localName === 'footer' || e.getAttribute('role') === 'contentinfo') return true;
      const name = (e.id || '') + ' ' + (typeof e.className === 'string' ? e.className : '');
      if (FOOTER_NAME.test(name)) return true;
    }
    return false;
  }

  function contentBelow(group, chain, bottom) {
    // The group as seen from the top document: the outermost frame holds it.
    const topChain = chain.filter(a => a.ownerDocument === topDoc);
    const topGroup = group.ownerDocument === topDoc ? group : topChain[0];
    for (const it of contentItems()) {
      if (it.top < bottom - 1) continue;
      const e = it.el;
      if (topGroup && (topGroup === e || topGroup.contains(e))) continue;
      if (topChain.includes(e)) continue;
      if (it.fixed) continue;
      if (isFooterItem(it)) continue;
      return e;
    }
    return null;
  }

  // ---- images and attributes ----
  function scanAttributes(root, frames) {
    for (const e of root.querySelectorAll('[alt],[title],[aria-label],svg,canvas')) {
      for (const attr of ['alt', 'title', 'aria-label']) {
        const v = e.getAttribute(attr);
        if (v && TRIGGER.test(v.replace(ZW, ''))) images.push({ raw: v, selector: selector(e, frames), source: attr });
      }
      if (e.localName === 'svg' || e.localName === 'canvas') {
        const t = e.textContent || '';
        if (TRIGGER.test(t.replace(ZW, ''))) images.push({ raw: t.trim().slice(0, 200), selector: selector(e, frames), source: e.localName });
      }
    }
  }

  function scanRoot(root, frames, inShadow) {
    const doc = root.ownerDocument || root;
    const blocks = new Set();
    const tw = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    const hosts = [];
    const iframes = [];
    for (let n = tw.nextNode(); n; n = tw.nextNode()) {
      if (n.nodeType === 1) {
        if (n.shadowRoot) hosts.push(n);
        if (n.tagName === 'IFRAME' || n.tagName === 'FRAME') iframes.push(n);
        if (SKIP.has(n.tagName)) skipSubtree(tw, n);
        continue;
      }
      if (TRIGGER.test(n.data.replace(ZW, '')) && elementOf(n)) blocks.add(blockOf(elementOf(n)));
    }
    for (const b of blocks) {
      if (measured.has(b)) continue;
      measured.add(b);
      measure(b, frames, inShadow);
    }
    scanAttributes(root, frames);
    for (const h of hosts) scanRoot(h.shadowRoot, frames, true);
    for (const f of iframes) {
      let d = null;
      try { d = f.contentDocument; } catch (e) { d = null; }
      if (d && d.documentElement) scanRoot(d.documentElement, frames.concat([f]), inShadow);
    }
  }

  // ---- occlusion ----
  function related(hit, el) {
    for (let e = el; e; e = composedParent(e)) if (e === hit) return true;
    for (let e = hit; e; e = composedParent(e)) if (e === el) return true;
    return false;
  }
  // paintOf says what an element paints at a point: the alpha of its
  // strongest paint (background colour, gradient stops, image, replaced
  // content, text) and, when that is only a plain background colour, the
  // colour. Its opacity is not in it.
  const COLOR_TOKEN = /(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([^()]*\)|#[0-9a-f]{3,8}\b|\btransparent\b/gi;
  function paintOf(e, x, y) {
    if (e.tagName === 'CANVAS') return { alpha: canvasAlpha(e, x, y), kind: 'canvas' };
    if (REPLACED.has(e.tagName)) return { alpha: 1, kind: e.localName };
    const s = style(e);
    let alpha = 0, kind = '', color = null;
    const bg = parseColor(s.backgroundColor);
    if (bg && bg.a > 0) { alpha = bg.a; kind = 'background'; color = bg; }
    const img = s.backgroundImage;
    if (img && img !== 'none') {
      // An image may be opaque anywhere; a gradient is no more opaque than
      // its most opaque stop.
      let a = 1;
      if (!/url\(|image-set\(|element\(|cross-fade\(|paint\(/.test(img)) {
        const stops = (img.match(COLOR_TOKEN) || []).map(parseColor);
        if (stops.length && stops.every(Boolean)) a = Math.max(...stops.map((c) => c.a));
      }
      if (a > 0) { alpha = Math.max(alpha, a); kind = /url\(/.test(img) ? 'background image' : 'gradient'; color = null; }
    }
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
  function layerOf(hit, hitFrames, numberChain, x, y) {
    const p = paintOf(hit, x, y);
    let opacity = 1, blend = '';
    for (const a of ancestorsAcrossFrames(hit, hitFrames)) {
      if (numberChain.has(a)) break;
      const s = style(a);
      opacity *= parseFloat(s.opacity);
      if (!blend && s.mixBlendMode && s.mixBlendMode !== 'normal') blend = s.mixBlendMode;
    }
    const effective = opacity * p.alpha;
    // A frosted layer (backdrop-filter) blurs what lies under it: its
    // effect on the text cannot be computed.
    const bf = style(hit).backdropFilter;
    const filter = bf && bf !== 'none' ? 'backdrop-filter' : '';
    // 1e-6: 0.8 × 0.625 is 0.5 in CSS, not 0.49999999.
    return { effective: filter ? Math.max(effective, 0.02) : effective, blend, filter, kind: p.kind, color: p.color, covers: !blend && effective >= 0.5 - 1e-6 };
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
  // at the centre of its text, or '', and the fainter or blending layers
  // above the text there (veils), topmost first.
  function occlusion(c) {
    const el = c._el;
    const frames = c._frames;
    const muted = [];
    const veils = [];
    try {
      let rects = [...c._range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
      if (!rects.length) return { by: '', veils };
      let { dx, dy } = frameOffset(frames);
      let r = rects[0];
      let y = r.top + r.height / 2 + dy;
      if (y < 0 || y > topWin.innerHeight) {
        // Bring the number into view, inner scrollers included.
        c._el.scrollIntoView({ block: 'center', inline: 'nearest' });
        rects = [...c._range.getClientRects()].filter(q => q.width > 0 && q.height > 0);
        if (!rects.length) return { by: '', veils };
        ({ dx, dy } = frameOffset(frames));
        r = rects[0];
        y = r.top + r.height / 2 + dy;
      }
      const x = r.left + r.width / 2 + dx;
      const chain = new Set(ancestorsAcrossFrames(el, frames));
      for (let i = 0; i < 12; i++) {
        let hit = hitAt(topDoc, x, y);
        let k = 0;
        let lx = x, ly = y;
        while (hit && k < frames.length && hit === frames[k]) {
          const fr = frames[k].getBoundingClientRect();
          lx -= fr.left + frames[k].clientLeft; ly -= fr.top + frames[k].clientTop;
          hit = hitAt(frames[k].contentDocument, lx, ly);
          k++;
        }
        if (!hit || related(hit, el)) return { by: '', veils };
        if (k < frames.length && frames.slice(k).some(f => related(hit, f))) return { by: '', veils };
        const hf = framesOf(hit, frames);
        const layer = layerOf(hit, hf, chain, lx, ly);
        if (layer.covers) return { by: selector(hit, hf), veils };
        if (layer.effective > 0.01) veils.push(Object.assign(layer, { selector: selector(hit, hf) }));
        muted.push([hit, hit.style.getPropertyValue('pointer-events'), hit.style.getPropertyPriority('pointer-events')]);
        hit.style.setProperty('pointer-events', 'none', 'important');
      }
      return { by: '', veils };
    } finally {
      for (const [e, v, p] of muted) {
        if (v) e.style.setProperty('pointer-events', v, p); else e.style.removeProperty('pointer-events');
      }
      if (topWin.scrollX !== scrollX0 || topWin.scrollY !== scrollY0) topWin.scrollTo(scrollX0, scrollY0);
    }
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

  if (topDoc.documentElement) scanRoot(topDoc.documentElement, [], false);
  const seen = texts.filter(c => !c.hidden && c.box.right > c.box.left);
  if (seen.length) {
    const restore = hitTestEverything(seen);
    try {
      for (const c of seen) {
        const o = occlusion(c);
        c.covered_by = o.by;
        if (!o.by) veil(c, o.veils);
      }
    } finally {
      restore();
    }
  }
  for (const c of texts) { delete c._el; delete c._frames; delete c._range; delete c._text; delete c._base; }
  return {
    final_url: location.href,
    late_due: window.__beiancheck ? window.__beiancheck.lastDue() : 0,
    client_width: cw,
    document_height: Math.max(topDoc.documentElement ? topDoc.documentElement.scrollHeight : 0, topDoc.body ? topDoc.body.scrollHeight : 0),
    texts,
    images,
  };
})()
