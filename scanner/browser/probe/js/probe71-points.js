  // ---- where the number is hit-tested ----
  // pointOf is the centre of the number's first text box in the top
  // viewport, once the number is brought into view: { x, y }, or { off }
  // when no scrolling brings it there, or null when it has no box. The
  // caller restores the scroll position (restoreScroll).
  function pointOf(c) {
    let rects = [...c._range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) return null;
    let { dx, dy } = frameOffset(c._frames);
    let r = rects[0];
    let y = r.top + r.height / 2 + dy;
    if (y < 0 || y > topWin.innerHeight) {
      // Bring the number into view, inner scrollers included (at once:
      // scroll-behavior:smooth would still be on its way).
      c._el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
      rects = [...c._range.getClientRects()].filter(q => q.width > 0 && q.height > 0);
      if (!rects.length) return null;
      ({ dx, dy } = frameOffset(c._frames));
      r = rects[0];
      y = r.top + r.height / 2 + dy;
      // No scrolling reaches it: fixed below the viewport (a slide-up
      // footer whose script has not raised it once the page's end is
      // reached), or placed above the top of the page. Overflow:hidden
      // boxes are scrolled too: a fullpage.js deck is brought round.
      if (y < 0 || y > topWin.innerHeight) {
        return { off: offScreenAt('centre', y) };
      }
    }
    return { x: r.left + r.width / 2 + dx, y };
  }
  // offScreenAt is the cause for a number whose centre, start or end
  // (where) stays at y, outside the viewport, once scrolled to.
  function offScreenAt(where, y) {
    return 'off-screen: the ' + where + ' of its text stays at y ' + Math.round(y) + ' px, outside the ' + topWin.innerHeight + ' px viewport, when scrolled to it';
  }
  // hitThrough hit-tests the top viewport at (x, y) and, while the hit is
  // the next frame of the number's frame chain, inside that frame: the hit,
  // how many frames it went down (k) and the point in the last one.
  function hitThrough(x, y, frames) {
    let hit = hitAt(topDoc, x, y);
    let k = 0;
    let lx = x, ly = y;
    while (hit && k < frames.length && hit === frames[k]) {
      const fr = frames[k].getBoundingClientRect();
      lx -= fr.left + frames[k].clientLeft; ly -= fr.top + frames[k].clientTop;
      hit = hitAt(frames[k].contentDocument, lx, ly);
      k++;
    }
    return { hit, k, lx, ly };
  }

  // endsOf are the centres of the number's first and last characters, once
  // it is in view (pointOf scrolled it there): a floating button over
  // "号-1" leaves the centre clear, but not the whole number readable. An
  // end that lies above or below the viewport is brought into view if
  // scrolling can; one that stays outside is marked off (a fixed 40 px
  // bar whose line wraps on a phone, "号-1" on a second line below the
  // screen). Ends beside the client width are left to the width test.
  function endsOf(c) {
    let out = endPoints(c);
    if (out.some(p => p.off)) {
      c._el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
      out = endPoints(c);
    }
    return out;
  }
  function endPoints(c) {
    const r = c._range, out = [];
    const { dx, dy } = frameOffset(c._frames);
    const at = (node, from, where) => {
      if (!node || node.nodeType !== 3 || from < 0 || from >= node.length) return;
      const q = node.ownerDocument.createRange();
      q.setStart(node, from);
      q.setEnd(node, from + 1);
      const b = [...q.getClientRects()].find(x => x.width > 0 && x.height > 0);
      if (!b) return;
      const p = { x: b.left + b.width / 2 + dx, y: b.top + b.height / 2 + dy, where, box: { left: b.left, right: b.right, top: b.top, bottom: b.bottom } };
      if (p.x < 0 || p.x > cw) return;
      if (p.y < 0 || p.y > topWin.innerHeight) p.off = true;
      out.push(p);
    };
    at(r.startContainer, r.startOffset, 'start');
    at(r.endContainer, r.endOffset - 1, 'end');
    return out;
  }
