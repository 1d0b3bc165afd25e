  // ---- the ranges of a number's text, and what else is seen on its line ----
  // textRange is the stretch of text from a to z: a Range, unless a and
  // z lie in different trees (a component writing half a number in its
  // shadow root and showing the rest of it through a <slot>), where a
  // Range would collapse and the number measure nothing. It is then one
  // Range per text node, read as one: the rects of all, held by the
  // nearest element holding both ends in the flat tree.
  function textRange(nodes, a, z) {
    if (a.node.getRootNode() === z.node.getRootNode()) {
      const range = a.node.ownerDocument.createRange();
      range.setStart(a.node, a.offset);
      range.setEnd(z.node, z.offset);
      return range;
    }
    const from = nodes.findIndex(n => n.node === a.node), to = nodes.findIndex(n => n.node === z.node);
    const parts = [];
    for (let k = from; k <= to; k++) {
      const n = nodes[k].node;
      const r = n.ownerDocument.createRange();
      r.setStart(n, k === from ? a.offset : 0);
      r.setEnd(n, k === to ? z.offset : n.data.length);
      parts.push(r);
    }
    return {
      commonAncestorContainer: flatAncestor(a.node, z.node) || elementOf(a.node),
      getClientRects: () => parts.flatMap(r => [...r.getClientRects()]),
    };
  }

  // flatAncestor is the nearest element holding both nodes in the flat
  // tree (a slotted node lies where its slot is).
  function flatAncestor(a, z) {
    const up = new Set();
    for (let e = elementOf(a); e; e = composedParent(e)) up.add(e);
    for (let e = elementOf(z); e; e = composedParent(e)) if (up.has(e)) return e;
    return null;
  }

  // partsOf lists the text nodes that hold characters of the number (the
  // stretch rs–re of the run), with the stretch of each and its text;
  // whitespace and zero-width characters are not characters of it.
  function partsOf(nodes, rs, re) {
    const out = [];
    for (const n of nodes) {
      const from = Math.max(0, rs - n.start), to = Math.min(n.node.data.length, re - n.start);
      if (to <= from) continue;
      const text = n.node.data.slice(from, to);
      if (text.replace(ZW, '').trim()) out.push({ node: n.node, from, to, text });
    }
    return out;
  }
  // viewportBox is the box around rects, in the top viewport.
  function viewportBox(rects, dx, dy) {
    if (!rects.length) return null;
    const box = { vl: Infinity, vt: Infinity, vr: -Infinity, vb: -Infinity };
    for (const r of rects) {
      box.vl = Math.min(box.vl, r.left + dx); box.vt = Math.min(box.vt, r.top + dy);
      box.vr = Math.max(box.vr, r.right + dx); box.vb = Math.max(box.vb, r.bottom + dy);
    }
    return box;
  }

  // pseudoText adds the boxes of an inline element's generated text
  // ("li+li::before{content:'|'}", the separators of a footer's links),
  // which a Range does not hold: the content box of its first fragment for
  // ::before, of its last for ::after.
  function pseudoText(n, s, out) {
    if (!/^inline/.test(s.display)) return;
    const win = n.ownerDocument.defaultView || topWin;
    for (const [which, pick] of [['::before', 0], ['::after', -1]]) {
      const ps = win.getComputedStyle(n, which);
      if (ps.display === 'none' || ps.visibility !== 'visible' || !/^["'].*\S.*["']$/.test(ps.content || '')) continue;
      const fg = parseColor(ps.color);
      if (!fg || fg.a === 0) continue;
      const rs = [...n.getClientRects()];
      const r = rs.at(pick);
      if (!r) continue;
      const px = (v) => parseFloat(v) || 0;
      const b = { left: r.left + px(s.borderLeftWidth) + px(s.paddingLeft), right: r.right - px(s.borderRightWidth) - px(s.paddingRight), top: r.top, bottom: r.bottom };
      if (b.right > b.left && b.bottom > b.top) out.push(Object.assign(b, { width: b.right - b.left, height: b.bottom - b.top }));
    }
  }

  // paintsBox says whether a box paints a visible border or background.
  function paintsBox(s) {
    if (s.visibility !== 'visible') return false;
    if (backgroundPaint(s).alpha > 0) return true;
    return ['Left', 'Right', 'Top', 'Bottom'].some((side) => parseFloat(s['border' + side + 'Width']) > 0 &&
      !/none|hidden/.test(s['border' + side + 'Style']) && (parseColor(s['border' + side + 'Color']) || { a: 0 }).a > 0);
  }

  // floatRow reports whether an element is an inline-block holding only
  // floats (and whitespace), on one row: shrunk to them, it is seen as one
  // box on its line.
  function floatRow(e) {
    if (style(e).display !== 'inline-block') return false;
    let top = null;
    for (let n = e.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) { if (n.data.trim()) return false; continue; }
      if (n.nodeType !== 1) continue;
      const s = style(n);
      if (s.display === 'none') continue;
      if (s.float === 'none' || s.position === 'absolute' || s.position === 'fixed') return false;
      const r = n.getBoundingClientRect();
      if (top === null) top = r.top;
      else if (Math.abs(r.top - top) > 2) return false;
    }
    return top !== null;
  }
