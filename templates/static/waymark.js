// waymark handbook: sidebar from nav.js, light/dark switch, offline search, PNG downloads.
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

  // Search: shards are scripts, loaded on demand.
  var search = window.waymarkSearch = { list: null, shards: {}, waiting: {} };
  search.docs = function (list) { search.list = list; run(); };
  search.shard = function (key, terms) { search.shards[key] = terms; run(); };
  function key(term) {
    var c = term.charAt(0);
    return /[a-z0-9]/.test(c) ? c : "u" + term.codePointAt(0).toString(16);
  }
  function load(name) {
    if (search.waiting[name]) return;
    search.waiting[name] = true;
    var s = document.createElement("script");
    s.src = root + "search/" + name + ".js";
    s.onerror = function () { search.shards[name.replace(/^docs$/, "")] = search.shards[name] || {}; run(); };
    document.head.appendChild(s);
  }
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  function words(q) {
    // Folded as the index is: lowercase, no diacritics, ß as ss.
    var folded = q.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "ss");
    return (folded.match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) { return w.length > 1 || /[\u2E80-\u9FFF]/.test(w); });
  }
  function run() {
    if (!input || !results) return;
    var terms = words(input.value);
    if (!terms.length) { results.hidden = true; results.textContent = ""; return; }
    if (!search.list) { load("docs"); return; }
    var missing = terms.filter(function (t) { return !(key(t) in search.shards); });
    if (missing.length) { missing.forEach(function (t) { load(key(t)); }); return; }
    var scores = {};
    terms.forEach(function (t, i) {
      var shard = search.shards[key(t)] || {};
      var hit = {};
      Object.keys(shard).forEach(function (term) {
        if (term.indexOf(t) !== 0) return;
        shard[term].forEach(function (p) { hit[p[0]] = (hit[p[0]] || 0) + p[1] * (term === t ? 2 : 1); });
      });
      Object.keys(hit).forEach(function (d) {
        if (i === 0) scores[d] = hit[d];
        else if (d in scores) scores[d] += hit[d];
      });
      if (i > 0) Object.keys(scores).forEach(function (d) { if (!(d in hit)) delete scores[d]; });
    });
    var ranked = Object.keys(scores).sort(function (a, b) { return scores[b] - scores[a]; }).slice(0, 12);
    results.textContent = "";
    results.hidden = false;
    if (!ranked.length) {
      var p = document.createElement("p");
      p.textContent = input.getAttribute("data-no-results");
      results.appendChild(p);
      return;
    }
    var ul = document.createElement("ul");
    ranked.forEach(function (d) {
      var doc = search.list[d];
      var li = document.createElement("li");
      var href = siteHref(doc.u);
      var a = document.createElement(href ? "a" : "span");
      if (href) a.href = href;
      var strong = document.createElement("strong");
      strong.textContent = doc.t;
      var small = document.createElement("small");
      small.textContent = doc.s;
      a.appendChild(strong);
      a.appendChild(small);
      li.appendChild(a);
      ul.appendChild(li);
    });
    results.appendChild(ul);
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

  // PNG download: draw the map's SVG on a canvas.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest(".wm-png");
    if (!btn) return;
    var svg = document.getElementById(btn.getAttribute("data-map"));
    if (!svg) return;
    var w = svg.width.baseVal.value, h = svg.height.baseVal.value;
    var data = new XMLSerializer().serializeToString(svg);
    var img = new Image();
    img.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = w * 2; canvas.height = h * 2;
      var ctx = canvas.getContext("2d");
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0, w, h);
      var a = document.createElement("a");
      a.download = btn.getAttribute("data-name");
      a.href = canvas.toDataURL("image/png");
      document.body.appendChild(a);
      a.click();
      a.remove();
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
