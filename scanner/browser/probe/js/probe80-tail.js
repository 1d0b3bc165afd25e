
  if (topDoc.documentElement) scanRoot(topDoc.documentElement, [], false);
  const seen = texts.filter(c => !c.hidden && c.box.right > c.box.left);
  if (seen.length) {
    const restore = hitTestEverything(seen);
    try {
      for (const c of seen) {
        const o = occlusion(c);
        if (o.off) { c.hidden = o.off; continue; }
        c.covered_by = o.by;
        if (!o.by) veil(c, o.veils);
      }
    } finally {
      restore();
    }
    // A number that shows, linked to MIIT, must also take the click: at
    // most 20 of them are tried (a page of thousands of candidates).
    let tried = 0;
    for (const c of seen) {
      if (c.hidden || c.covered_by || tried >= 20) continue;
      if (!miitHref(c.link.href || '')) continue;
      tried++;
      const why = clickBlocked(c);
      if (!why) continue;
      c.link.blocked = why;
      for (const l of c.links || []) if (l.anchor && l.has_href) l.blocked = why;
    }
  }
  for (const c of texts) { delete c._el; delete c._textEl; delete c._textParent; delete c._frames; delete c._range; delete c._text; delete c._base; }
  return {
    final_url: location.href,
    client_width: cw,
    document_height: Math.max(topDoc.documentElement ? topDoc.documentElement.scrollHeight : 0, topDoc.body ? topDoc.body.scrollHeight : 0),
    texts,
    images,
  };
})()
