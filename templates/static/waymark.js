// waymark handbook: sidebar from nav.js, light/dark switch, offline search, map downloads.
(function () {
  "use strict";
  var body = document.body;
  // The way back to the site root: only "./" or a run of "../", never empty, so a URL
  // from nav.js or the search index is always read as a path below it, never as a scheme.
  var root = body.getAttribute("data-root") || "";
  if (!/^(\.\/|(\.\.\/)+)$/.test(root)) root = "./";
  var current = body.getAttribute("data-page") || "";

  // The href of a page the site wrote (`u` relative to the root), or null for anything
  // that would leave this site: a scheme, `//host`, or a URL that resolves elsewhere.
  function siteHref(u) {
    if (typeof u !== "string" || /^[\s\x00-\x1f]*[a-z][a-z0-9+.\-]*:/i.test(u.replace(/[\t\n\r]/g, "")) || /^[\/\\]/.test(u)) return null;
    var h = root + u;
    try {
      var to = new URL(h, location.href);
      if (to.protocol !== location.protocol || to.host !== location.host) return null;
    } catch (e) { return null; }
    return h;
  }

  // Sidebar.
  function build(items) {
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var el;
      var href = item.u ? siteHref(item.u) : null;
      if (href) {
        el = document.createElement("a");
        el.href = href;
        if (item.u === current) { el.setAttribute("aria-current", "page"); li.className = "active"; }
      } else {
        el = document.createElement("span");
        el.className = "part";
      }
      el.textContent = item.t;
      li.appendChild(el);
      if (item.c) li.appendChild(build(item.c));
      ul.appendChild(li);
    });
    return ul;
  }
  var nav = document.getElementById("wm-nav");
  if (nav && window.WAYMARK_NAV) {
    nav.textContent = "";
    nav.appendChild(build(window.WAYMARK_NAV));
    var active = nav.querySelector("[aria-current=page]");
    if (active && active.scrollIntoView) active.scrollIntoView({ block: "center" });
  }
  var menu = document.querySelector(".menu-toggle");
  if (menu) menu.addEventListener("click", function () {
    var open = body.classList.toggle("menu-open");
    menu.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // Light or dark: follows the system until chosen, then remembered.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) toggle.addEventListener("click", function () {
    var html = document.documentElement;
    var dark = html.dataset.theme ? html.dataset.theme === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    html.dataset.theme = dark ? "light" : "dark";
    try { localStorage.setItem("waymark-theme", html.dataset.theme); } catch (e) {}
  });

  // Search. The index (src/site/search) is scripts loaded on demand, so it works from
  // file:// too: docs.js (titles, URLs), keys.js (which shards exist), one shard per first
  // two letters of a word (its words as written, folded, each pointing to its stem's
  // pages) and page-N.js (page N's sections, for the passage shown). Words are stemmed
  // when the site is built; here a query word matches a word of the index whole, through
  // a stem it extends, by prefix or with a typo, and the stems of all those words count.
  var search = window.waymarkSearch = { list: null, have: null, shards: {}, pages: {}, waiting: {} };
  search.docs = function (list) { search.list = list; run(); };
  search.keys = function (list) {
    search.have = {};
    list.forEach(function (k) { search.have[k] = true; });
    run();
  };
  search.shard = function (key, data) { search.shards[key] = data; run(); };
  search.page = function (i, sections) { search.pages[i] = sections; run(); };
  var CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]|[\uD840-\uD87F][\uDC00-\uDFFF]/;
  var WORD = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]|[\uD840-\uD87F][\uDC00-\uDFFF]|(?:(?![\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF])[\p{L}\p{N}\p{M}])+/gu;
  // Folded as the index is: lowercase, no diacritics, ß as ss.
  function fold(w) { return w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "ss"); }
  // Words of `text` with where they stand: [folded, start, end].
  function tokens(text) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var f = fold(m[0]);
      if (f.length > 1 || CJK.test(f)) out.push([f, m.index, m.index + m[0].length]);
    }
    return out;
  }
  function key(term) {
    var head = Array.from(term).slice(0, 2);
    if (/^[a-z0-9]+$/.test(head.join(""))) return head.join("");
    return "u" + head.map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }
  function load(name) {
    if (search.waiting[name]) return;
    search.waiting[name] = true;
    var s = document.createElement("script");
    s.src = root + "search/" + name + ".js";
    s.onerror = function () {
      var page = /^page-(\d+)$/.exec(name);
      if (name === "docs") search.list = [];
      else if (name === "keys") search.have = {};
      else if (page) search.pages[page[1]] = [];
      else search.shards[name] = { w: {}, s: [], p: [] };
      run();
    };
    document.head.appendChild(s);
  }
  // The query: its words, and the phrases (words in quotes, which must stand together).
  function parse(q) {
    var terms = [], phrases = [];
    q.split('"').forEach(function (part, i) {
      var words = tokens(part).map(function (t) { return t[0]; });
      if (i % 2 === 1 && words.length > 1) phrases.push(words);
      words.forEach(function (w) { if (terms.indexOf(w) < 0) terms.push(w); });
    });
    return { terms: terms, phrases: phrases };
  }
  // Edit distance (a swap of neighbours counts one), or more than `max` once it is.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        row.push(d);
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = row;
    }
    return prev[b.length];
  }
  function stemsOf(v) { return typeof v === "number" ? [v] : v; }
  // What a query word matches in its shard: {stem number: quality} and the index's words
  // it stands for (to highlight).
  function expand(t, shard, last) {
    var stems = {}, words = {}, w;
    function take(word, quality) {
      stemsOf(shard.w[word]).forEach(function (s) { if (!(s in stems) || stems[s] < quality) stems[s] = quality; });
    }
    if (t in shard.w) take(t, 1);
    else {
      // A form the pages do not use: the longest stem the word extends by an ending
      // (`returning` → `return`, `übergaben` → `ubergab`).
      var longest = 0, tl = t.length;
      shard.s.forEach(function (s) {
        if (s.length >= 4 && s.length > longest && tl - s.length <= 5 && s.length * 2 >= tl && t.indexOf(s) === 0) longest = s.length;
      });
      if (longest) shard.s.forEach(function (s, i) {
        if (s.length === longest && t.indexOf(s) === 0) stems[i] = 0.8;
      });
    }
    var exact = Object.keys(stems).length > 0;
    var long = Array.from(t).length;
    var max = long >= 9 ? 2 : long >= 5 ? 1 : 0;
    for (w in shard.w) {
      if (w !== t && w.indexOf(t) === 0 && (long >= 3 || last)) take(w, 0.7);
      else if (!exact && max && w !== t && distance(t, w, max) <= max) take(w, max === 1 ? 0.5 : 0.4);
    }
    for (w in shard.w) {
      if (stemsOf(shard.w[w]).some(function (s) { return s in stems; })) words[w] = true;
    }
    return { stems: stems, words: words };
  }
  // Pages with every query word, best first: [[page, score]].
  function rank(q) {
    var scores = null, sets = [], n = search.list.length;
    for (var k = 0; k < q.terms.length; k++) {
      var t = q.terms[k], shard = search.shards[key(t)];
      var x = expand(t, shard, k === q.terms.length - 1);
      sets.push(x.words);
      var hit = {};
      // BM25: the page's score for the stem (tf part, from the index) times its rarity.
      Object.keys(x.stems).forEach(function (s) {
        var p = shard.p[s] || [], d = 0, df = p.length / 2;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (var i = 0; i < p.length; i += 2) {
          d += p[i];
          hit[d] = Math.max(hit[d] || 0, x.stems[s] * p[i + 1] / 100 * idf);
        }
      });
      if (scores === null) scores = hit;
      else Object.keys(scores).forEach(function (d) { if (d in hit) scores[d] += hit[d]; else delete scores[d]; });
    }
    var ranked = Object.keys(scores || {}).map(function (d) { return [+d, scores[d]]; });
    ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { ranked: ranked, sets: sets };
  }
  // How well a section's text answers the query: which words it holds, where, and
  // whether the phrases stand in it.
  function judge(text, q, sets) {
    var toks = tokens(text), which = {}, marks = [];
    toks.forEach(function (tok, i) {
      sets.forEach(function (set, k) { if (set[tok[0]]) { which[k] = true; marks.push(i); } });
    });
    var phrases = q.phrases.every(function (p) {
      var ks = p.map(function (w) { return q.terms.indexOf(w); });
      for (var i = 0; i + ks.length <= toks.length; i++) {
        if (ks.every(function (k, j) { return sets[k][toks[i + j][0]]; })) return true;
      }
      return false;
    });
    return { toks: toks, which: which, count: Object.keys(which).length, marks: marks, phrases: phrases };
  }
  // `text` into `el`, the matched words in <mark>; a window around the first match when
  // `window` is set. Built from text nodes: indexed text is never read as HTML.
  function highlight(el, text, j, window) {
    var from = 0, to = text.length, marked = {};
    j.marks.forEach(function (i) { marked[i] = true; });
    if (window && text.length > window) {
      var first = j.marks.length ? j.toks[j.marks[0]][1] : 0;
      from = Math.max(0, first - Math.round(window / 3));
      if (from > 0) { var sp = text.indexOf(" ", from); from = sp >= 0 && sp < first ? sp + 1 : from; }
      to = Math.min(text.length, from + window);
      if (to < text.length) { var end = text.lastIndexOf(" ", to); to = end > first ? end : to; }
    }
    if (from > 0) el.appendChild(document.createTextNode("… "));
    var at = from;
    j.toks.forEach(function (tok, i) {
      if (!marked[i] || tok[1] < from || tok[2] > to) return;
      el.appendChild(document.createTextNode(text.slice(at, tok[1])));
      var m = document.createElement("mark");
      m.textContent = text.slice(tok[1], tok[2]);
      el.appendChild(m);
      at = tok[2];
    });
    el.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) el.appendChild(document.createTextNode(" …"));
  }
  var SHOWN = 10, PASSAGES = 2;
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  // The count shown atop the results, and told to screen readers by a live region that
  // stays in the page (a region added with its text is not announced).
  var status = document.getElementById("search-status");
  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
    var p = document.createElement("p");
    p.className = "search-status";
    p.setAttribute("aria-hidden", "true");
    p.textContent = text;
    return p;
  }
  function run() {
    if (!input || !results) return;
    var q = parse(input.value);
    if (!q.terms.length) { results.hidden = true; results.textContent = ""; if (status) status.textContent = ""; return; }
    if (!search.list || !search.have) { load("docs"); load("keys"); return; }
    var none = { w: {}, s: [], p: [] };
    // Words whose shard does not exist match nothing; no file is asked for.
    q.terms.forEach(function (t) { if (!search.have[key(t)]) search.shards[key(t)] = none; });
    var missing = q.terms.filter(function (t) { return !(key(t) in search.shards); });
    if (missing.length) { missing.forEach(function (t) { load(key(t)); }); return; }
    var r = rank(q);
    // Phrases are checked in the pages' text, so more pages are read for them.
    var candidates = r.ranked.slice(0, q.phrases.length ? 40 : SHOWN);
    var waiting = candidates.filter(function (c) { return !(c[0] in search.pages); });
    if (waiting.length) { waiting.forEach(function (c) { load("page-" + c[0]); }); return; }
    var groups = [];
    candidates.forEach(function (c) {
      var sections = search.pages[c[0]] || [], doc = search.list[c[0]];
      if (!doc) return;
      var judged = sections.map(function (s, i) {
        var h = judge(s[1], q, r.sets), t = judge(s[2], q, r.sets), all = judge(s[1] + " " + s[2], q, r.sets);
        return { i: i, s: s, h: h, t: t, count: all.count, hits: all.marks.length, phrases: all.phrases };
      }).filter(function (j) { return j.count > 0 && j.phrases; });
      if (q.phrases.length && !judged.length) return;
      judged.sort(function (a, b) { return b.count - a.count || (b.h.count - a.h.count) || b.hits - a.hits || a.i - b.i; });
      // The best passages, as good as the first, each from a different place.
      var passages = [], at = {};
      judged.forEach(function (j) {
        if (passages.length < PASSAGES && j.count === judged[0].count && !at[j.s[0]]) { at[j.s[0]] = true; passages.push(j); }
      });
      groups.push({ doc: doc, sections: sections, passages: passages });
    });
    groups = groups.slice(0, SHOWN);
    results.textContent = "";
    results.hidden = false;
    if (!groups.length) { results.appendChild(say(input.getAttribute("data-no-results"))); return; }
    var count = r.ranked.length;
    if (q.phrases.length) count = groups.length;
    results.appendChild(say((input.getAttribute("data-results") || "{n}").replace("{n}", count)));
    var ul = document.createElement("ul");
    ul.className = "search-groups";
    groups.forEach(function (g) {
      var li = document.createElement("li");
      li.className = "search-group";
      var title = document.createElement("div");
      title.className = "search-page";
      highlight(title, g.doc.t, judge(g.doc.t, q, r.sets), 0);
      li.appendChild(title);
      var hits = document.createElement("ul");
      // A page found by its title alone shows its opening.
      var first = g.sections[0] || ["", "", ""];
      var passages = g.passages.length ? g.passages : [{ s: first, h: judge(first[1], q, r.sets), t: judge(first[2], q, r.sets) }];
      passages.forEach(function (p) {
        var base = siteHref(g.doc.u);
        var item = document.createElement("li");
        var a = document.createElement(base ? "a" : "span");
        a.className = "search-hit";
        if (base) a.href = base + (p.s[0] ? "#" + encodeURIComponent(p.s[0]) : "");
        if (p.s[1] && p.s[1] !== g.doc.t) {
          var where = document.createElement("span");
          where.className = "search-where";
          highlight(where, p.s[1], p.h, 0);
          a.appendChild(where);
        }
        if (p.s[2]) {
          var text = document.createElement("span");
          text.className = "search-passage";
          highlight(text, p.s[2], p.t, 170);
          a.appendChild(text);
        }
        item.appendChild(a);
        hits.appendChild(item);
      });
      li.appendChild(hits);
      ul.appendChild(li);
    });
    results.appendChild(ul);
    var hint = document.createElement("p");
    hint.className = "search-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = input.getAttribute("data-hint") || "";
    if (hint.textContent) results.appendChild(hint);
  }
  if (input) {
    input.addEventListener("input", run);
    // Keyboard: `/` anywhere focuses search, arrows move through the results, Enter opens
    // one (it is a link), Esc clears and returns to the field.
    var hits = function () { return results ? Array.prototype.slice.call(results.querySelectorAll("a")) : []; };
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.focus();
        input.select();
        return;
      }
      var list = hits(), at = list.indexOf(document.activeElement);
      if (t !== input && at < 0) return;
      if (e.key === "Escape") {
        input.value = "";
        run();
        input.focus();
      } else if (e.key === "ArrowDown" && list.length) {
        e.preventDefault();
        list[Math.min(at + 1, list.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        (at === 0 ? input : list[at - 1]).focus();
      }
    });
  }

  // Downloads made from the page: no file beside it but the map's JSON. The picture is
  // the inline SVG (a table-layout map keeps its picture in a <template>), cleaned of what
  // the viewer set on it; the CSV travels in the button's data-csv.
  function picture(id) {
    var tpl = document.getElementById(id + "-picture");
    var svg = tpl && tpl.content ? tpl.content.querySelector("svg") : document.getElementById(id);
    if (!svg) return null;
    var copy = svg.cloneNode(true);
    ["style", "aria-describedby"].forEach(function (a) { copy.removeAttribute(a); });
    return copy;
  }
  function save(name, href) {
    var a = document.createElement("a");
    a.download = name;
    a.href = href;
    document.body.appendChild(a);
    a.click();
    a.remove();
    if (href.indexOf("blob:") === 0) setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
  }
  function blob(text, type) {
    return URL.createObjectURL(new Blob([text], { type: type }));
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest(".wm-png, .wm-svg, .wm-csv");
    if (!btn) return;
    var name = btn.getAttribute("data-name");
    if (btn.classList.contains("wm-csv")) {
      save(name, blob(btn.getAttribute("data-csv") || "", "text/csv;charset=utf-8"));
      return;
    }
    var svg = picture(btn.getAttribute("data-map"));
    if (!svg) return;
    var data = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
    if (btn.classList.contains("wm-svg")) {
      save(name, blob(data, "image/svg+xml;charset=utf-8"));
      return;
    }
    var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
    var img = new Image();
    img.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = w * 2; canvas.height = h * 2;
      var ctx = canvas.getContext("2d");
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0, w, h);
      save(name, canvas.toDataURL("image/png"));
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(data);
  });
})();

