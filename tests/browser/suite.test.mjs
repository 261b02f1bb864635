// End-to-end tests in Debian's Chromium: the example handbook served by `waymark serve`,
// driven as a person would. Screenshots of every page go to $WAYMARK_SCREENSHOTS
// (default target/browser-screenshots).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, "../..");
const BIN = process.env.WAYMARK_BIN || path.join(ROOT, "target/debug/waymark");
const SHOTS = process.env.WAYMARK_SCREENSHOTS || path.join(ROOT, "target/browser-screenshots");
const AXE = fs.readFileSync(path.join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const LAYOUTS = ["map", "timeline", "table", "storyboard"];
const THEMES = ["light", "dark", "high-contrast", "print"];

let work, site, server, base, browser, pages;

/** Every .html page of a built site, as URL paths. */
function htmlPages(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...htmlPages(path.join(dir, entry.name), rel + "/"));
    else if (entry.name.endsWith(".html")) out.push(rel);
  }
  return out;
}

/** A page holding one journey in every layout and theme. */
function matrixPage() {
  const body = fs.readFileSync(path.join(ROOT, "tests/corpus/extended/ebike-purchase.journey"), "utf8");
  let md = "---\ntitle: Layout and theme matrix\n---\n\n# Layout and theme matrix\n\n";
  for (const layout of LAYOUTS)
    for (const theme of THEMES) md += `## ${layout}, ${theme}\n\n\`\`\`journey layout=${layout} theme=${theme}\n${body}\`\`\`\n\n`;
  return md;
}

