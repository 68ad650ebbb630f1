// An automated accessibility check: axe-core (a devDependency of web/) run against the main
// pages, in English and in Arabic, each as the role that uses it. Any violation of WCAG 2 A or AA
// rules that axe rates "serious" or "critical" fails the test, named with the elements it found;
// "moderate" and "minor" ones are only listed.
//
// The page's Content-Security-Policy refuses inline scripts, and that is how Playwright injects
// axe, so only this test's browser contexts bypass the policy.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { api, assertNoProblems, openPage, signIn, withServer } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.resolve(here, "../../web/package.json"));
let axePath;
try {
  axePath = require.resolve("axe-core/axe.min.js");
} catch {
  axePath = undefined;
}
if (!axePath || !existsSync(axePath)) {
  console.error("\nBROWSER TEST CANNOT RUN: axe-core is not installed in web/node_modules (scripts/build runs npm ci).\n");
  process.exit(1);
}

const failing = new Set(["serious", "critical"]);
const targetsShown = 5;

// A node's target: a list of selectors, one per frame or shadow root on the way to it.
function target(node) {
  return node.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(" | ");
}

function describe(v) {
  const lines = [`  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})`, `      ${v.helpUrl}`];
  for (const node of v.nodes.slice(0, targetsShown)) {
    lines.push(`      - ${target(node)}`);
    const why = (node.failureSummary ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
    if (why.length) lines.push(`          ${why.join(" / ")}`);
  }
  if (v.nodes.length > targetsShown) lines.push(`      … and ${v.nodes.length - targetsShown} more`);
  return lines.join("\n");
}

// Opens `hash` as `role` (or signed out) in `language`, waits for the page to settle, runs axe.
async function check(browser, server, { name, hash, role, language, ready }) {
  const page = await openPage(browser, server, { contextOptions: { bypassCSP: true } });
  try {
    if (role) await signIn(page, server, role);
    else await page.goto(`${server.url}/#/public`);
    // The language chooser keeps its choice (localStorage) for the load below.
    if (language === "ar") await page.getByLabel("Language").selectOption("ar");
    await page.goto(`${server.url}/${hash}`);
    await page.reload({ waitUntil: "networkidle" });
    assert.equal(await page.getAttribute("html", "lang"), language);
    assert.equal(await page.getAttribute("html", "dir"), language === "ar" ? "rtl" : "ltr");
    await page.locator("main h1").first().waitFor();
    if (ready) await ready(page);
    await page.waitForFunction(() => !document.querySelector("main .loading"));
    await page.waitForLoadState("networkidle");

    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }),
    );
    const bad = results.violations.filter((v) => failing.has(v.impact));
    const rest = results.violations.filter((v) => !failing.has(v.impact));
    const where = `${name} (${language}, ${role ?? "signed out"}, ${hash})`;
    if (rest.length) console.log(`${where}: moderate or minor, not failing:\n${rest.map(describe).join("\n")}`);
    if (bad.length) console.log(`${where}: SERIOUS OR CRITICAL:\n${bad.map(describe).join("\n")}`);
    if (!bad.length && !rest.length) console.log(`${where}: no violations (${results.passes.length} rules passed)`);
    assert.equal(bad.length, 0, `${where} has ${bad.length} serious or critical accessibility violation(s):\n${bad.map(describe).join("\n")}`);
    assertNoProblems(page);
  } finally {
    await page.context().close();
  }
}

test("the main pages have no serious or critical accessibility violations (axe, WCAG 2 A and AA)", { timeout: 480000 }, async (t) => {
  await withServer({ events: 60 }, async ({ server, browser }) => {
    const incident = (await api(server, "analyst1", "GET", "/api/v1/incidents?limit=1")).items[0];
    assert.ok(incident, "the demonstration data has an incident");
    const pages = [
      { name: "public portal", hash: "#/public" },
      { name: "public report form", hash: "#/public/report" },
      { name: "login page", hash: "#/login" },
      { name: "incident list", hash: "#/incidents", role: "analyst1", ready: (p) => p.locator("table.records tbody tr").first().waitFor() },
      {
        name: "map view",
        hash: "#/incidents?view=map",
        role: "analyst1",
        ready: async (p) => {
          await p.locator(".leaflet-overlay-pane path").first().waitFor();
          await p.locator(".map-cluster, .map-point").first().waitFor();
        },
      },
      { name: "incident page", hash: `#/incidents/${incident.id}`, role: "analyst1" },
      { name: "new report form", hash: "#/reports/new", role: "analyst1" },
      { name: "case page", hash: `#/incidents/${incident.id}/case`, role: "investigator1" },
      { name: "dashboards", hash: "#/dashboards", role: "analyst1" },
    ];
    for (const language of ["en", "ar"]) {
      for (const p of pages) {
        await t.test(`${p.name} in ${language === "en" ? "English" : "Arabic"}`, () => check(browser, server, { ...p, language }));
      }
    }
  });
});
