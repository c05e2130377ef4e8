/**
 * Code that runs inside the rendered page, kept as JavaScript source text. It cannot be written
 * as TypeScript functions handed to playwright-core: tsx and esbuild (keepNames) wrap named
 * functions in a `__name(…)` helper that does not exist in the page, and the evaluation fails.
 * Plain ES2017, self-contained, no page globals touched beyond those documented below.
 */
import { CONNECTED_TEXT_PATTERN } from '../../core/render/badge-text.ts';
import { EMC_SCRIPT_FILE } from '../../core/rules/emc.ts';

/** Hidden global through which the init script hands over what it saw. */
export const PROBE_NAME = '__govAuditEmcProbe';

/** Selectors of the badge button, ids first (docs/detection.md §2). */
export const BADGE_SELECTOR = '#btnEMC, .yhy-btn-emc';

/**
 * Init script, run before any page script: watches `window._govaq` from its first assignment
 * (the page's `var _govaq = window._govaq || []` and the tracker's own replacement both go
 * through the setter), notes `setSiteId` / `setTrackerUrl` as they are pushed, and notes when a
 * badge element is ever attached, to tell "removed by a script" from "never injected".
 */
export const PROBE_SCRIPT = `(function () {
  var state = { defined: false, siteId: undefined, trackerUrl: undefined, badgeSeen: false, pageViewQueued: false, emcRan: false, queueReset: undefined, violations: [], errors: [] };
  var shadowRoots = [];
  function note(command) {
    if (!Array.isArray(command)) return;
    if (command[0] === 'setSiteId') state.siteId = String(command[1]);
    if (command[0] === 'setTrackerUrl') state.trackerUrl = String(command[1]);
    if (command[0] === 'trackPageView') state.pageViewQueued = true;
  }
  function holdsPageView(queue) {
    if (!Array.isArray(queue)) return false;
    for (var i = 0; i < queue.length; i++) if (Array.isArray(queue[i]) && queue[i][0] === 'trackPageView') return true;
    return false;
  }
  function scriptNow() {
    var current = document.currentScript;
    if (current === null || current === undefined) return 'a callback or module script';
    return current.src ? current.src : 'an inline script';
  }
  // A page script that replaces or empties the queue after the page view was queued and
  // before EMC's script took it over: EMC reads nothing.
  function noteAssignment(next) {
    var by = scriptNow();
    if (${JSON.stringify(`/${EMC_SCRIPT_FILE}`)} === by.slice(-${EMC_SCRIPT_FILE.length + 1}) || by.indexOf(${JSON.stringify(EMC_SCRIPT_FILE)} + '?') >= 0) { state.emcRan = true; return; }
    if (state.emcRan || !state.pageViewQueued || state.queueReset !== undefined || holdsPageView(next)) return;
    state.queueReset = { by: by.slice(0, 300), to: next === undefined ? 'undefined' : next === null ? 'null' : Array.isArray(next) ? 'a new array (' + next.length + ' commands)' : typeof next };
  }
  window.addEventListener('securitypolicyviolation', function (e) {
    if (state.violations.length >= 20) return;
    state.violations.push({ blockedUrl: String(e.blockedURI || '').slice(0, 500), directive: String(e.effectiveDirective || e.violatedDirective || ''), disposition: e.disposition === 'report' ? 'report' : 'enforce', policy: String(e.originalPolicy || '').slice(0, 500), sourceFile: String(e.sourceFile || '').slice(0, 300), line: e.lineNumber || undefined });
  }, true);
  window.addEventListener('error', function (e) {
    if (state.errors.length >= 20 || typeof e.message !== 'string' || e.message === '') return;
    state.errors.push({ message: e.message.slice(0, 300), url: String(e.filename || '').slice(0, 300), line: e.lineno || undefined, column: e.colno || undefined });
  }, true);
  try {
    // Closed shadow roots are kept for the DOM snapshot (their links are on the page a visitor sees).
    var attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function () {
      var root = attach.apply(this, arguments);
      shadowRoots.push(root);
      return root;
    };
  } catch (e) { /* open roots are still found through element.shadowRoot */ }
  function watch(queue) {
    if (queue === null || (typeof queue !== 'object' && typeof queue !== 'function')) return;
    if (Array.isArray(queue)) queue.forEach(note);
    var push = queue.push;
    if (typeof push !== 'function' || push.__govAuditWrapped) return;
    var wrapped = function () {
      for (var i = 0; i < arguments.length; i++) note(arguments[i]);
      return push.apply(this, arguments);
    };
    Object.defineProperty(wrapped, '__govAuditWrapped', { value: true });
    try { queue.push = wrapped; } catch (e) { /* a frozen queue: the final state is still read */ }
  }
  var value;
  try {
    Object.defineProperty(window, '_govaq', {
      configurable: true,
      enumerable: true,
      get: function () { return value; },
      set: function (next) {
        noteAssignment(next);
        value = next;
        if (next !== undefined && next !== null) state.defined = true;
        watch(next);
      }
    });
  } catch (e) { /* the final state is still read */ }
  var selector = ${JSON.stringify(BADGE_SELECTOR)};
  new MutationObserver(function (mutations) {
    if (state.badgeSeen) return;
    for (var m = 0; m < mutations.length; m++) {
      var added = mutations[m].addedNodes;
      for (var n = 0; n < added.length; n++) {
        var node = added[n];
        if (node.nodeType === 1 && (node.matches(selector) || node.querySelector(selector) !== null)) state.badgeSeen = true;
      }
    }
  }).observe(document, { childList: true, subtree: true });
  Object.defineProperty(window, ${JSON.stringify(PROBE_NAME)}, {
    value: function (what) { return what === 'shadowRoots' ? shadowRoots.slice() : Object.assign({}, state); },
    enumerable: false
  });
})();`;