async function waitForServer(proc) {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error("waymark serve did not start:\n" + seen)), 60000);
    proc.stderr.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on("exit", (code) => reject(new Error(`waymark serve exited with ${code}:\n${seen}`)));
  });
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "waymark-browser-"));
  site = path.join(work, "site");
  fs.cpSync(path.join(ROOT, "example-site"), site, { recursive: true });
  fs.writeFileSync(path.join(site, "matrix.md"), matrixPage());
  fs.mkdirSync(SHOTS, { recursive: true });
  const built = path.join(work, "built");
  execFileSync(BIN, ["build", site, "--out", built], { stdio: "pipe" });
  pages = htmlPages(built);
  server = spawn(BIN, ["serve", site, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  base = await waitForServer(server);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGINT");
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A new tab at `width` that records console errors and failed requests. */
async function open(width, colorScheme = "light", height = 900) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => msg.type() === "error" && problems.push(`console: ${msg.text()}`));
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => {
    // The reload stream is cut when the tab closes or reloads; that is no failure.
    // Requests cut short by a navigation (ERR_ABORTED) are not failures of the site.
    if (!req.url().includes("/__waymark/") && req.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on("response", (res) => res.status() >= 400 && problems.push(`HTTP ${res.status()}: ${res.url()}`));
  return { context, page, problems };
}

function shotName(p, suffix) {
  return path.join(SHOTS, p.replace(/\//g, "__").replace(/\.html$/, "") + suffix + ".png");
}

test("every page loads with no console errors and no failed requests", async () => {
  assert.ok(pages.length >= 10, `only ${pages.length} pages built`);
  const { context, page, problems } = await open(1440);
  for (const p of pages) {
    const before = problems.length;
    await page.goto(base + p, { waitUntil: "load" });
    await page.screenshot({ path: shotName(p, "-1440"), fullPage: true });
    assert.deepEqual(problems.slice(before), [], `problems on ${p}`);
  }
  await context.close();
});

/** In the page: every text of every map inside its cell, no two texts overlapping. */
function measureMaps() {
  const faults = [];
  const inside = (a, b, tol = 1) => a.left >= b.left - tol && a.right <= b.right + tol && a.top >= b.top - tol && a.bottom <= b.bottom + tol;
  const overlap = (a, b, tol = 0.5) => a.left < b.right - tol && b.left < a.right - tol && a.top < b.bottom - tol && b.top < a.bottom - tol;
  document.querySelectorAll("figure svg.waymark-map").forEach((svg, n) => {
    const box = svg.getBoundingClientRect();
    // Step anchors are link targets over whole columns, not cells.
    const rects = [...svg.querySelectorAll("rect:not(.wm-step)")].map((r) => r.getBoundingClientRect()).filter((r) => r.width > 4 && r.height > 4);
    const texts = [...svg.querySelectorAll("text")]
      .filter((t) => t.textContent.trim() !== "")
      .map((t) => ({ t, r: t.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0);
    for (const { t, r } of texts) {
      if (!inside(r, box)) faults.push(`map ${n}: "${t.textContent}" sticks out of the picture`);
      const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
      const cells = rects.filter((c) => c.left <= cx && cx <= c.right && c.top <= cy && cy <= c.bottom);
      if (cells.length) {
        const cell = cells.reduce((a, b) => (a.width * a.height <= b.width * b.height ? a : b));
        if (!inside(r, cell)) faults.push(`map ${n}: "${t.textContent}" sticks out of its cell`);
      }
    }
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (overlap(texts[i].r, texts[j].r)) faults.push(`map ${n}: "${texts[i].t.textContent}" overlaps "${texts[j].t.textContent}"`);
  });
  return faults;
}

for (const width of [375, 1440]) {
  test(`map text fits in every layout and theme at ${width} px`, async () => {
    const { context, page } = await open(width);
    let maps = 0;
    for (const p of pages) {
      await page.goto(base + p, { waitUntil: "load" });
      const count = await page.locator("figure svg.waymark-map").count();
      if (!count) continue;
      maps += count;
      const faults = await page.evaluate(measureMaps);
      assert.deepEqual(faults, [], `text faults on ${p} at ${width} px`);
    }
    assert.ok(maps >= LAYOUTS.length * THEMES.length, `only ${maps} maps measured`);
    if (width === 375) await page.goto(base + "matrix.html").then(() => page.screenshot({ path: shotName("matrix", "-375"), fullPage: true }));
    await context.close();
  });
}

for (const scheme of ["light", "dark"]) {
  test(`axe finds no serious or critical violation (${scheme})`, async () => {
    const { context, page } = await open(1440, scheme);
    const found = [];
    for (const p of pages) {
      await page.goto(base + p, { waitUntil: "load" });
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      });
      for (const v of violations) found.push(`${p}: ${v}`);
    }
    assert.deepEqual(found, []);
    await context.close();
  });
}

test("live reload: edit, break and fix a journey", async () => {
  const { context, page } = await open(1440);
  const source = path.join(site, "matrix.md");
  const original = fs.readFileSync(source, "utf8");
  await page.goto(base + "matrix.html", { waitUntil: "load" });
  await page.waitForTimeout(300);

  fs.writeFileSync(source, original.replace("Sees an Instagram ad", "Sees a billboard ad"));
  await page.waitForFunction(() => document.body.textContent.includes("Sees a billboard ad"), null, { timeout: 10000 });

  fs.writeFileSync(source, original.replace("Sees an Instagram ad: 1: Maya", "Sees an Instagram ad: lots: Maya"));
  await page.waitForSelector("#waymark-error-overlay", { timeout: 10000 });
  const overlay = await page.textContent("#waymark-error-overlay");
  assert.match(overlay, /matrix\.md:\d+:\d+/);
  assert.match(overlay, /lots/);

  fs.writeFileSync(source, original);
  await page.waitForSelector("#waymark-error-overlay", { state: "detached", timeout: 10000 });
  await context.close();
});

test("clicking: theme switch, search, sidebar, previous/next and downloads", async () => {
  const { context, page, problems } = await open(1440);
  await page.goto(base + "journeys/first-online-purchase.html", { waitUntil: "load" });

  // The theme switch flips light and dark and is remembered.
  const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click(".theme-toggle");
  const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(before, after);
  await page.reload({ waitUntil: "load" });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  await page.screenshot({ path: shotName("dark-first-online-purchase", "-1440"), fullPage: false });
  await page.click(".theme-toggle");

  // Search finds a pain point's page by its words.
  await page.fill("#search-input", "mobile wallet");
  await page.waitForSelector("#search-results a", { timeout: 5000 });
  const hits = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hits.some((h) => h.split("#")[0].endsWith("first-online-purchase.html")), hits.join(", "));
  // By keyboard: `/` focuses search, arrows move through the results, Esc closes them.
  await page.fill("#search-input", "");
  await page.focus("body");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  await page.keyboard.type("mobile wallet");
  await page.waitForSelector("#search-results a", { timeout: 5000 });
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelector("#search-results a")), true, "the first result has focus");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  await page.keyboard.press("Escape");
  assert.equal(await page.$$eval("#search-results a", (as) => as.length), 0, "Esc closes the results");
  // Typed without its umlaut, a German word still finds its page.
  await page.fill("#search-input", "uberraschend");
  await page.waitForSelector("#search-results a", { timeout: 5000 });
  const folded = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(folded.some((h) => h.split("#")[0].endsWith("kauf-im-laden.html")), folded.join(", "));
  await page.fill("#search-input", "");

  // The sidebar lists the pages and marks this one.
  const current = await page.textContent("#wm-nav [aria-current=page]");
  assert.equal(current.trim(), "First online purchase");
  await page.click("#wm-nav a:has-text('Referral loop')");
  await page.waitForURL(/referral-loop\.html$/);

  // Previous and next follow the reading order.
  await page.click("a[rel=prev]");
  await page.waitForURL(/repair-storyboard\.html$/);
  await page.click("a[rel=next]");
  await page.waitForURL(/referral-loop\.html$/);

  // Every download of a map arrives.
  await page.goto(base + "journeys/first-online-purchase.html", { waitUntil: "load" });
  // Only the JSON is a file beside the page; the rest is made from the page itself.
  const starts = {
    "button.wm-svg": '<?xml version="1.0" encoding="UTF-8"?>\n<svg',
    "a[href$='map-1.json']": "{",
    "button.wm-csv": "kind,stage,step,text,severity,impact,effort\r\npain,",
    "button.wm-png": "\x89PNG",
  };
  for (const [selector, start] of Object.entries(starts)) {
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10000 }), page.click(`.wm-downloads ${selector}`)]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    assert.ok(bytes.length > 100, `${selector} downloaded ${bytes.length} bytes`);
    assert.equal(bytes.subarray(0, Buffer.byteLength(start, "latin1")).toString("latin1"), start, selector);
    if (selector === "button.wm-svg") {
      const svg = bytes.toString("utf8");
      // What the viewer set on the live picture is not in the file.
      assert.ok(!svg.includes("aria-describedby") && !/<svg[^>]* style=/.test(svg), "a clean SVG");
      assert.match(download.suggestedFilename(), /^first-online-purchase-map-1\.svg$/);
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("printing puts each map on its own landscape page", async () => {
  const { context, page } = await open(1440);
  await page.goto(base + "journeys/first-online-purchase.html", { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const pdf = path.join(SHOTS, "print-first-online-purchase.pdf");
  await page.pdf({ path: pdf, landscape: true, format: "A4", printBackground: true, preferCSSPageSize: true });
  const info = execFileSync("pdfinfo", [pdf]).toString();
  const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
  const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+)/);
  assert.ok(Number(size[1]) > Number(size[2]), "landscape");
  assert.ok(pages >= 2 && pages <= 3, `${pages} pages: text, then the map on a page of its own`);
  execFileSync("pdftoppm", ["-png", "-r", "50", pdf, path.join(SHOTS, "print-page")]);
  // The map's page holds the whole map: its figure is not cut.
  const fits = await page.evaluate(() => {
    const svg = document.querySelector("figure svg.waymark-map");
    const r = svg.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.height <= 185 * 96 / 25.4 + 1;
  });
  assert.ok(fits, "the map is scaled to fit one page");
  await context.close();
});

// The map viewer: fit, zoom, full screen, frozen panes, step links and step details.
const VIEWPORTS = [[1440, 900], [375, 812]];
const JOURNEY = "journeys/first-online-purchase.html";

/** In the page: the scale of the first viewer, and its box and map geometry. */
function viewerState() {
  const fig = document.querySelector("figure.wm-viewer");
  const box = fig.querySelector(".waymark-scroll");
  const svg = box.querySelector("svg.waymark-map");
  const b = box.getBoundingClientRect(), m = svg.getBoundingClientRect();
  return {
    scale: Number(fig.dataset.wmScale), full: fig.classList.contains("wm-full"),
    boxW: box.clientWidth, boxLeft: b.left, boxRight: b.left + box.clientWidth, boxTop: b.top, boxBottom: b.top + box.clientHeight,
    mapW: m.width, scrollLeft: box.scrollLeft, scrollW: box.scrollWidth, vw: innerWidth, vh: innerHeight,
  };
}

for (const [width, height] of VIEWPORTS) {
  test(`viewer: every map fits in fit mode at ${width}×${height}`, async () => {
    const { context, page, problems } = await open(width, "light", height);
    let maps = 0;
    for (const p of pages) {
      await page.goto(base + p, { waitUntil: "load" });
      const figs = page.locator("figure.wm-viewer");
      const count = await figs.count();
      for (let i = 0; i < count; i++) {
        await figs.nth(i).locator(".wm-fit").click();
        const fit = await figs.nth(i).evaluate((fig) => {
          const box = fig.querySelector(".waymark-scroll"), svg = box.querySelector("svg.waymark-map");
          const r = svg.getBoundingClientRect(), f = fig.getBoundingClientRect();
          return { mapW: r.width, boxW: box.clientWidth, scrollW: box.scrollWidth, right: f.right, vw: document.documentElement.clientWidth };
        });
        assert.ok(fit.mapW <= fit.boxW + 1 && fit.scrollW <= fit.boxW + 1, `${p} map ${i} does not fit: ${JSON.stringify(fit)}`);
        assert.ok(fit.right <= fit.vw + 1, `${p} map ${i} runs off the window: ${JSON.stringify(fit)}`);
        maps++;
      }
      if (p === JOURNEY) {
        await figs.first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: shotName("viewer-fit", `-${width}`) });
      }
    }
    assert.ok(maps >= 10, `only ${maps} maps in viewers`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`viewer: zoom, pan and full screen by mouse and keyboard at ${width}×${height}`, async () => {
    const { context, page, problems } = await open(width, "light", height);
    await page.goto(base + JOURNEY, { waitUntil: "load" });
    const fig = page.locator("figure.wm-viewer").first();
    const box = fig.locator(".wm-stage > .waymark-scroll");
    await fig.scrollIntoViewIfNeeded();
    const scale = async () => (await page.evaluate(viewerState)).scale;
    // A map too wide to read when fitted opens at a readable size and says it continues.
    const first = await page.evaluate(viewerState);
    if (width < 800) {
      assert.ok(first.scale >= 0.6, `opens readable: ${first.scale}`);
      assert.ok(await fig.evaluate((f) => f.classList.contains("wm-continues")), "the cue that the map continues");
      assert.ok(await fig.locator(".wm-more").isVisible());
    }
    // Mouse: the toolbar.
    let s = await scale();
    await fig.locator(".wm-in").click();
    assert.ok((await scale()) > s, "zoom in button");
    s = await scale();
    await fig.locator(".wm-out").click();
    assert.ok((await scale()) < s, "zoom out button");
    await fig.locator(".wm-actual").click();
    assert.equal(await scale(), 1, "100 % button");
    // Keyboard, on the focused map.
    await box.focus();
    await page.keyboard.press("-");
    assert.ok((await scale()) < 1, "- key");
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    assert.ok((await scale()) > 1, "+ key");
    await page.keyboard.press("0");
    assert.equal(await scale(), 1, "0 key");
    // Ctrl + wheel zooms; a plain wheel does not.
    const r = await box.boundingBox();
    await page.mouse.move(r.x + r.width / 2, r.y + Math.min(r.height, height - r.y) / 2);
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, -300);
    await page.keyboard.up("Control");
    await page.waitForFunction(() => Number(document.querySelector("figure.wm-viewer").dataset.wmScale) > 1);
    await page.keyboard.press("0");
    // Drag to pan.
    const before = (await page.evaluate(viewerState)).scrollLeft;
    await page.mouse.move(r.x + r.width * 0.8, r.y + 60);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width * 0.3, r.y + 60, { steps: 5 });
    await page.mouse.up();
    assert.ok((await page.evaluate(viewerState)).scrollLeft > before + 50, "drag pans");
    // Full screen by button, left by Esc; then by key.
    await fig.locator(".wm-full-btn").click();
    let st = await page.evaluate(viewerState);
    assert.ok(st.full && st.boxW >= st.vw - 40, `full screen fills the window: ${JSON.stringify(st)}`);
    assert.ok(st.mapW <= st.boxW + 1, "full screen opens fitted");
    await page.screenshot({ path: shotName("viewer-full", `-${width}`) });
    await page.keyboard.press("Escape");
    assert.equal((await page.evaluate(viewerState)).full, false, "Esc leaves full screen");
    await box.focus();
    await page.keyboard.press("f");
    assert.equal((await page.evaluate(viewerState)).full, true, "f enters full screen");
    await page.keyboard.press("Escape");
    assert.equal((await page.evaluate(viewerState)).full, false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`viewer: lane labels and stage headers stay in view while panning at ${width}×${height}`, async () => {
    const { context, page } = await open(width, "light", height);
    await page.goto(base + JOURNEY, { waitUntil: "load" });
    const fig = page.locator("figure.wm-viewer").first();
    await fig.scrollIntoViewIfNeeded();
    await fig.locator(".wm-actual").click();
    await fig.locator(".wm-stage > .waymark-scroll").evaluate((b) => { b.scrollLeft = 700; b.scrollTop = 400; b.dispatchEvent(new Event("scroll")); });
    const seen = await page.evaluate(() => {
      const fig = document.querySelector("figure.wm-viewer");
      const box = fig.querySelector(".waymark-scroll").getBoundingClientRect();
      // Texts of a pane that show: inside the pane (which clips) and inside the map's box.
      const shown = (sel) => {
        const pane = fig.querySelector(sel);
        if (!pane || pane.hidden) return [];
        const p = pane.getBoundingClientRect();
        const inside = (r, b) => r.width > 0 && r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
        return [...pane.querySelectorAll("text")].filter((t) => inside(t.getBoundingClientRect(), p) && inside(t.getBoundingClientRect(), box)).map((t) => t.textContent);
      };
      return { labels: shown(".wm-freeze-left"), heads: shown(".wm-freeze-top") };
    });
    assert.ok(seen.labels.includes("Pain points"), `lane labels in view: ${seen.labels.join(", ")}`);
    assert.ok(seen.heads.some((h) => ["Consideration", "Purchase", "Delivery"].includes(h)), `stage headers in view: ${seen.heads.join(", ")}`);
    await page.screenshot({ path: shotName("viewer-frozen", `-${width}`) });
    await context.close();
  });

  test(`viewer: a step link brings the step into view, and a step shows its lanes at ${width}×${height}`, async () => {
    const { context, page, problems } = await open(width, "light", height);
    await page.goto(base + JOURNEY, { waitUntil: "load" });
    const last = await page.evaluate(() => { const s = document.querySelectorAll("figure.wm-viewer svg.waymark-map .wm-step"); return s[s.length - 1].id; });
    await page.goto(base + JOURNEY + "#" + last, { waitUntil: "load" });
    await page.waitForFunction((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      const box = document.querySelector("figure.wm-viewer .waymark-scroll").getBoundingClientRect();
      const cx = (r.left + r.right) / 2;
      return cx > box.left && cx < box.right && cx < innerWidth && r.top < innerHeight && r.bottom > 0;
    }, last, { timeout: 5000 });
    assert.ok(await page.evaluate((id) => document.getElementById(id).matches(":target"), last), "the step is the target, highlighted");
    await page.waitForTimeout(400);
    await page.screenshot({ path: shotName("viewer-step-link", `-${width}`) });

    // A click on a step: a dialog with every lane of that step, from the table.
    await page.goto(base + JOURNEY, { waitUntil: "load" });
    const fig = page.locator("figure.wm-viewer").first();
    await fig.locator(".wm-actual").click();
    const card = fig.locator("svg.waymark-map text", { hasText: "No mobile-wallet" }).first();
    await card.scrollIntoViewIfNeeded();
    await card.click();
    const pop = page.locator(".wm-pop[role=dialog]");
    await pop.waitFor();
    const text = await pop.textContent();
    for (const want of ["Checks out on the web shop", "Pain points", "No mobile-wallet payment", "Checkout page"]) assert.ok(text.includes(want), `${want} in: ${text}`);
    await page.waitForTimeout(200);
    await page.screenshot({ path: shotName("viewer-step-details", `-${width}`) });
    await page.keyboard.press("Escape");
    assert.equal(await pop.count(), 0, "Esc closes the details");
    // By keyboard: a step takes focus and opens with Enter.
    const step = fig.locator("svg.waymark-map .wm-step").nth(2);
    await step.focus();
    await page.keyboard.press("Enter");
    await pop.waitFor();
    assert.ok(await page.evaluate(() => document.activeElement.closest(".wm-pop") !== null), "focus moves into the details");
    await page.keyboard.press("Escape");
    assert.ok(await step.evaluate((s) => s === document.activeElement), "focus returns to the step");
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("viewer: without JavaScript the map stays in its scrolling box", async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + JOURNEY, { waitUntil: "load" });
  assert.equal(await page.locator(".wm-toolbar").count(), 0, "no toolbar");
  const box = await page.locator("figure .waymark-scroll").first().evaluate((b) => ({ tab: b.tabIndex, scrolls: b.scrollWidth > b.clientWidth, map: !!b.querySelector("svg.waymark-map") }));
  assert.deepEqual(box, { tab: 0, scrolls: true, map: true });
  await context.close();
});

test("viewer: the toolbar speaks the handbook's language", async () => {
  const de = path.join(work, "site-de");
  fs.cpSync(path.join(ROOT, "example-site"), de, { recursive: true });
  const toml = path.join(de, "waymark.toml");
  fs.writeFileSync(toml, fs.readFileSync(toml, "utf8").replace(/^language = .*$/m, 'language = "de"'));
  execFileSync(BIN, ["build", de, "--out", path.join(de, "_out")], { stdio: "pipe" });
  const { context, page } = await open(1440);
  await page.goto("file://" + path.join(de, "_out", JOURNEY), { waitUntil: "load" });
  const fig = page.locator("figure.wm-viewer").first();
  assert.equal(await fig.locator(".wm-toolbar").getAttribute("aria-label"), "Kartenansicht");
  assert.equal(await fig.locator(".wm-fit").getAttribute("aria-label"), "An Breite anpassen");
  assert.equal(await fig.locator(".wm-full-btn").getAttribute("aria-label"), "Vollbild");
  await context.close();
});

test("viewer: an mdBook in the coal theme gets the viewer from `waymark mdbook install`", async (t) => {
  try { execFileSync("mdbook", ["--version"], { stdio: "pipe" }); } catch { t.skip("mdbook is not installed"); return; }
  const book = path.join(work, "book");
  fs.mkdirSync(path.join(book, "src"), { recursive: true });
  fs.writeFileSync(path.join(book, "book.toml"), '[book]\ntitle = "Viewer"\nlanguage = "de"\n\n[output.html]\ndefault-theme = "coal"\npreferred-dark-theme = "coal"\n');
  fs.writeFileSync(path.join(book, "src/SUMMARY.md"), "# Summary\n\n- [Journey](journey.md)\n");
  const journey = fs.readFileSync(path.join(ROOT, "example-site/journeys/first-online-purchase.md"), "utf8").replace(/^---[\s\S]*?---\n/, "");
  fs.writeFileSync(path.join(book, "src/journey.md"), journey);
  // The map reads the handbook's research data from `../research`, beside `src/`.
  fs.cpSync(path.join(ROOT, "example-site/research"), path.join(book, "research"), { recursive: true });
  execFileSync(BIN, ["mdbook", "install", book], { stdio: "pipe" });
  const env = { ...process.env, PATH: path.dirname(BIN) + path.delimiter + process.env.PATH };
  execFileSync("mdbook", ["build", book], { stdio: "pipe", env });
  const { context, page, problems } = await open(1440);
  await page.goto("file://" + path.join(book, "book/journey.html"), { waitUntil: "load" });
  const fig = page.locator("figure.wm-viewer").first();
  await fig.waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.className.includes("coal")), true, "the coal theme");
  assert.equal(await fig.locator(".wm-fit").getAttribute("aria-label"), "An Breite anpassen", "the toolbar speaks the book's language");
  // Pains must still stand out in a dark book: their fill differs from a plain card's.
  const fills = await page.evaluate(() => {
    const fill = (sel) => { const el = document.querySelector(`figure svg ${sel}`); return el && getComputedStyle(el).fill; };
    return { card: fill(".wf-card"), pain: fill(".wf-pain"), opportunity: fill(".wf-opportunity") };
  });
  assert.ok(fills.card && fills.pain && fills.opportunity, JSON.stringify(fills));
  assert.notEqual(fills.pain, fills.card, `pain cards keep their fill: ${JSON.stringify(fills)}`);
  assert.notEqual(fills.opportunity, fills.card, `opportunity cards keep their fill: ${JSON.stringify(fills)}`);
  const rgb = (c) => (c.match(/\d+(\.\d+)?/g) || []).map(Number);
  const [pr, pg, pb] = rgb(fills.pain);
  const [or, og, ob] = rgb(fills.opportunity);
  assert.ok(pr > pg && pr > pb, `pain cards are tinted red: ${fills.pain}`);
  assert.ok(og > or && og > ob, `opportunity cards are tinted green: ${fills.opportunity}`);
  await fig.locator(".wm-fit").click();
  const st = await page.evaluate(viewerState);
  assert.ok(st.mapW <= st.boxW + 1, `fits in the book: ${JSON.stringify(st)}`);
  await fig.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotName("viewer-mdbook-coal", "-1440") });
  assert.deepEqual(problems.filter((p) => !p.includes("favicon")), []);
  await context.close();
});

