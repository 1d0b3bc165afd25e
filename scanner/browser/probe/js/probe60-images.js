  // ---- images and attributes ----
  function scanAttributes(root, frames) {
    for (const e of root.querySelectorAll('[alt],[title],[aria-label],svg,canvas')) {
      for (const attr of ['alt', 'title', 'aria-label']) {
        const v = e.getAttribute(attr);
        if (v && triggers(v)) images.push({ raw: v, selector: selector(e, frames), source: attr });
      }
      if (e.localName === 'svg' || e.localName === 'canvas') {
        const t = e.textContent || '';
        if (triggers(t)) images.push({ raw: t.trim().slice(0, 200), selector: selector(e, frames), source: e.localName });
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
      if (triggers(n.data) && elementOf(n)) blocks.add(blockOf(elementOf(n)));
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

