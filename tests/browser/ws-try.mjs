import { chromium } from "playwright-core";
const [,, url, query, shot, width = "1280", scheme = "light"] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ viewport: { width: +width, height: 800 }, colorScheme: scheme });
const page = await ctx.newPage();
page.on("console", (m) => console.log("console:", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror:", e.message));
await page.goto(url);
await page.fill("#search-input", query);
try { await page.waitForSelector("#search-results .search-status", { timeout: 5000 }); } catch (e) { console.log("no status"); }
await page.waitForTimeout(300);
console.log(await page.$eval("#search-results", (r) => r.innerText));
console.log(await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")).join("\n")));
await page.screenshot({ path: shot });
await browser.close();
