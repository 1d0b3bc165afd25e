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
      if (style(a).position === 'fixed' && !pageShell(a)) {
        const r = a.getBoundingClientRect();
        const { dy } = frameOffset(framesOf(a, frames));
        const vh = topWin.innerHeight;
        // At the bottom: in the lower half, ending at the screen's bottom
        // edge or, on a page that does not scroll, at most FIXED_GAP px
        // above it (a login page's footer lifted by bottom:12px or 24px
        // sits at the bottom as a reader sees it; a card floating over
        // content that scrolls under it does not).
        const root = topDoc.scrollingElement || topDoc.documentElement;
        const gap = root.scrollHeight > vh + 1 ? 2 : FIXED_GAP;
        fixed = (r.bottom + dy >= vh - gap && r.top + dy > vh / 2) ? 'bottom' : 'other';
        if (fixed === 'bottom') { group = a; kind = kind === 'block' ? 'named' : kind; }
        break;
      }
    }
    if (!group) group = blockOf(el);
    const nb = numberOf(el, chain);
    if (fixed === '' && box && box.bottom > box.top) {
      // Grow the group to the page's final band: the outermost ancestor
      // that holds no main content above the number and that nothing
      // outside it lies below.
      const band = finalBand(group, box, nb);
      if (band !== group) { group = band; if (kind === 'block') kind = 'band'; }
    }
    // header: the header, nav or sidebar holding the number, and how it
    // was told.
    let header = '';
    for (const a of chain) {
      if (a === group || group.contains(a) || a.getRootNode() !== group.getRootNode()) continue;
      const at = () => selector(a, framesOf(a, frames));
      if (a.matches && a.matches(HEADERISH)) { header = at(); break; }
      if (a.localName === 'body' || a.localName === 'html') continue;
      if (sidebarNamed(a)) { header = at() + ' (named as a sidebar)'; break; }
      if (besideColumn(a)) { header = at() + ' (a narrow column beside the main one)'; break; }
    }
    const f = { region: selector(group, framesOf(group, frames)), region_kind: kind, in_header: !!header, fixed };
    if (header) f.header = header;
    if (box && box.bottom > box.top && fixed === '') {
      const below = contentBelow(group, chain, box.bottom, nb);
      if (below) { f.content_below = selector(below, []); f.content_below_snippet = snippet(below); }
    }
    return f;
  }

  const FIXED_GAP = 64;

  // finalBand climbs from the footer group to the page's bottom band (a
  // footer named #ft, .dibu or not named at all): the outermost ancestor
  // that nothing outside it lies below (below its top), that holds no main
  // content above the number and none below it (holdsMainBelow: a
  // page-wide wrapper, #app or #page.site, holding a number at its top is
  // not a final band). nb is the number (numberOf).
  //
  // A level with content beside it (outside it, below its top) is passed
  // over, for at most BAND_SKIP levels in a row: a Bootstrap footer's first
  // column, holding the number, with the other columns beside it on a
  // desktop and below it on a phone. What lies wholly below the level must
  // be footer items or its sibling columns (columnSibling); anything else
  // there (a team section, a promotion card after a login card) is main
  // content below the number, and the climb ends. The columns' titles and
  // labels above the number (column items: short text, a QR code) are
  // allowed too: beside it, or across its width in a band that starts
  // below main content (a phone's stacked columns; a banner and a
  // category grid at the top of a page are not a band's). A band reached either way is
  // held to the strict test of what lies below the number: all of its
  // text counts, whatever its size, so a wrapper whose main text is set as
  // its top strip's number is not a band.
  const BAND_SKIP = 4;
  function finalBand(group, box, nb) {
    if (group.ownerDocument !== topDoc) return group;
    let g = group, strict = false, skipped = 0;
    for (let p = g.parentElement; p && p !== topDoc.body && p !== topDoc.documentElement; p = p.parentElement) {
      const pr = p.getBoundingClientRect();
      const pTop = pr.top + scrollY0, pBottom = pr.bottom + scrollY0;
      let main = false, beside = false, below = false, columns = false, across = false, afterMain = false, text = 0;
      for (const it of contentItems()) {
        const inside = p.contains(it.el);
        if (inside && !g.contains(it.el) && it.bottom <= box.top + 1 && !isFooterItem(it) && !clippedAway(it, nb)) {
          text += it.txt.length;
          if (!columnItem(it) || text > BAND_TEXT) { main = true; break; }
          columns = true;
          if (it.right > box.left + 1 && it.left < box.right - 1) across = true;
        }
        if (!inside && !it.el.contains(p)) {
          if (it.bottom <= pTop + 1) afterMain = afterMain || !isFooterItem(it);
          else if (it.top >= pTop + 1 && !fixedAway(it.el, nb) && !clippedAway(it, nb)) {
            beside = true;
            if (it.top >= pBottom - 1 && !isFooterItem(it) && !columnSibling(it.el, p)) { below = true; break; }
          }
        }
      }
      // What lies above the number in p lies above it in every ancestor;
      // main content below p, outside it, is below it in every ancestor.
      if (main || below || (across && !afterMain && !beside)) break;
      if (beside) {
        if (++skipped > BAND_SKIP) break;
        continue;
      }
      const s = strict || skipped > 0 || columns;
      if (holdsMainBelow(p, g, box, nb, s)) break;
      g = p; strict = s; skipped = 0;
    }
    return g;
  }

  // columnSibling reports whether e lies in a sibling of p that is a
  // column of the same row: their parent lays its children out as columns
  // (a grid, a wrapping flex row: Bootstrap 4's .row, Tailwind's grid), or
  // both carry a grid width class of one family (col-md-4 and col-md-2,
  // layui-col-md4, el-col-8: the same stem, digits aside).
  function columnSibling(e, p) {
    const r = p.parentElement;
    if (!r || !r.contains(e)) return false;
    let q = e;
    for (let n = 0; q && q.parentElement !== r; n++) {
      if (n >= CLIP_DEPTH) return false;
      q = q.parentElement;
    }
    if (!q || q === p) return false;
    const rs = style(r);
    if (/grid$/.test(rs.display) || (/flex$/.test(rs.display) && !rs.flexDirection.startsWith('column') && rs.flexWrap !== 'nowrap')) return true;
    const stems = (x) => (typeof x.className === 'string' ? x.className : '').split(/\s+/).filter(t => /\D\d+$/.test(t)).map(t => t.replace(/\d+$/, ''));
    const mine = stems(p);
    return mine.length > 0 && stems(q).some(t => mine.includes(t));
  }

  // columnItem reports whether a content item above the number may be a
  // footer column's: a title or a label of at most COLUMN_TEXT characters
  // outside any h1, h2, main or article, or a picture at most
  // COLUMN_MEDIA px tall (a QR code, a logo).
  const COLUMN_TEXT = 30, COLUMN_MEDIA = 160;
  function columnItem(it) {
    if (it.media) return it.height <= COLUMN_MEDIA;
    return it.txt.length <= COLUMN_TEXT && !it.el.closest('h1,h2,main,article');
  }

  // numberOf is what the footer tests need of a number: el, its element as
  // seen from the top document (the outermost frame holding it), and font,
  // its computed font size.
  function numberOf(el, chain) {
    return { el: chain.find(a => a.ownerDocument === topDoc) || el, font: parseFloat(style(el).fontSize) || 16 };
  }

  // holdsMainBelow reports whether p holds, outside g and below the
  // number's box, main content rather than a band's own closing lines (an
  // address, a hosting credit, a risk notice, a hotline): an h1, h2, main
  // or article, or text set larger than the number (main content is; a
  // band's lines are set as its number) of more than BAND_TEXT characters
  // or half a screen, with the images there; or more than BAND_LINKS
  // links (a link directory, not a band's links row). strict counts text
  // of any size, and a picture taller than a column's.
  const BAND_TEXT = 200;
  function holdsMainBelow(p, g, box, nb, strict) {
    if (p.ownerDocument !== topDoc) return false;
    let h = 0, text = 0, links = 0;
    for (const it of contentItems()) {
      if (it.top < box.bottom - 1 || !p.contains(it.el) || g.contains(it.el)) continue;
      if (fixedAway(it.el, nb) || clippedAway(it, nb)) continue;
      if (isFooterItem(it)) {
        if (directoryLink(it) && ++links > BAND_LINKS) return true;
        continue;
      }
      const m = it.el.closest('h1,h2,main,article');
      if (m && p.contains(m) && !m.contains(g)) return true;
      if (strict && it.media && it.height > COLUMN_MEDIA) return true;
      if (!strict && !it.media && !(parseFloat(style(it.el).fontSize) > nb.font + 0.5)) continue;
      h += it.height; text += it.txt.length;
      if (h > topWin.innerHeight / 2 || text > BAND_TEXT) return true;
    }
    return false;
  }

  // fixedOf is the nearest position:fixed element holding e (e itself
  // included), or null. It is asked about every content item below a
  // group, and most share their ancestors: the answer is kept per element
  // (a loop, not recursion: a page may nest elements 100,000 deep).
  const fixedCache = new Map();
  function fixedOf(e) {
    const path = [];
    let v = null;
    for (let a = e; a; a = a.parentElement) {
      const known = fixedCache.get(a);
      if (known !== undefined) { v = known; break; }
      path.push(a);
      if (style(a).position === 'fixed') { v = a; break; }
    }
    // Everything on the path is held by the fixed element where the walk
    // stopped, or by none.
    for (const a of path) fixedCache.set(a, v);
    return v;
  }
  // fixedAway reports whether e stays on screen in a fixed bar rather than
  // lying below the number nb: fixed, and not in the shell (pageShell) the
  // number's own page scrolls in. Another full-screen fixed layer (a
  // closed menu, a toolbar taller than the screen) stays a fixed layer.
  function fixedAway(e, nb) {
    const f = fixedOf(e);
    return !!f && !(f.contains(nb.el) && pageShell(f));
  }

  // clippedAway reports whether a content item lies wholly outside the box
  // of an ancestor that clips it (overflow hidden or clip, on the axis it
  // lies beyond, on a box that is not inline), when that ancestor's child
  // holding the item does not also hold the number nb: the next slides of
  // an H5 scene, translated below a full-screen overflow:hidden viewport
  // while the scene's bar with the number sits beside them, are not
  // painted, so they are not content below the number; the next slides of
  // a swiper whose first slide holds the number move with it, and are. An
  // absolute box is clipped only from its containing block up; a fixed one
  // is taken as not clipped. Asked only where an item would decide; what
  // clips it is kept on the item, what each ancestor is in clipFacts.
  const CLIP_DEPTH = 200;
  const clipFacts = new Map();
  function factsOf(a) {
    let f = clipFacts.get(a);
    if (!f) {
      const s = style(a);
      f = {
        pos: s.position, cb: s.position !== 'static' || containsFixed(s), box: s.display !== 'inline' && s.display !== 'contents',
        x: /hidden|clip/.test(s.overflowX), y: /hidden|clip/.test(s.overflowY), r: null,
      };
      if (f.box && (f.x || f.y)) f.r = a.getBoundingClientRect();
      clipFacts.set(a, f);
    }
    return f;
  }
  function clippedAway(it, nb) {
    if (it.clipBranch === undefined) it.clipBranch = clipBranchOf(it);
    return !!it.clipBranch && !it.clipBranch.contains(nb.el);
  }
  // clipBranchOf is the child, holding the item, of the first ancestor
  // that clips the item away, or null.
  function clipBranchOf(it) {
    const r = it.el.getBoundingClientRect();
    let escaping = style(it.el).position, prev = it.el, n = 0;
    for (let a = it.el.parentElement; a && a !== topDoc.body && a !== topDoc.documentElement && n < CLIP_DEPTH; prev = a, a = a.parentElement, n++) {
      if (escaping === 'fixed') return null;
      const f = factsOf(a);
      if (escaping === 'absolute') {
        if (!f.cb) continue; // not its containing block: does not clip it
        escaping = '';
      }
      const ar = f.r;
      if (ar && ((f.x && (r.right <= ar.left + 1 || r.left >= ar.right - 1)) || (f.y && (r.bottom <= ar.top + 1 || r.top >= ar.bottom - 1)))) {
        return prev;
      }
      if (f.pos === 'absolute' || f.pos === 'fixed') escaping = f.pos;
    }
    return null;
  }

  // pageShell reports whether a fixed element is a shell a page scrolls in
  // rather than a bar: a fixed element taller than the screen (a
  // smooth-scroll library's content, moved by a transform as the window
  // scrolls), or one as tall as the screen that scrolls or whose content
  // overflows it (#app{position:fixed;inset:0;overflow-y:auto} against
  // iOS's bounce; GSAP ScrollSmoother's overflow:hidden #smooth-wrapper,
  // whose content is moved by a transform). A number in it is judged as on
  // any page, with what lies below it in the shell. Kept per element.
  const shells = new Map();
  function pageShell(a) {
    let v = shells.get(a);
    if (v === undefined) {
      const s = style(a);
      const r = a.getBoundingClientRect(), vh = a.ownerDocument.defaultView.innerHeight;
      v = r.height > vh + 1 || (r.top <= 1 && r.bottom >= vh - 2 && (/auto|scroll/.test(s.overflowY) || a.scrollHeight > a.clientHeight + 1));
      shells.set(a, v);
    }
    return v;
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
      const media = replaced(e) && !['INPUT', 'BUTTON'].includes(e.tagName);
      let txt = '';
      if (!media) {
        for (let n = e.firstChild; n; n = n.nextSibling) if (n.nodeType === 3) txt += n.data;
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
      items.push({ el: e, top: r.top + scrollY0, bottom: r.bottom + scrollY0, left: r.left, right: r.right, height: r.height, media, txt });
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
    return footerNamed(it.el);
  }

  function contentBelow(group, chain, bottom, nb) {
    // The group as seen from the top document: the outermost frame holds it.
    const topChain = chain.filter(a => a.ownerDocument === topDoc);
    const topGroup = group.ownerDocument === topDoc ? group : topChain[0];
    const shell = appShell(topChain);
    let links = 0, first = null;
    for (const it of contentItems()) {
      if (it.top < bottom - 1) continue;
      const e = it.el;
      if (topGroup && (topGroup === e || topGroup.contains(e))) continue;
      if (topChain.includes(e)) continue;
      if (fixedAway(it.el, nb)) continue;
      if (shell && !flatContains(shell.el, e) && it.top >= shell.bottom + scrollY0 - 1 && it.bottom <= topWin.innerHeight + scrollY0 + 1) continue;
      if (clippedAway(it, nb)) continue;
      if (isFooterItem(it)) {
        if (directoryLink(it)) {
          first = first || e;
          if (++links > BAND_LINKS) {
            // Named by the first link's row.
            const row = first.parentElement;
            return row && row !== topDoc.body && !row.contains(nb.el) ? row : first;
          }
        }
        continue;
      }
      return e;
    }
    return null;
  }

  // A footer's links row is footer items; more than BAND_LINKS links
  // below the number are a link directory (a 网址导航 page under its
  // number's top strip): main content. directoryLink is a link counted:
  // not one inside a footer (a <footer>, or named so: the 全国分站 list of
  // div.footer), nor one in a row that says what it is with a footer word
  // (友情链接 after the copyright).
  const BAND_LINKS = 40;
  const rowSaysFooter = new Map();
  function directoryLink(it) {
    const a = it.media ? null : it.el.closest('a');
    if (!a) return false;
    const row = a.parentElement;
    if (!row) return true;
    let v = rowSaysFooter.get(row);
    if (v === undefined) {
      v = FOOTER_WORDS.test((row.textContent || '').slice(0, 2000)) || footerNamed(row);
      rowSaysFooter.set(row, v);
    }
    return !v;
  }
  // footerNamed reports whether e or an ancestor is a <footer>,
  // [role=contentinfo] or named as a footer.
  function footerNamed(e) {
    for (; e && e !== topDoc.body; e = e.parentElement) {
      if (e.localName === 'footer' || e.getAttribute('role') === 'contentinfo') return true;
      const name = (e.id || '') + ' ' + (typeof e.className === 'string' ? e.className : '');
      if (FOOTER_NAME.test(name)) return true;
    }
    return false;
  }

  // appShell is the panel an app-like page scrolls its pages in when the
  // document itself does not scroll (a Taro or Ionic shell: a full-height
  // flex column, a panel that scrolls, a tab bar below it in the flow):
  // the nearest ancestor in chain that is a vertical scroll container
  // (whether or not this page's content overflows it) at least half the
  // viewport tall and ending at most SHELL_BAR px above the viewport's
  // bottom, as { el, bottom } (bottom in viewport px), or null. What lies in the strip
  // below it stays on screen while the reader scrolls, as a fixed bar
  // does: app chrome, not content below the number. (A short page whose
  // wrapper has overflow-x:hidden, and so a computed overflow-y of auto,
  // does not end near the viewport's bottom.)
  const SHELL_BAR = 120;
  function appShell(chain) {
    const root = topDoc.scrollingElement || topDoc.documentElement;
    if (root.scrollHeight > topWin.innerHeight + 1) return null;
    for (const a of chain) {
      if (a === root || a.localName === 'body') return null;
      const s = style(a);
      if (!/auto|scroll/.test(s.overflowY)) continue;
      const r = a.getBoundingClientRect();
      const vh = topWin.innerHeight;
      return r.height >= vh / 2 && r.bottom >= vh - SHELL_BAR && r.bottom <= vh + 1 ? { el: a, bottom: r.bottom } : null;
    }
    return null;
  }

