// Personal data (victims' names, witnesses, the people met and paid, a reporter's account and
// contact) reaches only the roles that may read it: a role without read_personal_data never sees
// it on any page it can open, nor in any answer the API sends those pages — while a role with it
// does see it on the same pages, so the check cannot pass by showing nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { api, assertNoProblems, openPage, screenshot, signIn, withServer } from "./harness.mjs";

// Every text the pages showed and every API answer they received.
function record(page) {
  const seen = [];
  page.on("response", async (r) => {
    if (r.url().includes("/api/")) seen.push(await r.text().catch(() => ""));
  });
  return async () => [...seen, await page.locator("body").innerText()].join("\n");
}

test("personal data only for the roles that may read it", { timeout: 400000 }, async (t) => {
  await withServer({ events: 120 }, async ({ server, browser }) => {
    // A closed case of the demonstration with victims, consultations and amends, read by
    // someone who may read personal data.
    const closed = await api(server, "investigator1", "GET", "/api/v1/incidents?status=closed&limit=1000");
    let target;
    let secrets = [];
    for (const incident of closed.items) {
      const file = await api(server, "investigator1", "GET", `/api/v1/incidents/${incident.id}/case`);
      const victims = await api(server, "investigator1", "GET", `/api/v1/victims?incident_id=${incident.id}&limit=1000`);
      const names = victims.items.flatMap((v) => (v.names ?? []).map((n) => n.name));
      const met = file.consultations.flatMap((c) => [c.participants, c.preferences]).filter(Boolean);
      if (names.length && met.length) {
        target = incident;
        secrets = [...names, ...met, ...file.responses.map((r) => r.recipient).filter(Boolean), ...file.investigations.map((i) => i.witness_details).filter(Boolean)];
        break;
      }
    }
    assert.ok(target, "the demonstration data has a closed case with victims and consultations");
    // A public report's account and contact, sent by a stranger.
    const account = "I saw it from the roof of the bakery of Karim Mansour.";
    const contact = "+000 555 0199";
    await fetch(`${server.url}/api/v1/public/reports`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ date: { start: target.date.start }, location: { lat: target.location.lat, lon: target.location.lon }, account, contact }),
    });
    secrets.push(account, contact);
    const nameSecrets = secrets.filter((s) => s.length < 60);

    const visit = async (name, shots) => {
      const page = await openPage(browser, server);
      const seen = record(page);
      await signIn(page, server, name);
      await page.goto(`${server.url}/#/incidents/${target.id}`);
      await page.locator("h1").waitFor();
      await page.waitForLoadState("networkidle");
      if (shots) await screenshot(page, `personal-${name}-incident`);
      await page.goto(`${server.url}/#/incidents/${target.id}/case`);
      await page.locator("h1").waitFor();
      await page.waitForLoadState("networkidle");
      // The newest incident is the public report's: its page shows the report's facts.
      await page.goto(`${server.url}/#/incidents?sort=newest`);
      await page.locator("table.records tbody tr a").first().click();
      await page.locator("h1").waitFor();
      await page.waitForLoadState("networkidle");
      // Searching for a name finds nothing through it: names are never searched.
      await page.goto(`${server.url}/#/incidents?q=${encodeURIComponent(nameSecrets[0].split(" ")[0])}`);
      await page.waitForLoadState("networkidle");
      await page.goto(`${server.url}/#/incidents?view=map`);
      await page.locator(".map-cluster, .map-point").first().waitFor();
      assertNoProblems(page);
      const all = await seen();
      await page.context().close();
      return all;
    };

    await t.test("an investigator sees the names, the people met and the witnesses", async () => {
      const all = await visit("investigator1", true);
      for (const s of secrets.filter((x) => x !== account && x !== contact)) assert.ok(all.includes(s), `the investigator should see "${s}"`);
    });

    for (const name of ["analyst1", "publisher1", "framework_assessor1"]) {
      await t.test(`${name} sees none of it on any page`, async () => {
        const all = await visit(name, name === "analyst1");
        for (const s of secrets) assert.ok(!all.includes(s), `${name} was shown "${s}"`);
      });
    }
  });
});
