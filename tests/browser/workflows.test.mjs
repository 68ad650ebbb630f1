// The working pages beyond the story: a report taken in with its position checked as typed (an
// MGRS reference refused beside its field, a click on the map), a file imported with its refused
// rows listed, the analysis dashboards with their tables, the leadership framework from a draft
// to a published assessment by two people, and the administration of users.
import assert from "node:assert/strict";
import { test } from "node:test";
import { api, assertNoProblems, openPage, screenshot, signIn, withServer } from "./harness.mjs";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

test("the working pages do their work in Chromium", { timeout: 400000 }, async (t) => {
  await withServer({ events: 80 }, async ({ server, browser }) => {
    await t.test("a report is taken in with its position checked as it is typed", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.getByRole("link", { name: "New report" }).click();
      await page.getByRole("button", { name: "Save the report" }).click();
      // The two required fields say so, each beside itself.
      assert.equal(await page.locator(".field.invalid").count(), 2);
      await page.getByLabel("Source", { exact: true }).fill("Sarvia Civil Monitor");
      await page.getByLabel("Date (first day)").fill("2024-05-02");
      const mgrs = page.getByLabel("MGRS grid reference");
      await mgrs.fill("38SMB448");
      const mgrsField = page.locator(".field", { has: mgrs });
      await mgrsField.locator(".error").waitFor();
      assert.match(await mgrsField.locator(".error").innerText(), /even number of digits/);
      await mgrs.fill("38SMB4488");
      await mgrsField.locator(".error").waitFor({ state: "detached" });
      await page.getByText("38SMB4488: a square of 1,000 m").waitFor();
      // A click on the map takes its position.
      const map = page.getByRole("region", { name: "Map to pick a position" });
      const box = await map.boundingBox();
      await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
      await page.waitForFunction(() => document.querySelector('input[inputmode="decimal"]')?.value !== "");
      const lat = Number(await page.getByLabel("Latitude").inputValue());
      const lon = Number(await page.getByLabel("Longitude").inputValue());
      assert.ok(Math.abs(lat) <= 90 && Math.abs(lon) <= 180);
      // The click is far from the MGRS square: the server refuses the pair, beside the reference.
      await page.getByRole("button", { name: "Save the report" }).click();
      await mgrsField.locator(".error").waitFor();
      await mgrs.fill("");
      await page.getByLabel("Latitude").fill("33.3");
      await page.getByLabel("Longitude").fill("44.4");
      await page.getByRole("row", { name: /^civilian/ }).getByLabel("civilian — killed: lowest").fill("2");
      await page.getByRole("row", { name: /^civilian/ }).getByLabel("civilian — killed: highest").fill("3");
      await page.getByRole("button", { name: "Add a row" }).click();
      await page.getByRole("group", { name: "Breakdown row 1" }).getByLabel("highest").fill("1");
      await screenshot(page, "report-intake");
      await page.getByRole("button", { name: "Save the report" }).click();
      await page.waitForFunction(() => /^#\/incidents\/[0-9a-f-]{36}$/.test(location.hash));
      await page.locator("table.side-by-side").waitFor();
      assert.match(await page.locator("table.side-by-side").innerText(), /Sarvia Civil Monitor/);
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("an incident is changed, then retracted with its reason", async () => {
      const incidents = await api(server, "analyst1", "GET", "/api/v1/incidents?status=unassessed&limit=1");
      const id = incidents.items[0].id;
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.goto(`${server.url}/#/incidents/${id}`);
      await page.getByText("Change or retract this incident").click();
      const form = page.getByRole("form", { name: "Change the incident" });
      await form.getByLabel("Incident").fill("Shelling of the Ayn Rumman market, as corrected");
      await form.getByLabel("External grade").selectOption("contested");
      await form.getByRole("button", { name: "Save the changes" }).click();
      await page.getByRole("heading", { name: "Shelling of the Ayn Rumman market, as corrected" }).waitFor();
      const stored = await api(server, "analyst1", "GET", `/api/v1/incidents/${id}`);
      assert.equal(stored.external_grade, "contested");
      assert.equal(stored.version, incidents.items[0].version + 1);
      await page.getByText("Change or retract this incident").click();
      const retract = page.getByRole("form", { name: "Retract the incident" });
      await retract.getByRole("button", { name: "Retract the incident" }).click();
      await retract.locator(".field.invalid").waitFor(); // the reason is required
      await retract.getByLabel("Why it is retracted").fill("entered twice by mistake");
      await retract.getByRole("button", { name: "Retract the incident" }).click();
      await page.locator(".badge.warn").filter({ hasText: "Retracted" }).waitFor();
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("a report is retracted with its reason and leaves the side-by-side view", async () => {
      const incidents = await api(server, "analyst1", "GET", "/api/v1/incidents?limit=1000");
      const several = incidents.items.find((i) => !i.retraction && (i.report_ids ?? []).length >= 2);
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.goto(`${server.url}/#/incidents/${several.id}`);
      const columns = page.locator("table.side-by-side thead th");
      await columns.first().waitFor();
      const before = await columns.count();
      await columns.first().getByRole("button", { name: "Retract" }).click();
      const form = page.getByRole("form", { name: "Retract" });
      await form.getByRole("button", { name: "Retract it" }).click();
      await form.getByText("Give the reason first.").waitFor();
      await form.getByLabel("Why it is retracted").fill("a copy of another source's account");
      await form.getByRole("button", { name: "Retract it" }).click();
      await page.waitForFunction((n) => document.querySelectorAll("table.side-by-side thead th").length === n - 1, before);
      const report = await api(server, "analyst1", "GET", `/api/v1/reports/${several.report_ids[0]}`);
      assert.ok(report.retraction, "the report is kept, marked as retracted");
      assert.equal(report.retraction.reason, "a copy of another source's account");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("an import lists every refused row, and lands nothing", async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "civharm-import-"));
      const file = path.join(dir, "ngo-list.csv");
      writeFileSync(file, "source_type,source_name,source_record_id,date.start\nngo,Browser NGO,b-1,2024-01-01\nngo,Browser NGO,b-2,2024-02-30\nngo,Browser NGO,b-3,someday\n");
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.getByRole("link", { name: "Import and export" }).click();
      await page.getByLabel("File", { exact: true }).setInputFiles(file);
      await page.getByRole("form", { name: "Import a file" }).getByLabel("Records").selectOption("reports");
      await page.getByRole("button", { name: "Import", exact: true }).click();
      const report = page.getByTestId("import-report");
      await report.waitFor();
      assert.match(await report.locator("h2").innerText(), /Nothing imported/);
      const rows = page.getByTestId("refused-rows").locator("tbody tr");
      assert.equal(await rows.count(), 2);
      assert.match(await rows.nth(0).innerText(), /2\s+3\s+date\.start/);
      assert.equal((await api(server, "analyst1", "GET", "/api/v1/reports?source_name=Browser%20NGO")).items.length, 0);
      await page.getByLabel("Import the valid rows even if some are refused").check();
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByText("ngo-list.csv imported").waitFor();
      assert.match(await page.getByTestId("import-counts").innerText(), /1 created/);
      await page.getByRole("link", { name: "Download the refused rows to fix them" }).waitFor();
      await screenshot(page, "import-report");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("the dashboards draw their charts and give the numbers", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.getByRole("link", { name: "Analysis" }).click();
      await page.locator("figure.chart svg").first().waitFor();
      assert.ok((await page.locator("figure.chart").count()) >= 3);
      const trend = await api(server, "analyst1", "GET", "/api/v1/analytics/trends?interval=month");
      await page.locator("figure.chart").first().locator("summary").click();
      const rows = page.locator("figure.chart").first().locator("tbody tr");
      assert.equal(await rows.count(), trend.groups.length);
      assert.equal(await rows.first().locator("td").nth(1).innerText(), String(trend.groups[0].incidents));
      await page.getByLabel("By").selectOption("weapon");
      await page.waitForLoadState("networkidle");
      await screenshot(page, "dashboards");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("an assessment goes from draft to published through two assessors", async () => {
      const first = await openPage(browser, server);
      await signIn(first, server, "framework_assessor1");
      await first.getByRole("link", { name: "Framework", exact: true }).click();
      const form = first.getByRole("form", { name: "New assessment" });
      await form.getByLabel("State").fill("Sarvia");
      await form.getByLabel("Its forces, as named in incidents").fill("Coalition Task Force Meridian");
      await form.getByLabel("From").fill("2024-01-01");
      await form.getByLabel("To").fill("2023-01-01");
      await form.getByRole("button", { name: "Create the draft" }).click();
      await form.locator(".error").waitFor(); // the period ends before it starts
      await form.getByLabel("To").fill("2024-12-31");
      await form.getByRole("button", { name: "Create the draft" }).click();
      await first.getByTestId("score-status").waitFor();
      assert.equal(await first.getByTestId("score-status").innerText(), "draft");
      // A draft may be saved with some indicators scored; it goes for review with all of them.
      await first.locator("select[id^='level-']").first().selectOption("engaged");
      await first.locator("textarea[id^='rationale-']").first().fill("A policy exists but is not yet applied everywhere.");
      await first.getByRole("button", { name: "Save the draft" }).click();
      await first.getByText("Overall: Engaged").waitFor();
      await first.getByRole("button", { name: "Submit for review" }).click();
      await first.locator(".alert.error").filter({ hasText: "scores every indicator" }).waitFor();
      const levels = first.locator("select[id^='level-']");
      for (let i = 0; i < (await levels.count()); i++) {
        await levels.nth(i).selectOption(i % 2 ? "emerging_leader" : "engaged");
        await first.locator("textarea[id^='rationale-']").nth(i).fill(`Indicator ${i + 1}: as the evidence shows.`);
      }
      await first.getByRole("button", { name: "Save the draft" }).click();
      await first.getByRole("button", { name: "Submit for review" }).waitFor({ state: "visible" });
      // The figures from civharm's own records stand beside the levels.
      await first.getByRole("heading", { name: "Evidence from civharm's records" }).waitFor();
      await first.locator("table.records tbody tr").first().waitFor();
      await first.getByRole("button", { name: "Submit for review" }).click();
      await first.getByTestId("score-status").filter({ hasText: "under review" }).waitFor();
      // The assessor may not publish their own.
      assert.equal(await first.getByRole("button", { name: "Publish" }).count(), 0);
      const url = first.url();
      // A revised edition of the framework, under its own name.
      const yaml = readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), "../../docs/leadership_framework.yaml"), "utf8");
      const revised = yaml.replace(/^edition: .*$/m, "edition: cpm-2026-test");
      await first.getByRole("link", { name: "← Assessments of states" }).click();
      const edition = first.getByRole("form", { name: "Store a revised edition" });
      await edition.getByLabel("The edition, as YAML or JSON").fill(yaml);
      await edition.getByRole("button", { name: "Store the edition" }).click();
      await edition.locator(".error, .alert.error").first().waitFor(); // the built-in name is taken
      await edition.getByLabel("The edition, as YAML or JSON").fill(revised);
      await edition.getByRole("button", { name: "Store the edition" }).click();
      await first.getByText("cpm-2026-test").waitFor();
      await first.context().close();

      const second = await openPage(browser, server);
      await signIn(second, server, "framework_assessor2");
      await second.goto(url);
      await second.getByRole("button", { name: "Publish" }).click();
      await second.getByTestId("score-status").filter({ hasText: "published" }).waitFor();
      await screenshot(second, "assessment-published");
      await second.getByRole("link", { name: "← Assessments of states" }).click();
      await second.locator("table.records tbody tr").nth(1).waitFor();
      for (const box of await second.locator("table.records input[type=checkbox]").all()) await box.check();
      await second.getByRole("button", { name: "Compare the chosen assessments" }).click();
      await second.getByRole("heading", { name: "Assessments side by side" }).waitFor();
      assert.ok((await second.locator("table.records tbody tr").count()) > 5);
      assertNoProblems(second);
      await second.context().close();
    });

    await t.test("an investigator records a person harmed, whose name only they see", async () => {
      const incidents = await api(server, "investigator1", "GET", "/api/v1/incidents?limit=1");
      const id = incidents.items[0].id;
      const page = await openPage(browser, server);
      await signIn(page, server, "investigator1");
      await page.goto(`${server.url}/#/incidents/${id}`);
      const form = page.getByRole("form", { name: "Record a person harmed" });
      await form.getByLabel("Name (personal data)").fill("Huda Saleh");
      await form.getByLabel("The name in another script (personal data)").fill("هدى صالح");
      await form.getByLabel("Consent to publication").selectOption("refused");
      await form.getByLabel("Age", { exact: true }).fill("200");
      await form.getByRole("button", { name: "Add the person" }).click();
      await form.locator(".field.invalid").waitFor(); // an age of 200 is refused beside it
      await form.getByLabel("Age", { exact: true }).fill("34");
      await form.getByLabel("List", { exact: true }).fill("Saffa General Hospital admissions");
      await form.getByRole("button", { name: "Add the person" }).click();
      await page.locator("table.victims").getByText("Huda Saleh").waitFor();
      await page.locator("table.victims").getByText("هدى صالح").waitFor();
      assertNoProblems(page);
      await page.context().close();
      const analyst = await openPage(browser, server);
      await signIn(analyst, server, "analyst1");
      await analyst.goto(`${server.url}/#/incidents/${id}`);
      await analyst.locator("table.victims").waitFor();
      const seen = await analyst.locator("body").innerText();
      assert.ok(!seen.includes("Huda Saleh") && !seen.includes("هدى صالح"));
      await analyst.context().close();
    });

    await t.test("operations, the cross-reference, situation reports, the audit log and tokens", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.getByRole("link", { name: "Operations" }).click();
      const form = page.getByRole("form", { name: "Record an operation" });
      await form.getByLabel("Reference").fill("OP-TEST-0001");
      await form.getByLabel("Start").fill("2024-05-01T10:00");
      await form.getByLabel("Civilians killed: lowest").fill("0");
      await form.getByLabel("Civilians killed: highest").fill("2");
      await form.getByRole("button", { name: "Add the operation" }).click();
      await page.locator("table.records").getByText("OP-TEST-0001").waitFor();
      await page.getByRole("link", { name: "Fusion" }).click();
      await page.getByRole("button", { name: "Propose links" }).click();
      await page.getByRole("heading", { name: "Own-force records and outside reports" }).waitFor();
      await page.getByRole("link", { name: "Analysis" }).click();
      const sitrep = await page.getByRole("link", { name: "PDF" }).first().getAttribute("href");
      const pdf = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get("content-type") };
      }, sitrep);
      assert.equal(pdf.status, 200);
      assert.match(pdf.type, /pdf/);
      await page.getByTestId("who").click();
      const token = page.getByRole("form", { name: "New API token, for a script" });
      await token.getByLabel("What it is for").fill("nightly export");
      await token.getByRole("button", { name: "Create the token" }).click();
      await page.locator(".alert.ok code").waitFor();
      assert.match(await page.locator(".alert.ok code").innerText(), /^chm_/);
      assertNoProblems(page);
      await page.context().close();

      const admin = await openPage(browser, server);
      await signIn(admin, server, "admin");
      await admin.getByRole("link", { name: "Audit log" }).click();
      await admin.locator("table.records tbody tr").first().waitFor();
      await admin.getByRole("button", { name: "Verify the whole chain" }).click();
      await admin.getByText(/The chain is intact/).waitFor();
      assertNoProblems(admin);
      await admin.context().close();
    });

    await t.test("an administrator adds a user, whose password is shown once", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "admin");
      await page.getByRole("link", { name: "Users" }).click();
      const form = page.getByRole("form", { name: "Add a user" });
      await form.getByLabel("Name", { exact: true }).fill("amira");
      await form.getByRole("button", { name: "Add" }).click();
      assert.match(await form.locator("fieldset .error").innerText(), /at least one role/);
      await form.getByLabel("tracking analyst").check();
      await form.getByRole("button", { name: "Add" }).click();
      const password = await page.getByTestId("new-password").innerText();
      assert.ok(password.length >= 12);
      // The new user can sign in with it.
      server.accounts.amira = password;
      const other = await openPage(browser, server);
      await signIn(other, server, "amira");
      await other.context().close();
      await screenshot(page, "users");
      assertNoProblems(page);
      await page.context().close();
    });
  });
});
