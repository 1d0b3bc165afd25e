  // ---- walking the page ----
  const texts = [];
  const images = [];
  const measured = new Set(); // block containers already read
  let order = 0;

  // blockOf is the block container whose run a text belongs to: the
  // nearest ancestor not inline-level, or a replaced box (a <button>'s
  // label, the fallback content of a <video> or of an <object> showing its
  // resource), whose text is a run of its own (the run around it skips it).
  function blockOf(el) {
    for (let e = el; e; e = composedParent(e)) {
      if (replaced(e) || !inlineLevel(e)) return e;
    }
    return el.ownerDocument.documentElement;
  }

  // packedItem reports whether an element is an item of a flex row that
  // reads as one line (<a style="display:flex;justify-content:center">
  // <span>京ICP备</span><span>2021004567号-1</span></a>): its text joins its
  // neighbours' as inline text would.
  function packedItem(e) {
    const p = composedParent(e);
    if (!p || holdsBoxes(e)) return false;
    return packedRow(p, lineHeight(style(p)), e);
  }

  // holdsBoxes reports whether an element has a child that is not inline.
  function holdsBoxes(e) {
    return [...e.children].some((c) => !INLINE.has(style(c).display));
  }

  // lineHeight is a computed style's line height in px ("normal": 1.5 em).
  function lineHeight(s) {
    return parseFloat(s.lineHeight) || 1.5 * parseFloat(s.fontSize) || 20;
  }

  // compactInline reports whether an inline-block reads as inline text
  // (<span style="display:inline-block">京ICP备</span><span style=
  // "display:inline-block">2021004567号-1</span>): inline content only, one
  // line high, no wider than its text by more than two ems (its padding), and
  // no margin wider than an em that would set it apart.
  function compactInline(e) {
    const s = style(e);
    if (s.display !== 'inline-block' || holdsBoxes(e)) return false;
    const fs = parseFloat(s.fontSize) || 16;
    const r = e.getBoundingClientRect();
    if (r.height > 2.2 * lineHeight(s) + (parseFloat(s.paddingTop) || 0) + (parseFloat(s.paddingBottom) || 0)) return false;
    if ((parseFloat(s.marginLeft) || 0) > fs || (parseFloat(s.marginRight) || 0) > fs) return false;
    const range = e.ownerDocument.createRange();
    range.selectNodeContents(e);
    const t = range.getBoundingClientRect();
    return t.width > 0 && r.width - t.width <= 2 * fs;
  }

  // inlineLevel reports whether an element's text continues the run of its
  // block: inline boxes, items of a packed flex row, and inline-blocks that
  // read as inline text.
  function inlineLevel(n) {
    return INLINE.has(style(n).display) || packedItem(n) || compactInline(n);
  }

  // lineContainer is where the visual line of a block lives: out of atomic
  // inlines and flex rows, whose items sit side by side on one line. A box
  // out of the flow (absolute, fixed, floated) holds its own lines: a
  // login page's fixed footer is not an item of the flex row it is written
  // in.
  function lineContainer(b, lineH) {
    let c = b;
    for (let i = 0; i < 4; i++) {
      const p = composedParent(c);
      if (!p) break;
      const cs = style(c);
      if (cs.position === 'absolute' || cs.position === 'fixed') break;
      // A float holds its own lines, unless it is one of a row of floats
      // that an inline-block shrinks to (the 京ICP备… and 京公网安备… links
      // floated side by side in a centred box): that box is the line's.
      if (cs.float !== 'none') {
        if (floatRow(p)) { c = p; continue; }
        break;
      }
      if (ATOMIC.has(cs.display) || packedRow(p, lineH, c)) { c = p; continue; }
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
    let width = 0, grows = false, n = 0;
    for (const item of p.children) {
      const is = style(item);
      if (is.display === 'none' || is.position === 'absolute' || is.position === 'fixed') continue;
      const r = item.getBoundingClientRect();
      if (cr && (r.bottom <= cr.top || r.top >= cr.bottom)) continue;
      if (r.height > 2.2 * lineH) return false;
      width += r.width;
      n++;
      if (parseFloat(is.flexGrow) > 0) grows = true;
    }
    // An inline-flex row shrinks to its items, and so does a row centred
    // by a column flex parent (align-items:center), a grid or fit-content:
    // filled by them, it is packed unless its items grow (columns) or gaps
    // wider than an em on average set them apart.
    if (!n) return false;
    if (ps.display === 'inline-flex' || (!grows && shrunkToItems(p))) return inner - width <= parseFloat(ps.fontSize) * Math.max(1, n - 1);
    return width < 0.95 * inner;
  }
  // shrunkToItems says whether a block box is sized to its content by its
  // parent: an item of a column flex box or of a grid that is aligned
  // (centre, start, end) rather than stretched across it, and narrower
  // than the room. A box narrowed by a width or max-width of its own is
  // not: its items may be columns.
  function shrunkToItems(p) {
    const q = p.parentElement;
    if (!q) return false;
    const qs = style(q), ps = style(p);
    const stretched = (v) => !v || /^(auto|normal|stretch|legacy)/.test(v);
    let aligned = false;
    if (/flex$/.test(qs.display) && qs.flexDirection.startsWith('column')) {
      aligned = !stretched(ps.alignSelf === 'auto' ? qs.alignItems : ps.alignSelf);
    } else if (/grid$/.test(qs.display)) {
      aligned = !stretched(ps.justifySelf === 'auto' ? qs.justifyItems : ps.justifySelf);
    }
    if (!aligned) return false;
    const room = q.clientWidth - parseFloat(qs.paddingLeft) - parseFloat(qs.paddingRight);
    return p.getBoundingClientRect().width < room - 1;
  }

  // lineBoxes collects the rendered text and atomic boxes of a container
  // that sit on its lines: floated and absolutely positioned boxes are
  // block containers of their own and are left out.
  function lineBoxes(c) {
    const out = [];
    const doc = c.ownerDocument;
    const text = (n) => {
      if (!n.data.trim() || unseenText(n)) return;
      const r = doc.createRange();
      r.selectNodeContents(n);
      for (const b of r.getClientRects()) if (b.width > 0 && b.height > 0) out.push(b);
    };
    // element adds what an element itself shows on the line, and says
    // whether its light children are walked too. Slotted content is taken
    // the same way, where its slot is.
    const element = (n) => {
      const s = style(n);
      // Out of the line's flow, or drawn at no opacity (a placeholder kept
      // for its room): not part of the line as the reader sees it.
      if (s.position === 'absolute' || s.position === 'fixed' || s.float !== 'none' || opacityOf(s) <= 0.01) return false;
      if (SKIP.has(n.tagName) && !replaced(n)) return false;
      if (replaced(n)) {
        // An image kept for its room (visibility:hidden, lazily loaded) is
        // not seen on the line.
        const b = n.getBoundingClientRect();
        if (b.width > 0 && b.height > 0 && s.visibility === 'visible') out.push(b);
        return false;
      }
      // A host renders its shadow tree, not its light children.
      if (n.shadowRoot) { walk(n.shadowRoot); return false; }
      if (n.tagName === 'SLOT') {
        const assigned = n.assignedNodes({ flatten: true });
        for (const a of assigned) {
          if (a.nodeType === 3) text(a);
          else if (a.nodeType === 1 && element(a)) walk(a);
        }
        return !assigned.length; // else its fallback content is not drawn
      }
      if (floatRow(n)) {
        // A row of floats in an inline-block is one box on the line.
        const b = n.getBoundingClientRect();
        if (b.width > 0 && b.height > 0) out.push(b);
        return false;
      }
      pseudoText(n, s, out);
      if (/^inline-/.test(s.display) && !n.textContent.trim() && paintsBox(s)) {
        // An empty inline box that paints (a vertical divider between
        // links, a coloured dot) is seen on the line.
        const b = n.getBoundingClientRect();
        if (b.width > 0 && b.height > 0) out.push(b);
      }
      return true;
    };
    const walk = (root) => {
      const tw = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = tw.nextNode(); n; n = tw.nextNode()) {
        if (n.nodeType === 3) text(n);
        else if (!element(n)) skipSubtree(tw, n);
      }
    };
    // A host renders its shadow tree, not its light children.
    walk(c.shadowRoot || c);
    return out;
  }
  // unseenText says whether a text node takes room on its line but is not
  // drawn there: visibility:hidden (inherited, so its parent's computed
  // value is its own), or a transparent fill with no stroke, no shadow and
  // no background drawn through it (gradient text, background-clip:text,
  // is drawn). A centred line of a visible number and a hidden
  // placeholder is not centred as the reader sees it.
  function unseenText(t) {
    const pe = t.parentElement;
    if (!pe) return false;
    const s = style(pe);
    if (s.visibility === 'hidden' || s.visibility === 'collapse') return true;
    const fill = parseColor(s.webkitTextFillColor || s.color);
    if (!fill || fill.a > 0 || parseFloat(s.webkitTextStrokeWidth) > 0 || (s.textShadow && s.textShadow !== 'none')) return false;
    for (let a = pe; a; a = composedParent(a)) {
      if (/text/.test(style(a).backgroundClip || style(a).webkitBackgroundClip || '')) return false;
    }
    return true;
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
        // An element not rendered (display:none: a span some sites slip
        // into the number against copying) takes no place between the
        // texts around it.
        if (style(c).display === 'none') continue;
        if (c.tagName === 'BR' || SKIP.has(c.tagName) || replaced(c) || !inlineLevel(c)) {
          text += '\u0000';
          continue;
        }
        if (c.tagName === 'SLOT') {
          const assigned = c.assignedNodes({ flatten: true });
          if (assigned.length) {
            for (const a of assigned) {
              if (a.nodeType === 3) { nodes.push({ node: a, start: text.length }); text += a.data; }
              else if (a.nodeType === 1 && inlineLevel(a) && !SKIP.has(a.tagName) && !replaced(a)) visitOne(a);
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
  // normalised index pointing back at its raw index. Indices are UTF-16
  // code units, as the regexp's are: a character outside the Basic
  // Multilingual Plane (an emoji) takes two, and both point at it.
  function normalise(raw) {
    let out = '';
    const map = [];
    let i = 0;
    for (const ch of raw) {
      let n = ch.replace(ZW, '');
      if (n && ch !== '\u0000') {
        n = n.normalize('NFKC').replace(DASHES, '-');
        n = n.replace(TRAD, c => TABLES.fold[c]);
        n = n.replace(/\s/g, ' ');
      }
      out += n;
      for (let k = 0; k < n.length; k++) map.push(i);
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
      const a = locate(nodes, rs, false), z = locate(nodes, re, true);
      let range;
      try {
        range = textRange(nodes, a, z);
      } catch (e) {
        continue;
      }
      const c = candidate(range, a.node, b, frames, inShadow, raw, partsOf(nodes, rs, re));
      c.links = linksOf(nodes, rs, re, frames);
      texts.push(c);
    }
  }

  function candidate(range, startNode, block, frames, inShadow, raw, parts) {
    const { dx, dy } = frameOffset(frames);
    const holder = elementOf(range.commonAncestorContainer);
    const el = elementOf(startNode) || holder;
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    const box = viewportBox(rects, dx, dy);
    let vis = hiddenCause(el, frames, box);
    let con = contrastOf(el, frames, vis.opacity, box, rects[0]);
    let font = parseFloat(style(el).fontSize) || 0;
    let drawn = font * shownScale(el);
    // A number whose characters lie in several elements is seen as its
    // least visible part: the digits in a span of their own, in the
    // footer's background colour ("京ICP备<span style=color:#f0f0f0>…"), or
    // in a span at visibility:hidden or font-size:0, leave a person "京ICP备".
    const seen = new Set([el]);
    for (const p of parts || []) {
      const pe = elementOf(p.node);
      if (!pe || seen.has(pe)) continue;
      seen.add(pe);
      const r = p.node.ownerDocument.createRange();
      r.setStart(p.node, p.from);
      r.setEnd(p.node, p.to);
      const prs = [...r.getClientRects()].filter(q => q.width > 0 && q.height > 0);
      const pbox = viewportBox(prs, dx, dy);
      const pvis = hiddenCause(pe, frames, pbox);
      if (!vis.cause && pvis.cause) vis = pvis;
      if (vis.cause) break;
      const pf = parseFloat(style(pe).fontSize) || 0, pd = pf * shownScale(pe);
      if (pd < drawn) { font = pf; drawn = pd; }
      if (!pbox) continue;
      const pcon = contrastOf(pe, frames, pvis.opacity, pbox, prs[0]);
      if (!pcon.unknown && (con.unknown || pcon.contrast < con.contrast)) con = pcon;
    }
    const c = {
      raw, selector: selector(holder, frames), snippet: snippet(holder), order: order++,
      box: { left: 0, top: 0, right: 0, bottom: 0 }, line: { left: 0, top: 0, right: 0, bottom: 0 },
      hidden: vis.cause, unrendered: !!vis.unrendered, font_size: Math.round(drawn * 100) / 100, font_computed: Math.abs(drawn - font) > 0.02 * font ? font : 0,
      color: con.color, background: con.background, contrast: con.contrast, contrast_unknown: con.unknown, blended: con.blended, gradient: con.gradient, overflows: con.overflows, image_missing: con.missing,
      covered_by: '', animated: endlessOn(el, frames), link: linkOf(el, frames), footer: {}, in_shadow_root: inShadow, in_frame: frames.length > 0,
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
    c._textEl = el;
    const tp = startNode.parentNode;
    c._textParent = tp && (tp.nodeType === 1 ? tp : tp.host) || null;
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
    for (const { node, text: part } of partsOf(nodes, rs, re)) {
      const el = elementOf(node);
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