test("viewer: `waymark render --viewer` output works on a page of its own", async () => {
  const md = "# Render\n\n" + fs.readFileSync(path.join(ROOT, "example-site/journeys/first-online-purchase.md"), "utf8").replace(/^---[\s\S]*?---\n/, "").replace(/^[^`]*(?=```journey)/s, "");
  // Standard input's data paths are relative to the current folder: the journey's own.
  const out = execFileSync(BIN, ["render", "--viewer", "-"], { input: md, cwd: path.join(ROOT, "example-site/journeys") }).toString();
  const body = out.replace(/^# Render\n/, "<h1>Render</h1>\n");
  const { context, page, problems } = await open(375, "light", 812);
  await page.setContent(`<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width"></head><body>${body}</body></html>`, { waitUntil: "load" });
  const fig = page.locator("figure.wm-viewer").first();
  await fig.waitFor();
  await fig.locator(".wm-fit").click();
  const st = await page.evaluate(viewerState);
  assert.ok(st.mapW <= st.boxW + 1, `fits: ${JSON.stringify(st)}`);
  await page.screenshot({ path: shotName("viewer-render", "-375") });
  assert.deepEqual(problems, []);
  await context.close();
});

test("registers: filter the pain points by severity and sort by a column, state in the URL", async () => {
  const { context, page, problems } = await open(1440);
  await page.goto(base + "pain-points.html", { waitUntil: "load" });
  const form = page.locator("form.wm-filters");
  await form.waitFor({ state: "visible" });
  const visible = () => page.$$eval("#wm-register tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => ({
    severity: r.className, step: r.cells[4].textContent.trim(),
  })));
  const all = await visible();
  assert.ok(all.length > 3 && all.some((r) => r.severity !== "sev-high"), "the example has several severities");
  // Filter: only high pains are left, and the URL says so.
  await form.locator("select[name=severity]").selectOption("high");
  const high = await visible();
  assert.ok(high.length > 1 && high.length < all.length, `${high.length} of ${all.length}`);
  assert.ok(high.every((r) => r.severity === "sev-high"), JSON.stringify(high));
  assert.equal(new URL(page.url()).searchParams.get("severity"), "high");
  assert.match(await form.locator(".wm-count").textContent(), new RegExp(`^${high.length} of ${all.length}`));
  // Sort by step: a button in the header, aria-sort on the header, the rows in order.
  const th = page.locator("#wm-register th[data-sort-key=step]");
  await th.locator("button.wm-sort").click();
  assert.equal(await th.getAttribute("aria-sort"), "ascending");
  assert.equal(await page.locator("#wm-register th[data-sort-key=severity]").getAttribute("aria-sort"), null);
  const steps = (await visible()).map((r) => r.step);
  assert.deepEqual(steps, [...steps].sort((a, b) => a.localeCompare(b, "en", { numeric: true, sensitivity: "base" })));
  await th.locator("button.wm-sort").click();
  assert.equal(await th.getAttribute("aria-sort"), "descending");
  assert.deepEqual((await visible()).map((r) => r.step), [...steps].reverse());
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("sort"), "step");
  assert.equal(url.searchParams.get("order"), "descending");
  await page.screenshot({ path: shotName("registers-pains-filtered", "-1440"), fullPage: true });
  // The link carries the state: opened afresh, the page shows the same rows.
  const again = await context.newPage();
  await again.goto(page.url(), { waitUntil: "load" });
  assert.equal(await again.locator("select[name=severity]").inputValue(), "high");
  assert.deepEqual(await again.$$eval("#wm-register tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => r.cells[4].textContent.trim())), [...steps].reverse());
  assert.deepEqual(problems, []);
  await context.close();
});
// Search, from the built handbook opened as files (file://): the index is scripts, so it
// loads without a server.
const SEARCHES = [
  // [query, where the first result leads, words marked in its passage]
  ["Probefahrten", "de/kauf-im-laden.html#map-1-step-2", ["Probefahrt"]],
  ["uberraschend", "de/kauf-im-laden.html#map-1-step-2", ["Überraschend"]],
  ["доставкой", "ru/dostavka.html#доставка-и-сборка", ["доставкой"]],
  ["probefarht", "de/kauf-im-laden.html#map-1-step-2", ["Probefahrt"]],
  ["subscripton", "journeys/subscription-onboarding.html#subscription-onboarding", ["Subscription"]],
  ['"delivery date"', "journeys/first-online-purchase.html#map-1-step-4", ["Delivery", "date"]],
  ["findings", "journeys/first-online-purchase.html#findings", ["Findings"]],
];

