// How long the web UI takes to show its main pages in Chromium, over loopback, against a real
// server with the demonstration data (EVENTS incidents, default 400): from navigation to the
// page's content on screen, median of RUNS cold loads (a new browser context each, so nothing is
// cached), with the bytes the browser received. Figures go in docs/PERFORMANCE.md.
//
//   CIVHARM_BIN=build/src/main/civharm node bench/web_load.mjs [EVENTS] [RUNS]
import { openPage, signIn, startBrowser, startServer } from "../tests/browser/harness.mjs";

const events = Number(process.argv[2] ?? 400);
const runs = Number(process.argv[3] ?? 5);
const server = await startServer({ events });
const browser = await startBrowser();

const pages = [
  { name: "public portal", path: "/#/public", ready: ".map-cluster", signedIn: false },
  { name: "incident list", path: "/#/incidents", ready: "table.records tbody tr", signedIn: true },
  { name: "incident map", path: "/#/incidents?view=map", ready: ".map-cluster, .map-point", signedIn: true },
  { name: "dashboards", path: "/#/dashboards", ready: "figure.chart svg", signedIn: true },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

try {
  console.log(`| page | median ms | min–max ms | bytes received |`);
  console.log(`|---|---|---|---|`);
  for (const p of pages) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const page = await openPage(browser, server);
      if (p.signedIn) await signIn(page, server, "analyst1");
      let received = 0;
      page.on("response", async (r) => {
        const b = await r.body().catch(() => null);
        if (b) received += b.length;
      });
      const t0 = Date.now();
      await page.goto(`${server.url}${p.path}`);
      await page.locator(p.ready).first().waitFor();
      times.push(Date.now() - t0);
      await page.waitForLoadState("networkidle");
      bytes = received;
      await page.context().close();
    }
    console.log(`| ${p.name} | ${median(times)} | ${Math.min(...times)}–${Math.max(...times)} | ${bytes} |`);
  }
} finally {
  await browser.close();
  await server.stop();
}
