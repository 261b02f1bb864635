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
