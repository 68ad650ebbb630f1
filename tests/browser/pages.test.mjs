// The main pages in Chromium against a real server: signing in (and a refused sign-in), the
// incident list with its filters and pages, the map with the network cut, an incident's sources
// side by side, the Arabic layout, and the public report form with its status page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { api, assertNoProblems, openPage, screenshot, signIn, withServer } from "./harness.mjs";

test("the main pages work in Chromium with the network cut", { timeout: 240000 }, async (t) => {
  await withServer({ events: 300 }, async ({ server, browser }) => {
    await t.test("a refused sign-in says so beside nothing and keeps the name", async () => {
      const page = await openPage(browser, server);
      await page.goto(`${server.url}/`);
      await page.getByRole("link", { name: "Sign in" }).first().click();
      await page.getByRole("button", { name: "Sign in" }).click();
      // Both fields are required, each says so beside itself.
      assert.equal(await page.locator(".field.invalid").count(), 2);
      await page.getByLabel("Name", { exact: true }).fill("analyst1");
      await page.getByLabel("Password", { exact: true }).fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      const alert = page.locator(".alert.error");
      await alert.waitFor();
      assert.match(await alert.innerText(), /signed out|sign in|password|name/i);
      assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "analyst1");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("the incident list filters, sorts and pages", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.getByRole("link", { name: "Incidents", exact: true }).click();
      const rows = page.locator("table.records tbody tr");
      await rows.first().waitFor();
      assert.equal(await rows.count(), 50);
      const firstPage = await rows.first().innerText();
      await page.getByRole("button", { name: "Next page" }).click();
      await page.waitForFunction((before) => document.querySelector("table.records tbody tr")?.textContent !== before, firstPage.replace(/\t/g, ""));
      assert.ok((await rows.count()) > 0 && (await rows.count()) <= 50);
      await page.getByRole("button", { name: "Previous page" }).click();
      // Only closed incidents, by the filter; every row then says so.
      await page.getByLabel("Status").selectOption("closed");
      await page.getByRole("button", { name: "Apply" }).click();
      await page.waitForFunction(() => location.hash.includes("status=closed"));
      await page.waitForFunction(() => [...document.querySelectorAll("table.records tbody tr td:nth-child(4)")].every((td) => td.textContent.trim() === "closed"));
      const closed = await api(server, "analyst1", "GET", "/api/v1/incidents?status=closed&limit=1000");
      assert.equal(await rows.count(), Math.min(50, closed.items.length));
      // A filter the API refuses is named: the last day before the first.
      await page.getByLabel("From").fill("2024-05-01");
      await page.getByLabel("To").fill("2024-01-01");
      await page.getByRole("button", { name: "Apply" }).click();
      const toField = page.locator(".filters .field", { has: page.getByLabel("To", { exact: true }) });
      await toField.locator(".error").waitFor();
      assert.match(await toField.locator(".error").innerText(), /before/);
      await screenshot(page, "incident-list");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("the map draws the bundled countries and the server's clusters offline", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.goto(`${server.url}/#/incidents?view=map`);
      await page.locator(".leaflet-overlay-pane path").first().waitFor();
      const countries = await page.locator(".leaflet-overlay-pane path").count();
      assert.ok(countries > 100, `only ${countries} country shapes drawn`);
      await page.locator(".map-cluster, .map-point").first().waitFor();
      await page.waitForFunction(() => /\d/.test(document.querySelector(".map-status")?.textContent ?? ""));
      const status = await page.locator(".map-status").innerText();
      const total = (await api(server, "analyst1", "GET", "/api/v1/map/clusters?zoom=2")).in_view;
      assert.match(status.replace(/[\s,\u202f]/g, ""), new RegExp(`^${total}`));
      await screenshot(page, "incident-map");
      // Clicking a cluster zooms in until single incidents show; a point opens its incident.
      for (let i = 0; i < 8 && (await page.locator(".map-point").count()) === 0; i++) {
        await page.locator(".map-cluster").first().click({ force: true });
        await page.waitForTimeout(600);
      }
      // Markers take the keyboard: focus one and press Enter.
      await page.locator(".map-point").first().focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => /^#\/incidents\/[0-9a-f-]{36}$/.test(location.hash));
      await page.locator("h1").waitFor();
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("an incident shows its sources side by side and where they disagree", async () => {
      const incidents = await api(server, "analyst1", "GET", "/api/v1/incidents?limit=1000");
      const several = incidents.items.find((i) => (i.report_ids ?? []).length >= 2);
      assert.ok(several, "the demonstration data has an incident with two sources");
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.goto(`${server.url}/#/incidents/${several.id}`);
      await page.locator("table.side-by-side").waitFor();
      // One column per source, plus the column over all of them.
      assert.equal(await page.locator("table.side-by-side thead th").count(), several.report_ids.length + 1);
      assert.equal(await page.locator("h1").innerText(), several.title);
      await page.locator("ol.timeline li").first().waitFor();
      assert.equal(await page.locator("ol.timeline li").count() >= several.report_ids.length, true);
      await screenshot(page, "incident-page");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("Arabic mirrors the layout and translates the interface", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.getByLabel("Language").selectOption("ar");
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      assert.equal(await page.getAttribute("html", "lang"), "ar");
      await page.getByRole("link", { name: "الحوادث", exact: true }).click();
      await page.locator("table.records tbody tr").first().waitFor();
      const brand = await page.locator(".brand").boundingBox();
      const account = await page.locator(".account").boundingBox();
      assert.ok(brand.x > account.x, "in Arabic the brand stands at the right, the account at the left");
      const firstHeader = await page.locator("table.records thead th").first().boundingBox();
      const lastHeader = await page.locator("table.records thead th").last().boundingBox();
      assert.ok(firstHeader.x > lastHeader.x, "table columns run right to left");
      assert.equal(await page.locator("h1").innerText(), "الحوادث");
      await screenshot(page, "incident-list-arabic");
      // The choice is kept for the next visit.
      await page.reload();
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      await page.getByLabel("اللغة").selectOption("en");
      assert.equal(await page.getAttribute("html", "dir"), "ltr");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("a public report gets a reference, and its status page shows it", async () => {
      const page = await openPage(browser, server);
      await page.goto(`${server.url}/#/public/report`);
      await page.getByRole("button", { name: "Send the report" }).click();
      assert.equal(await page.locator(".field.invalid").count(), 2); // date and account
      await page.getByLabel("When did it happen?").fill("2024-03-02");
      await page.getByLabel("What happened", { exact: true }).fill("A shell hit the market at noon; two shopkeepers were killed.");
      await page.getByLabel("Latitude").fill("95");
      await page.getByLabel("Longitude").fill("36.2");
      await page.getByRole("button", { name: "Send the report" }).click();
      // The server refuses the latitude, and the message stands beside it.
      const latField = page.locator(".field", { has: page.getByLabel("Latitude") });
      await latField.locator(".error").waitFor();
      await page.getByLabel("Latitude").fill("35.9");
      await page.getByRole("button", { name: "Send the report" }).click();
      const reference = await page.getByTestId("reference").innerText();
      const token = await page.getByTestId("token").innerText();
      assert.match(reference, /^PUB-/);
      await screenshot(page, "public-report-receipt");
      await page.getByRole("link", { name: "Follow a report" }).click();
      await page.getByLabel("Reference").fill(reference);
      await page.getByLabel("Token").fill("wrong");
      await page.getByRole("button", { name: "Show" }).click();
      await page.locator(".alert.error").waitFor();
      await page.getByLabel("Token").fill(token);
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByTestId("stage").waitFor();
      assert.equal(await page.getByTestId("stage").innerText(), "received");
      assertNoProblems(page);
      await page.context().close();
    });
  });
});