/** The search results as a reader sees them: each group's title and its passages. */
async function searchFor(page, query) {
  await page.fill("#search-input", "");
  await page.fill("#search-input", query);
  await page.waitForSelector("#search-results .search-status", { timeout: 5000 });
  return page.$$eval("#search-results .search-hit", (as) => as.map((a) => ({
    href: decodeURIComponent(a.getAttribute("href")),
    // Marked words of the result: its page title's and its passage's.
    marks: Array.from(a.closest(".search-group").querySelectorAll(".search-page mark"), (m) => m.textContent)
      .concat(Array.from(a.querySelectorAll("mark"), (m) => m.textContent)),
    text: a.textContent,
  })));
}

test("search: typed queries find and highlight their passages, from file://", async () => {
  const { context, page, problems } = await open(1280);
  await page.goto("file://" + path.join(work, "built", "index.html"), { waitUntil: "load" });
  for (const [query, href, marks] of SEARCHES) {
    const hits = await searchFor(page, query);
    assert.ok(hits.length > 0, `${query}: no results`);
    assert.equal(hits[0].href, "./" + href, `${query}: ${JSON.stringify(hits)}`);
    for (const m of marks) assert.ok(hits[0].marks.includes(m), `${query}: ${m} marked in ${JSON.stringify(hits[0])}`);
  }
  assert.match(await page.textContent("#search-results .search-status"), /^Results: \d+$/);
  await page.fill("#search-input", "zzyzx");
  await page.waitForFunction(() => document.querySelector("#search-results .search-status")?.textContent === "Nothing found.");
  assert.deepEqual(problems, []);
  await context.close();
});

