// waymark map viewer: fit, zoom, full screen, frozen lane labels and stage headers, step
// links and step details. Works on any page with waymark figures (handbook, mdBook, the
// output of `waymark render --viewer`); without it the maps stay in their scroll boxes.
(function () {
  "use strict";
  if (window.waymarkViewer) return;
  window.waymarkViewer = true;

  // Interface words: English unless the page carries its own on #wm-viewer-words.
  var words = {
    toolbar: "Map view", fit: "Fit", zoomIn: "Zoom in", zoomOut: "Zoom out", actual: "100 %",
    full: "Full screen", exitFull: "Leave full screen", more: "More to the right: scroll or drag",
    step: "All lanes of this step", close: "Close", link: "Link to this step"
  };
  var given = document.getElementById("wm-viewer-words");
  if (given) Object.keys(words).forEach(function (k) {
    var v = given.getAttribute("data-" + k.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }));
    if (v) words[k] = v;
  });
  // Elsewhere (mdBook, `waymark render --viewer`) the words of the page's language.
  else if (window.waymarkViewerWords) {
    var lang = (document.documentElement.lang || "en").split(/[-_]/)[0].toLowerCase();
    var dict = window.waymarkViewerWords[lang] || {};
    Object.keys(words).forEach(function (k) { if (dict[k]) words[k] = dict[k]; });
  }
  var reduced = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : { matches: true };
  // Below this a map's text is too small to read: it opens here instead, and says it continues.
  var LEGIBLE = 0.62, MIN = 0.1, MAX = 4, STEP = 1.25;
  var viewers = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // Toolbar icons as paths, so they need no font.
  var ICONS = {
    fit: "M2 8h12M2 8l3-3M2 8l3 3M14 8l-3-3M14 8l-3 3",
    out: "M3 8h10",
    "in": "M3 8h10M8 3v10",
    full: "M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4"
  };
  function button(cls, label, glyph, act) {
    var b = el("button", "wm-tool " + cls);
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.title = label;
    var g;
    if (ICONS[glyph]) {
      g = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      g.setAttribute("viewBox", "0 0 16 16");
      g.setAttribute("width", "16");
      g.setAttribute("height", "16");
      var p = document.createElementNS("http://www.w3.org/2000/svg", "path");
      p.setAttribute("d", ICONS[glyph]);
      p.setAttribute("fill", "none");
      p.setAttribute("stroke", "currentColor");
      p.setAttribute("stroke-width", "1.6");
      p.setAttribute("stroke-linecap", "round");
      g.appendChild(p);
    } else g = el("span", null, glyph);
    g.setAttribute("aria-hidden", "true");
    b.appendChild(g);
    b.addEventListener("click", act);
    return b;
  }

  function Viewer(fig, box, svg) {
    var v = this;
    v.fig = fig; v.box = box; v.svg = svg;
    v.w = svg.width.baseVal.value; v.h = svg.height.baseVal.value;
    var frame = (svg.getAttribute("data-wm-frame") || "").split(" ").map(Number);
    v.frame = frame.length === 3 && frame.every(isFinite) ? frame : null;
    v.scale = 1; v.mode = "auto"; v.full = false;
    fig.classList.add("wm-viewer");
    box.style.overflow = "auto";
    v.stage = el("div", "wm-stage");
    box.parentNode.insertBefore(v.stage, box);
    v.stage.appendChild(box);
    v.bar = el("div", "wm-toolbar");
    v.bar.setAttribute("role", "toolbar");
    v.bar.setAttribute("aria-label", words.toolbar);
    if (!box.id) box.id = svg.id + "-box";
    v.bar.setAttribute("aria-controls", box.id);
    v.level = el("output", "wm-level");
    v.level.setAttribute("aria-live", "polite");
    v.fullBtn = button("wm-full-btn", words.full, "full", function () { v.toggleFull(); });
    v.fullBtn.setAttribute("aria-pressed", "false");
    [button("wm-fit", words.fit, "fit", function () { v.fit(); }),
      button("wm-out", words.zoomOut, "out", function () { v.zoom(1 / STEP); }),
      v.level,
      button("wm-in", words.zoomIn, "in", function () { v.zoom(STEP); }),
      button("wm-actual", words.actual, "1:1", function () { v.set(1, "free"); }),
      v.fullBtn].forEach(function (b) { v.bar.appendChild(b); });
    fig.insertBefore(v.bar, v.stage);
    v.more = el("div", "wm-more");
    v.more.appendChild(el("span", null, words.more + " →"));
    v.more.setAttribute("aria-hidden", "true");
    v.stage.appendChild(v.more);
    if (v.frame) v.freeze();
    v.steps();
    v.input();
    box.addEventListener("scroll", function () { v.sync(); }, { passive: true });
    v.auto();
  }

  // The width (and in full screen the height) the map may take.
  Viewer.prototype.room = function () {
    if (this.full) return [this.box.clientWidth, this.box.clientHeight];
    var parent = this.fig.parentElement ? this.fig.parentElement.clientWidth : window.innerWidth;
    var w = parent;
    // In the handbook a wide map breaks out of the text column, up to the window's edge
    // (or the page's table of contents).
    if (document.body.hasAttribute("data-root") && this.fig.closest("article.content")) {
      var right = document.documentElement.clientWidth - 16;
      var toc = document.querySelector(".toc");
      if (toc && toc.offsetWidth) right = Math.min(right, toc.getBoundingClientRect().left - 8);
      w = Math.max(parent, right - this.fig.parentElement.getBoundingClientRect().left);
    }
    return [w - 2, Infinity];
  };
  Viewer.prototype.fitScale = function () {
    var r = this.room();
    return Math.min(this.full ? 2 : 1, r[0] / this.w, r[1] / this.h);
  };
  Viewer.prototype.auto = function () {
    var s = this.fitScale();
    this.set(s < LEGIBLE ? Math.min(1, LEGIBLE) : s, "auto");
  };
  Viewer.prototype.fit = function () { this.set(this.fitScale(), "fit"); };
  Viewer.prototype.zoom = function (f, cx, cy) { this.set(this.scale * f, "free", cx, cy); };

  // Zooms to `s`, keeping the point at (cx, cy) of the box (its centre by default) still.
  Viewer.prototype.set = function (s, mode, cx, cy) {
    var box = this.box, old = this.scale;
    s = Math.max(MIN, Math.min(MAX, s));
    if (cx === undefined) { cx = box.clientWidth / 2; cy = Math.min(box.clientHeight, window.innerHeight) / 2; }
    var px = (box.scrollLeft + cx) / old, py = (box.scrollTop + cy) / old;
    this.scale = s; this.mode = mode;
    var w = this.w * s, h = this.h * s;
    this.svg.style.width = w + "px";
    this.svg.style.height = h + "px";
    this.svg.style.maxWidth = "none";
    var room = this.room();
    this.fig.style.width = this.full ? "" : Math.min(room[0] + 2, w + 2) + "px";
    box.style.width = this.full ? "" : "100%";
    box.style.maxHeight = this.full ? "" : "80vh";
    box.scrollLeft = px * s - cx;
    box.scrollTop = py * s - cy;
    this.level.textContent = Math.round(s * 100) + " %";
    this.fig.setAttribute("data-wm-scale", s.toFixed(4));
    this.sync();
  };

  // Frozen panes: copies of the map clipped to its lane labels and its stage headers,
  // shown over the box once those have scrolled out of it.
  Viewer.prototype.freeze = function () {
    var v = this, id = v.svg.id;
    function copy(cls, suffix) {
      var pane = el("div", "wm-freeze " + cls);
      pane.setAttribute("aria-hidden", "true");
      var c = v.svg.cloneNode(true);
      var nid = id + "-" + suffix;
      Array.prototype.forEach.call(c.querySelectorAll(".wm-steps"), function (n) { n.remove(); });
      Array.prototype.forEach.call(c.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
      Array.prototype.forEach.call(c.querySelectorAll("[tabindex]"), function (n) { n.removeAttribute("tabindex"); });
      Array.prototype.forEach.call(c.querySelectorAll("a"), function (n) { n.setAttribute("tabindex", "-1"); });
      ["aria-details", "aria-labelledby", "role"].forEach(function (a) { c.removeAttribute(a); });
      c.id = nid;
      // A copy is no map of its own: nothing that counts or reads maps should find it.
      c.setAttribute("class", (c.getAttribute("class") || "").replace(/\bwaymark-map\b/, "wm-frozen-copy"));
      var st = c.querySelector("style");
      if (st) st.textContent = st.textContent.split("#" + id + " ").join("#" + nid + " ");
      pane.appendChild(c);
      v.stage.appendChild(pane);
      return pane;
    }
    v.left = copy("wm-freeze-left", "labels");
    v.top = copy("wm-freeze-top", "heads");
    // Where both meet, the map's own top-left corner, so neither pane shows through.
    v.corner = copy("wm-freeze-corner", "corner");
  };

  Viewer.prototype.sync = function () {
    var box = this.box, s = this.scale;
    var more = box.scrollWidth - box.clientWidth - box.scrollLeft > 2;
    this.fig.classList.toggle("wm-continues", more);
    if (!this.frame) return;
    var f = this.frame, bl = box.offsetLeft + box.clientLeft, bt = box.offsetTop + box.clientTop;
    var w = this.w * s + "px", h = this.h * s + "px";
    var showLeft = box.scrollLeft > 1;
    this.left.hidden = !showLeft;
    if (showLeft) {
      this.left.style.left = bl + "px"; this.left.style.top = bt + "px";
      this.left.style.width = f[0] * s + "px"; this.left.style.height = box.clientHeight + "px";
      var lc = this.left.firstChild;
      lc.style.width = w; lc.style.height = h;
      lc.style.transform = "translate(0," + -box.scrollTop + "px)";
    }
    var showTop = box.scrollTop > f[1] * s + 1;
    this.top.hidden = !showTop;
    this.corner.hidden = !(showTop && showLeft);
    if (showTop) {
      this.top.style.left = bl + "px"; this.top.style.top = bt + "px";
      this.top.style.width = box.clientWidth + "px"; this.top.style.height = (f[2] - f[1]) * s + "px";
      var tc = this.top.firstChild;
      tc.style.width = w; tc.style.height = h;
      tc.style.transform = "translate(" + -box.scrollLeft + "px," + -f[1] * s + "px)";
    }
    if (showTop && showLeft) {
      this.corner.style.left = bl + "px"; this.corner.style.top = bt + "px";
      this.corner.style.width = f[0] * s + "px"; this.corner.style.height = (f[2] - f[1]) * s + "px";
      var cc = this.corner.firstChild;
      cc.style.width = w; cc.style.height = h;
      cc.style.transform = "translate(0," + -f[1] * s + "px)";
    }
  };

  Viewer.prototype.toggleFull = function (leave) {
    var v = this, fig = v.fig;
    var on = leave ? false : !v.full;
    if (on === v.full) return;
    v.full = on;
    fig.classList.toggle("wm-full", on);
    document.documentElement.classList.toggle("wm-has-full", on);
    v.fullBtn.setAttribute("aria-pressed", on ? "true" : "false");
    v.fullBtn.setAttribute("aria-label", on ? words.exitFull : words.full);
    v.fullBtn.title = on ? words.exitFull : words.full;
    if (on) {
      v.before = { scale: v.scale, mode: v.mode };
      if (fig.requestFullscreen) { try { var p = fig.requestFullscreen(); if (p && p.catch) p.catch(function () {}); } catch (e) {} }
      v.fit();
      v.box.focus({ preventScroll: true });
    } else {
      if (document.fullscreenElement === fig && document.exitFullscreen) { try { var q = document.exitFullscreen(); if (q && q.catch) q.catch(function () {}); } catch (e) {} }
      if (v.before && v.before.mode !== "free") { if (v.before.mode === "fit") v.fit(); else v.auto(); }
      else v.set(v.before ? v.before.scale : 1, "free");
      v.fullBtn.focus({ preventScroll: true });
    }
  };

  // Steps: focusable anchors that open the step's details; a click on a column does too.
  Viewer.prototype.steps = function () {
    var v = this;
    var heads = v.fig.querySelectorAll(".waymark-table thead tr:nth-child(2) > *");
    v.stepEls = Array.prototype.slice.call(v.svg.querySelectorAll(".wm-step"));
    // Steps that take focus make the picture a document of its own, as links in it do:
    // an image holds nothing interactive.
    if (v.stepEls.length) v.svg.setAttribute("role", "graphics-document");
    v.stepEls.forEach(function (r) {
      var col = +r.getAttribute("data-col");
      var name = heads[col + 1] ? heads[col + 1].textContent : r.id;
      r.setAttribute("tabindex", "0");
      r.setAttribute("role", "button");
      r.setAttribute("aria-haspopup", "dialog");
      r.setAttribute("aria-label", name);
      r.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); v.details(r, null); }
      });
    });
  };
  Viewer.prototype.stepAt = function (clientX, clientY) {
    var rect = this.svg.getBoundingClientRect(), s = this.scale;
    var x = (clientX - rect.left) / s, y = (clientY - rect.top) / s;
    if (this.frame && y < this.frame[1]) return null;
    for (var i = 0; i < this.stepEls.length; i++) {
      var r = this.stepEls[i], rx = r.x.baseVal.value, rw = r.width.baseVal.value;
      if (x >= rx && x < rx + rw) return r;
    }
    return null;
  };

  // The step's details: every lane's cell of its table column, copied from the table.
  Viewer.prototype.details = function (r, at) {
    closePop();
    var v = this, col = +r.getAttribute("data-col");
    var pop = el("div", "wm-pop");
    pop.setAttribute("role", "dialog");
    var hid = r.id + "-pop";
    var h = el("h3", null, r.getAttribute("aria-label"));
    h.id = hid;
    pop.setAttribute("aria-labelledby", hid);
    pop.appendChild(h);
    var dl = el("dl");
    Array.prototype.forEach.call(v.fig.querySelectorAll(".waymark-table tbody tr"), function (tr) {
      var th = tr.querySelector("th"), at0 = 0, cell = null;
      Array.prototype.forEach.call(tr.querySelectorAll("td"), function (td) {
        var span = +(td.getAttribute("colspan") || 1);
        if (!cell && col >= at0 && col < at0 + span) cell = td;
        at0 += span;
      });
      if (!th || !cell || !cell.textContent.trim()) return;
      dl.appendChild(el("dt", null, th.textContent));
      var dd = el("dd");
      Array.prototype.forEach.call(cell.childNodes, function (n) { dd.appendChild(n.cloneNode(true)); });
      dl.appendChild(dd);
    });
    pop.appendChild(dl);
    var foot = el("p", "wm-pop-foot");
    var a = el("a", null, words.link);
    a.href = "#" + r.id;
    foot.appendChild(a);
    var close = el("button", "wm-pop-close", words.close);
    close.type = "button";
    close.addEventListener("click", function () { closePop(true); });
    foot.appendChild(close);
    pop.appendChild(foot);
    pop.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.stopPropagation(); closePop(true); } });
    v.stage.appendChild(pop);
    var sr = v.stage.getBoundingClientRect(), rr = r.getBoundingClientRect();
    var x = at ? at[0] : Math.max(rr.left, sr.left) + 12, y = at ? at[1] : Math.max(rr.top, sr.top) + 40;
    var left = Math.max(4, Math.min(x - sr.left, v.stage.clientWidth - pop.offsetWidth - 4));
    pop.style.left = left + "px";
    pop.style.top = Math.max(4, y - sr.top) + "px";
    openPop = { pop: pop, from: r };
    h.tabIndex = -1;
    h.focus({ preventScroll: true });
    if (pop.getBoundingClientRect().bottom > window.innerHeight) pop.scrollIntoView({ block: "nearest" });
  };
  var openPop = null;
  function closePop(refocus) {
    if (!openPop) return;
    var o = openPop;
    openPop = null;
    o.pop.remove();
    if (refocus && o.from) o.from.focus({ preventScroll: true });
  }
  document.addEventListener("pointerdown", function (e) {
    if (openPop && !openPop.pop.contains(e.target)) closePop(false);
  });

  // Mouse, wheel, touch and keys.
  Viewer.prototype.input = function () {
    var v = this, box = v.box, drag = null, pinch = {}, moved = false;
    box.addEventListener("wheel", function (e) {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      var r = box.getBoundingClientRect();
      v.zoom(Math.exp(-e.deltaY * 0.002), e.clientX - r.left - box.clientLeft, e.clientY - r.top - box.clientTop);
    }, { passive: false });
    box.addEventListener("pointerdown", function (e) {
      if (e.pointerType === "touch") {
        pinch[e.pointerId] = [e.clientX, e.clientY];
        return;
      }
      if (e.button !== 0 || (e.target.closest && e.target.closest("a"))) return;
      drag = { x: e.clientX, y: e.clientY, l: box.scrollLeft, t: box.scrollTop };
      moved = false;
    });
    box.addEventListener("pointermove", function (e) {
      if (e.pointerType === "touch" && pinch[e.pointerId]) {
        var ids = Object.keys(pinch);
        var before = ids.length === 2 ? dist(pinch) : 0;
        pinch[e.pointerId] = [e.clientX, e.clientY];
        if (ids.length === 2 && before > 0) {
          e.preventDefault();
          var r = box.getBoundingClientRect();
          var mid = [(pinch[ids[0]][0] + pinch[ids[1]][0]) / 2 - r.left, (pinch[ids[0]][1] + pinch[ids[1]][1]) / 2 - r.top];
          v.zoom(dist(pinch) / before, mid[0], mid[1]);
        }
        return;
      }
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!moved) { moved = true; box.setPointerCapture(e.pointerId); box.classList.add("wm-dragging"); }
      box.scrollLeft = drag.l - dx;
      box.scrollTop = drag.t - dy;
    });
    function end(e) {
      delete pinch[e.pointerId];
      if (drag) { drag = null; box.classList.remove("wm-dragging"); }
    }
    box.addEventListener("pointerup", end);
    box.addEventListener("pointercancel", end);
    box.addEventListener("click", function (e) {
      if (moved) { moved = false; e.preventDefault(); return; }
      if (e.target.closest && e.target.closest("a")) return;
      var r = v.stepAt(e.clientX, e.clientY);
      if (r) v.details(r, [e.clientX, e.clientY]);
    });
    box.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var k = e.key;
      if (k === "+" || k === "=") v.zoom(STEP);
      else if (k === "-" || k === "_") v.zoom(1 / STEP);
      else if (k === "0") v.set(1, "free");
      else if (k === "f" || k === "F") v.toggleFull();
      else return;
      e.preventDefault();
    });
  };
  function dist(p) {
    var k = Object.keys(p), a = p[k[0]], b = p[k[1]];
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    if (openPop) { closePop(true); return; }
    viewers.forEach(function (v) { if (v.full) v.toggleFull(true); });
  });
  document.addEventListener("fullscreenchange", function () {
    viewers.forEach(function (v) { if (v.full && document.fullscreenElement !== v.fig) v.toggleFull(true); });
  });
  var resizing = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(function () {
      viewers.forEach(function (v) { if (v.mode === "fit") v.fit(); else if (v.mode === "auto") v.auto(); else v.sync(); });
    });
  });

  // A link to a step: the map comes into view, panned to the step, which is highlighted.
  function toStep() {
    var id = decodeURIComponent(location.hash.slice(1));
    var r = id && document.getElementById(id);
    if (!r || !r.classList || !r.classList.contains("wm-step")) return;
    viewers.forEach(function (v) {
      if (v.stepEls.indexOf(r) < 0) return;
      var box = v.box, s = v.scale, x = r.x.baseVal.value, w = r.width.baseVal.value;
      var labels = v.frame ? v.frame[0] * s : 0;
      box.scrollLeft = Math.max(0, (x + w / 2) * s - labels / 2 - box.clientWidth / 2);
      v.sync();
      v.fig.scrollIntoView({ block: "start", behavior: reduced.matches ? "auto" : "smooth" });
      r.focus({ preventScroll: true });
    });
  }

  // In mdBook a map's table text and tooltips are attributes (so mdBook's search index
  // reads each word once, see src/mdbook/once.rs); here they become text again.
  function restoreText() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.waymark-figure [data-wm-text]"), function (c) {
      c.getAttribute("data-wm-text").split("\n").forEach(function (line, i) {
        if (i) c.appendChild(document.createElement("br"));
        c.appendChild(document.createTextNode(line));
      });
      c.removeAttribute("data-wm-text");
    });
    Array.prototype.forEach.call(document.querySelectorAll("figure.waymark-figure g[data-wm-title]"), function (g) {
      var t = document.createElementNS("http://www.w3.org/2000/svg", "title");
      t.textContent = g.getAttribute("data-wm-title");
      g.insertBefore(t, g.firstChild);
      g.removeAttribute("data-wm-title");
    });
  }

  function start() {
    restoreText();
    Array.prototype.forEach.call(document.querySelectorAll("figure.waymark-figure"), function (fig) {
      if (fig.classList.contains("wm-viewer") || fig.classList.contains("waymark-layout-table")) return;
      var box = fig.querySelector(".waymark-scroll");
      var svg = box && box.querySelector("svg.waymark-map");
      if (!svg || !svg.width || !svg.width.baseVal) return;
      viewers.push(new Viewer(fig, box, svg));
    });
    window.addEventListener("hashchange", toStep);
    if (location.hash) requestAnimationFrame(toStep);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