/**
 * Expression evaluated at the end of the settle wait: the probe's state and the badge as a
 * visitor would see it. For each candidate (`#btnEMC`, then `.yhy-btn-emc`, then an element
 * whose text says "Đã kết nối EMC"): computed `display`/`opacity` of the element and its
 * ancestors, inherited `visibility` traced to where it is declared, inline style or stylesheet,
 * bounding box, `position: fixed` on the chain, and whether it intersects the viewport. The
 * first visible candidate wins, otherwise the first found.
 */
export const INSPECT_EXPRESSION = `(function () {
  var probeFn = window[${JSON.stringify(PROBE_NAME)}];
  var probe = typeof probeFn === 'function' ? probeFn() : { defined: false, badgeSeen: false };
  var queue = window._govaq;
  if (!probe.defined && queue !== undefined && queue !== null) probe.defined = true;
  // The queue existed, and is gone at the end (deleted from window by a page script).
  probe.removedAtEnd = probe.defined && !(${JSON.stringify('_govaq')} in window);
  if (Array.isArray(queue)) {
    queue.forEach(function (command) {
      if (!Array.isArray(command)) return;
      if (command[0] === 'setSiteId' && probe.siteId === undefined) probe.siteId = String(command[1]);
      if (command[0] === 'setTrackerUrl' && probe.trackerUrl === undefined) probe.trackerUrl = String(command[1]);
    });
  }

  var connected = new RegExp(${JSON.stringify(CONNECTED_TEXT_PATTERN.source)});
  function fold(text) {
    return text.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/[\\u0111\\u0110]/g, 'd').toLowerCase().replace(/\\s+/g, ' ').trim();
  }
  function describe(el) {
    var tag = el.tagName.toLowerCase();
    if (el.id) return tag + '#' + el.id;
    var classes = Array.prototype.slice.call(el.classList, 0, 2);
    return classes.length > 0 ? tag + '.' + classes.join('.') : tag;
  }
  function textOf(el) {
    return (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 200);
  }
  function inlineOf(el) { return el.style || {}; }
  function examine(el, selector) {
    var rect = el.getBoundingClientRect();
    var base = { found: true, selector: selector, visible: false, text: textOf(el), box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height }, fixed: false };
    var node;
    for (node = el; node !== null; node = node.parentElement) {
      if (getComputedStyle(node).position === 'fixed') base.fixed = true;
    }
    for (node = el; node !== null; node = node.parentElement) {
      var style = getComputedStyle(node);
      var inline = inlineOf(node);
      if (style.display === 'none') {
        return Object.assign(base, { hiddenBy: 'display', hiddenVia: inline.display === 'none' ? 'inline-style' : 'stylesheet', hiddenOn: describe(node) });
      }
      if (parseFloat(style.opacity) < 0.05) {
        var inlineOpacity = inline.opacity || '';
        return Object.assign(base, { hiddenBy: 'opacity', hiddenVia: inlineOpacity !== '' && parseFloat(inlineOpacity) < 0.05 ? 'inline-style' : 'stylesheet', hiddenOn: describe(node) });
      }
    }
    var visibility = getComputedStyle(el).visibility;
    if (visibility === 'hidden' || visibility === 'collapse') {
      // Visibility inherits: the declaration sits on the highest ancestor that is still hidden.
      var origin = el;
      while (origin.parentElement !== null && getComputedStyle(origin.parentElement).visibility !== 'visible') origin = origin.parentElement;
      var v = inlineOf(origin).visibility;
      return Object.assign(base, { hiddenBy: 'visibility', hiddenVia: v === 'hidden' || v === 'collapse' ? 'inline-style' : 'stylesheet', hiddenOn: describe(origin) });
    }
    if (rect.width < 1 || rect.height < 1) return Object.assign(base, { hiddenBy: 'size' });
    var inside = rect.right > 0 && rect.bottom > 0 && rect.left < window.innerWidth && rect.top < window.innerHeight;
    if (!inside) return Object.assign(base, { hiddenBy: 'offscreen' });
    base.visible = true;
    return base;
  }

  var candidates = [];
  document.querySelectorAll('#btnEMC').forEach(function (el) { candidates.push({ el: el, selector: '#btnEMC' }); });
  document.querySelectorAll('.yhy-btn-emc').forEach(function (el) { if (el.id !== 'btnEMC') candidates.push({ el: el, selector: '.yhy-btn-emc' }); });
  if (candidates.length === 0 && document.body !== null) {
    // Ids first, text second: the markup may change after the 2025 ministry merger.
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (var t = walker.nextNode(); t !== null && candidates.length < 3; t = walker.nextNode()) {
      if (fold(t.nodeValue || '').indexOf('emc') < 0) continue;
      var el = t.parentElement;
      for (var depth = 0; el !== null && depth < 3 && !connected.test(fold(el.textContent || '')); depth++) el = el.parentElement;
      if (el !== null && el.tagName !== 'SCRIPT' && el.tagName !== 'STYLE' && connected.test(fold(el.textContent || ''))) candidates.push({ el: el, selector: 'text' });
    }
  }
  var examined = candidates.slice(0, 5).map(function (c) { return examine(c.el, c.selector); });
  var badge = examined.filter(function (b) { return b.visible; })[0] || examined[0] || { found: false, visible: false };
  return { probe: probe, badge: badge };
})()`;

/** Longest DOM snapshot kept (characters): a runaway page must not fill the memory. */
export const SNAPSHOT_MAX_CHARS = 8_000_000;

/**
 * Expression evaluated after the inspection: the rendered main document as HTML, shadow roots
 * (open ones, and closed ones the probe kept) serialised in place as `<template shadowrootmode>`.
 * Iframes stay empty elements: their documents are other pages.
 */
export const SNAPSHOT_EXPRESSION = `(function () {
  var probeFn = window[${JSON.stringify(PROBE_NAME)}];
  var roots = typeof probeFn === 'function' ? probeFn('shadowRoots') : [];
  var all = document.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) if (all[i].shadowRoot) roots.push(all[i].shadowRoot);
  var root = document.documentElement;
  if (root === null) return '';
  var html;
  try {
    html = typeof root.getHTML === 'function' ? root.getHTML({ serializableShadowRoots: true, shadowRoots: roots }) : root.innerHTML;
  } catch (e) {
    html = root.innerHTML;
  }
  return '<html>' + html.slice(0, ${SNAPSHOT_MAX_CHARS}) + '</html>';
})()`;