test("search: Enter on a result lands on the map step or heading it shows", async () => {
  const { context, page, problems } = await open(1280);
  await page.goto("file://" + path.join(work, "built", "index.html"), { waitUntil: "load" });
  await page.focus("body");
  await page.keyboard.press("/");
  await page.keyboard.type("uberraschend");
  await page.waitForSelector("#search-results .search-hit mark");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL(/kauf-im-laden\.html#map-1-step-2$/);
  await page.waitForFunction(() => {
    const r = document.getElementById("map-1-step-2");
    const b = r && r.getBoundingClientRect();
    return r.matches(":target") && b.top < innerHeight && b.bottom > 0 && b.left < innerWidth && b.right > 0;
  }, null, { timeout: 5000 });
  await page.keyboard.press("/");
  await page.keyboard.type("findings");
  await page.waitForSelector("#search-results .search-hit mark");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL(/first-online-purchase\.html#findings$/);
  await page.waitForFunction(() => { const b = document.getElementById("findings").getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; });
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 375], ["dark", 375]]) {
  test(`search: results read well in ${scheme} at ${width} px`, async () => {
    const { context, page, problems } = await open(width, scheme, 800);
    await page.goto(base + "journeys/first-online-purchase.html", { waitUntil: "load" });
    await searchFor(page, "delivery date");
    const look = await page.evaluate(() => {
      const panel = document.getElementById("search-results").getBoundingClientRect();
      const mark = getComputedStyle(document.querySelector("#search-results mark"));
      const bg = getComputedStyle(document.getElementById("search-results")).backgroundColor;
      const text = document.querySelector("#search-results .search-passage");
      return { left: panel.left, right: panel.right, markBg: mark.backgroundColor, bg, wraps: text.scrollWidth <= text.clientWidth + 1 };
    });
    assert.ok(look.left >= 0 && look.right <= width, `the results fit: ${JSON.stringify(look)}`);
    assert.notEqual(look.markBg, look.bg, "marked words stand out");
    assert.ok(look.wraps, "passages wrap inside the panel");
    await page.screenshot({ path: shotName(`search-${scheme}`, `-${width}`) });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("search: an mdBook map's table still reads cell by cell, with and without the viewer", async (t) => {
  try { execFileSync("mdbook", ["--version"], { stdio: "pipe" }); } catch { t.skip("mdbook is not installed"); return; }
  const book = path.join(work, "search-book");
  fs.mkdirSync(path.join(book, "src"), { recursive: true });
  fs.writeFileSync(path.join(book, "book.toml"), '[book]\ntitle = "Search"\n');
  fs.writeFileSync(path.join(book, "src/SUMMARY.md"), "# Summary\n\n- [Map](map.md)\n");
  fs.writeFileSync(path.join(book, "src/map.md"), "# Map\n\n```journey\ntitle Quokkashop\nsection Pay\n  Taps Zebrapay: 2: Maya, Sam\n    pain: Wombatfee surprises {severity: high}\n```\n");
  execFileSync(BIN, ["mdbook", "install", book], { stdio: "pipe" });
  const env = { ...process.env, PATH: path.dirname(BIN) + path.delimiter + process.env.PATH };
  execFileSync("mdbook", ["build", book], { stdio: "pipe", env });
  const url = "file://" + path.join(book, "book/map.html");
  // Without JavaScript: the cells' text is generated content, in the accessibility tree.
  const bare = await browser.newContext({ javaScriptEnabled: false });
  const page = await bare.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.click("figure summary");
  const cdp = await bare.newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const named = (role) => nodes.filter((n) => n.role?.value === role).map((n) => n.name?.value);
  assert.ok(named("columnheader").includes("Taps Zebrapay"), JSON.stringify(named("columnheader")));
  assert.ok(named("cell").includes("Wombatfee surprises (Severity: high)"), JSON.stringify(named("cell")));
  assert.ok(named("image").includes("Quokkashop"), JSON.stringify(named("image")));
  await bare.close();
  // With the viewer: the cells hold text again, and a step's details show it.
  const { context, page: p2, problems } = await open(1280);
  await p2.goto(url, { waitUntil: "load" });
  await p2.locator("figure.wm-viewer").first().waitFor();
  const cells = await p2.$$eval(".waymark-table td", (tds) => tds.map((td) => td.innerHTML));
  assert.ok(cells.includes("Maya<br>Sam") && cells.includes("Wombatfee surprises (Severity: high)"), JSON.stringify(cells));
  const step = p2.locator("svg.waymark-map .wm-step").first();
  await step.focus();
  await p2.keyboard.press("Enter");
  assert.match(await p2.locator(".wm-pop[role=dialog]").textContent(), /Wombatfee surprises/);
  assert.equal(await p2.$$eval("svg.waymark-map g > title", (ts) => ts.length > 0), true, "tooltips are back");
  assert.deepEqual(problems.filter((p) => !p.includes("favicon")), []);
  await context.close();
});