// ---- Registers (pain points, opportunities): filter and sort the table. ----
// The page lists every row, sorted, without this. Here the filter form the page wrote is
// shown, each row's values are read from its data-filter (JSON lists), column headers
// marked data-sort-key become sort buttons, and the state lives in the URL's query
// (`?severity=high&journey=…&sort=step&order=ascending`), so a link carries it.
(function () {
  "use strict";
  var form = document.querySelector("form.wm-filters");
  var table = form && document.getElementById(form.getAttribute("data-for"));
  if (!table || !table.tBodies.length || !window.URLSearchParams) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var values = rows.map(function (r) {
    try { return JSON.parse(r.getAttribute("data-filter") || "{}") || {}; } catch (e) { return {}; }
  });
  rows.forEach(function (r, i) { r.setAttribute("data-wm-index", i); });
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var count = form.querySelector(".wm-count");
  var none = table.closest(".table-wrap") && table.closest(".table-wrap").nextElementSibling;
  if (none && !none.classList.contains("wm-none")) none = null;
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells).filter(function (th) { return th.hasAttribute("data-sort-key"); });
  var lang = document.documentElement.lang || undefined;
  var sorted = null; // { th, dir } once a reader sorts; null is the page's own order.

  function cellValue(row, th) {
    var cell = row.cells[th.cellIndex];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  function compare(a, b) {
    // Empty cells last, whichever the direction; numbers as numbers, words as the
    // page's language sorts them.
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, lang, { numeric: true, sensitivity: "base" });
  }
  function sortRows() {
    var order = rows.slice();
    if (sorted) {
      var th = sorted.th, sign = sorted.dir === "descending" ? -1 : 1;
      order.sort(function (p, q) {
        var a = cellValue(p, th), b = cellValue(q, th);
        var c = a === "" || b === "" ? compare(a, b) : sign * compare(a, b);
        return c || Number(p.getAttribute("data-wm-index")) - Number(q.getAttribute("data-wm-index"));
      });
    }
    order.forEach(function (r) { tbody.appendChild(r); });
    heads.forEach(function (th) {
      if (sorted ? th === sorted.th : th.hasAttribute("data-wm-default")) th.setAttribute("aria-sort", sorted ? sorted.dir : th.getAttribute("data-wm-default"));
      else th.removeAttribute("aria-sort");
    });
  }
  function filterRows() {
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = selects.every(function (s) {
        return !s.value || (values[i][s.name] || []).indexOf(s.value) >= 0;
      });
      r.hidden = !ok;
      if (ok) shown++;
    });
    if (count) {
      var words = form.getAttribute("data-shown") || "{shown} / {total}";
      count.textContent = words.replace("{shown}", shown).replace("{total}", rows.length);
    }
    if (none) none.hidden = shown > 0;
    // The matrix square the filters show, if any, is marked.
    Array.prototype.forEach.call(document.querySelectorAll("a.wm-m-link"), function (a) {
      var q = new URLSearchParams((a.getAttribute("href") || "").split("?")[1] || "");
      var same = selects.every(function (s) { return (q.get(s.name) || "") === s.value; });
      if (same) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
  }
  function toUrl(push) {
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); else params.delete(s.name); });
    if (sorted) { params.set("sort", sorted.th.getAttribute("data-sort-key")); params.set("order", sorted.dir); }
    else { params.delete("sort"); params.delete("order"); }
    var q = params.toString();
    var url = location.pathname + (q ? "?" + q : "") + location.hash;
    try { history[push ? "pushState" : "replaceState"](null, "", url); } catch (e) { /* a file:// page may refuse */ }
  }
  function fromUrl() {
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name) || "";
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === v; });
      s.value = known ? v : "";
    });
    var key = params.get("sort"), dir = params.get("order");
    var th = heads.filter(function (h) { return h.getAttribute("data-sort-key") === key; })[0];
    sorted = th ? { th: th, dir: dir === "descending" ? "descending" : "ascending" } : null;
    sortRows();
    filterRows();
  }

  // Sort buttons: the header's words inside a button, so a keyboard reaches them.
  heads.forEach(function (th) {
    if (th.hasAttribute("aria-sort")) th.setAttribute("data-wm-default", th.getAttribute("aria-sort"));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "wm-sort";
    while (th.firstChild) button.appendChild(th.firstChild);
    var mark = document.createElement("span");
    mark.className = "wm-sort-mark";
    mark.setAttribute("aria-hidden", "true");
    button.appendChild(mark);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var now = th.getAttribute("aria-sort");
      var first = th.getAttribute("data-sort-first") || "ascending";
      var dir = now ? (now === "ascending" ? "descending" : "ascending") : first;
      sorted = { th: th, dir: dir };
      sortRows();
      toUrl(false);
    });
  });
  selects.forEach(function (s) {
    s.addEventListener("change", function () { filterRows(); toUrl(false); });
  });
  form.addEventListener("reset", function () {
    // After the browser has reset the selects.
    setTimeout(function () { filterRows(); toUrl(false); }, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  // A link to this same list with other filters (the matrix's squares) filters in place.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var to;
    try { to = new URL(a.getAttribute("href") || a.href.baseVal || "", location.href); } catch (err) { return; }
    if (to.pathname !== location.pathname || to.origin !== location.origin || !to.search) return;
    e.preventDefault();
    try { history.pushState(null, "", to.pathname + to.search); } catch (err) { location.href = to.href; return; }
    fromUrl();
    form.scrollIntoView({ block: "start" });
  });
  window.addEventListener("popstate", fromUrl);

  form.hidden = false;
  fromUrl();
})();
