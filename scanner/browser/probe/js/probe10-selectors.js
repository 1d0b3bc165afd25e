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

