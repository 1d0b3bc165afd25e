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
  // (SVG text is read as an image), head. The fallback content of an
  // <object> is walked: it is drawn when the object cannot show its
  // resource (see replaced).
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA', 'SELECT', 'OPTION',
    'HEAD', 'TITLE', 'svg', 'SVG', 'MATH', 'math', 'CANVAS', 'IFRAME']);
  // The trigger and the normalisation tables come from Go (tables.go).
  const TABLES = __BEIANCHECK_TABLES__;
  const TRIGGER = new RegExp(TABLES.trigger, 'i');
  const ZW = new RegExp(TABLES.zeroWidth, 'g');
  const DASHES = new RegExp(TABLES.dashes, 'g');
  const TRAD = new RegExp(TABLES.traditional, 'g');
  // triggers says whether a text may hold a number: the trigger in the
  // raw text (zero-width characters removed), or, for text not all ASCII,
  // after NFKC, as the parser reads it: widths mixed (粤ＩCP备),
  // mathematical or enclosed letters.
  const ASCII = /^[\x00-\x7f]*$/;
  function triggers(s) {
    s = s.replace(ZW, '');
    return TRIGGER.test(s) || (!ASCII.test(s) && TRIGGER.test(s.normalize('NFKC')));
  }
  // A generous span: the engine in Go decides what is a number. Digits
  // may be spaced; a letter only joins the characters before it, so that
  // the words after a number without 号 (京ICP备12345678 Powered by …)
  // are not read into it.
  const SPAN = /([^\s\u0000])?\s*(?:ICP\s*[备证]|公\s*网\s*安\s*备|B\s*[12]\s*-)(?:\s*[0-9*#×]|[A-Za-z])*(?:\s*-\s*\d{1,3})?(?:\s*号)?(?:\s*-\s*\d{1,4}[A-Za-z]?)?(?:\.[A-Za-z]{1,5})?/gi;
  const INLINE = new Set(['inline', 'contents', 'ruby', 'ruby-text', 'ruby-base']);
  const ATOMIC = new Set(['inline-block', 'inline-flex', 'inline-grid', 'inline-table']);
  const REPLACED = new Set(['IMG', 'SVG', 'svg', 'VIDEO', 'AUDIO', 'CANVAS', 'INPUT', 'BUTTON', 'PICTURE', 'OBJECT', 'EMBED', 'IFRAME']);
  // replaced reports whether an element is drawn as one box of its own
  // rather than as the boxes of its children. An <object> that cannot show
  // its resource (an old Flash banner, a missing file) draws its fallback
  // content instead, as ordinary boxes: its children then have boxes, which
  // the children of an object showing its resource never have.
  const fallbackDrawn = new Map();
  function replaced(e) {
    if (!REPLACED.has(e.tagName)) return false;
    if (e.tagName !== 'OBJECT') return true;
    let drawn = fallbackDrawn.get(e);
    if (drawn === undefined) {
      const r = e.ownerDocument.createRange();
      r.selectNodeContents(e);
      drawn = r.getClientRects().length > 0;
      fallbackDrawn.set(e, drawn);
    }
    return !drawn;
  }
  // Footer names: substrings that are safe anywhere, and short tokens
  // common in Chinese templates (Discuz #ft, DedeCMS .dibu, .db, .bq) that
  // must stand alone.
  const FOOTER_NAME = /foot|copyright|beian|icp|record|colophon|site-?info|banquan|(^|[-_\s])(bottom|ft|dibu|db|bq|copy)([-_\s]|$)/i;
  // Sidebar names, matched against whole class names and ids: "sidebar",
  // "site-sidebar", "ant-layout-sider", "#secondary", but not
  // "no-sidebar" or "has-sider" (page states, not columns), nor
  // Bootstrap's "text-secondary" (a colour), nor a footer's widget area
  // ("footer-sidebar"). The name of a box that holds the page's main
  // content ("theme-container sidebar-open", "app app-aside-fixed") is a
  // state of the layout, not a column beside it.
  const SIDEBAR_NAME = /^(.*[-_])?(sidebar|side-bar|sider|aside|widget-area)([-_].*)?$|^secondary$/i;
  function sidebarNamed(a) {
    const names = [a.id || ''].concat(typeof a.className === 'string' ? a.className.split(/\s+/) : []);
    if (!names.some((n) => n && SIDEBAR_NAME.test(n) && !/(^|[-_])(no|has|with|without)[-_]/i.test(n))) return false;
    if (names.some((n) => /foot|copyright|colophon/i.test(n))) return false;
    return !holdsMain(a);
  }
  // holdsMain says whether a box holds the page's main content: a <main>,
  // an <article> or [role=main] inside it, or most of the page (the whole
  // width and four fifths of the document's height).
  function holdsMain(a) {
    if (a.querySelector('main,[role=main],article')) return true;
    const r = a.getBoundingClientRect();
    const doc = a.ownerDocument.documentElement;
    return r.width >= 0.9 * doc.clientWidth && r.height >= 0.8 * doc.scrollHeight;
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
  // flatContains says whether e lies in a in the flat tree (across shadow
  // roots and slots), e itself included.
  function flatContains(a, e) {
    for (let x = e; x; x = composedParent(x)) if (x === a) return true;
    return false;
  }

  // elementOf is the element a node belongs to in the flat tree: itself,
  // the slot it is assigned to (text a component shows through its <slot>
  // sits, and inherits its style, where the slot is), its parent, or the
  // host of the shadow root it lies in directly (a component that renders
  // text straight into its shadow root has no parent element).
  function elementOf(n) {
    if (!n) return null;
    if (n.nodeType === 1) return n;
    if (n.nodeType === 11) return n.host || null;
    return n.assignedSlot || n.parentElement || (n.parentNode && n.parentNode.host) || null;
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

