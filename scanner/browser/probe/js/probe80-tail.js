
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
  }
  for (const c of texts) { delete c._el; delete c._frames; delete c._range; delete c._text; delete c._base; }
  return {
    final_url: location.href,
    client_width: cw,
    document_height: Math.max(topDoc.documentElement ? topDoc.documentElement.scrollHeight : 0, topDoc.body ? topDoc.body.scrollHeight : 0),
    texts,
    images,
  };
})()
