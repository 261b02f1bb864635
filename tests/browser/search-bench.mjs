// Compares waymark's search with pagefind's on a built handbook (see docs/benchmarks.md):
// for each query, the first result of each and the bytes each loads, in Chromium.
//   node search-bench.mjs SITE [QUERY…]
// SITE is a `waymark build` output that `pagefind --site SITE` has indexed too.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [site, ...given] = process.argv.slice(2);
const queries = given.length ? given : ["delivery date", "payment checkout"];
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
const server = http.createServer((req, res) => {
  const file = path.join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(body);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });

/** Runs `query` in a fresh tab with `engine`; returns the first result and bytes loaded. */
async function run(engine, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + "index.html", { waitUntil: "load" });
  let bytes = 0;
  page.on("response", async (res) => {
    const u = res.url();
    if (u.includes("/search/") || u.includes("/pagefind/")) {
      try { bytes += (await res.body()).length; } catch (e) {}
    }
  });
  let top, count;
  if (engine === "waymark") {
    await page.fill("#search-input", query);
    await page.waitForSelector("#search-results .search-status", { timeout: 30000 });
    [top, count] = await page.evaluate(() => {
      const a = document.querySelector("#search-results .search-hit");
      const n = /\d+/.exec(document.querySelector("#search-results .search-status").textContent);
      return [a ? decodeURIComponent(a.getAttribute("href")) : "", n ? +n[0] : 0];
    });
  } else {
    [top, count] = await page.evaluate(async (q) => {
      const pf = await import("/pagefind/pagefind.js");
      await pf.init();
      const r = await pf.search(q);
      if (!r.results.length) return ["", 0];
      const d = await r.results[0].data();
      return [decodeURIComponent((d.sub_results[0] || d).url), r.results.length];
    }, query);
  }
  await page.waitForTimeout(200);
  await context.close();
  return { top, bytes, count };
}

for (const q of queries) {
  const w = await run("waymark", q);
  const p = await run("pagefind", q);
  console.log(`${JSON.stringify(q)}\twaymark ${w.count} found, ${w.bytes} B, first ${w.top}\tpagefind ${p.count} found, ${p.bytes} B, first ${p.top}`);
}
await browser.close();
server.close();
