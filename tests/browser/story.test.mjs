// The whole story in the browser, each step by the role that takes it: an external report sent
// through the public form, linked by an analyst to the incident it describes, assessed and
// investigated by an investigator, amends offered and paid and the case closed by a response
// officer, released by one publisher and approved by another, then seen on the public portal —
// without any personal data anywhere in it — while the reporter follows it under the reference.
import assert from "node:assert/strict";
import { test } from "node:test";
import { api, assertNoProblems, openPage, screenshot, signIn, withServer } from "./harness.mjs";

const account = "Around noon a shell hit the houses by the well; my neighbour Samir Haddad was killed.";
const contact = "samir.neighbour@example.org";
const recipient = "The family of Samir Haddad";
const witnesses = "Interviewed Mrs Nour Haddad at her home";

async function step(page, name, fill = async () => {}) {
  const form = page.getByRole("form", { name });
  await form.waitFor();
  await fill(form);
  await form.getByRole("button", { name }).click();
  // Taken: the form goes (the case moved on). Refused: the form says why.
  const refused = form.locator(".error, .alert.error").first();
  await Promise.race([form.waitFor({ state: "detached" }), refused.waitFor()]);
  if (await refused.isVisible().catch(() => false)) throw new Error(`${name} was refused: ${await refused.innerText()}`);
}

test("an external report goes from the public form to the public portal", { timeout: 400000 }, async (t) => {
  await withServer({ events: 60 }, async ({ server, browser }) => {
    // The incident the report describes: an unassessed one with a position.
    const all = await api(server, "admin", "GET", "/api/v1/incidents?status=unassessed&limit=1000");
    const target = all.items.find((i) => i.location?.lat !== undefined && i.date.precision === "day");
    assert.ok(target, "the demonstration data has an unassessed incident with a position");
    let reference;
    let token;

    await t.test("a reporter sends the report and gets a reference", async () => {
      const page = await openPage(browser, server);
      await page.goto(`${server.url}/#/public/report`);
      await page.getByLabel("When did it happen?").fill(target.date.start);
      await page.getByLabel("Where? (the place in your words)").fill("the houses by the well");
      await page.getByLabel("Latitude").fill(String(target.location.lat + 0.002));
      await page.getByLabel("Longitude").fill(String(target.location.lon));
      await page.getByLabel("What happened", { exact: true }).fill(account);
      await page.getByLabel("How can we reach you? (optional)").fill(contact);
      await page.getByRole("button", { name: "Send the report" }).click();
      reference = await page.getByTestId("reference").innerText();
      token = await page.getByTestId("token").innerText();
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("an analyst links it to the incident it describes", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "analyst1");
      await page.getByRole("link", { name: "Incidents", exact: true }).click();
      // The newest incident is the one the public report opened.
      await page.locator("table.records tbody tr a").first().click();
      await page.getByRole("button", { name: "Find them" }).click();
      const candidate = page.getByTestId("candidate").filter({ hasText: target.title });
      await candidate.waitFor();
      await page.getByLabel("Reason for the decision").fill("same place and day as the public report");
      await candidate.getByRole("button", { name: "Fuse this incident into it" }).click();
      await page.waitForFunction((id) => location.hash === `#/incidents/${id}`, target.id);
      await page.locator("table.side-by-side").waitFor();
      assert.equal(await page.locator("table.side-by-side thead th").count(), target.report_ids.length + 2);
      await screenshot(page, "story-linked");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("an investigator assesses and investigates it", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "investigator1");
      await page.goto(`${server.url}/#/incidents/${target.id}/case`);
      await step(page, "Start the assessment");
      await step(page, "Record the finding", async (form) => {
        await form.getByLabel("Finding").selectOption("credible");
        await form.getByLabel("Civilians killed: lowest").fill("1");
        await form.getByLabel("Civilians killed: highest").fill("2");
        await form.getByLabel("Reasoning").fill("Three sources agree on the place, the day and the harm.");
      });
      assert.equal(await page.getByTestId("case-status").innerText(), "credible");
      await step(page, "Open an investigation", async (form) => {
        await form.getByLabel("Authority").fill("Inspector General");
      });
      // Completing without findings and a cause is refused, each beside its field.
      const complete = page.getByRole("form", { name: "Complete the investigation" });
      await complete.getByRole("button", { name: "Complete the investigation" }).click();
      assert.equal(await complete.locator(".field.invalid").count(), 2);
      await step(page, "Complete the investigation", async (form) => {
        await form.getByLabel("Findings").fill("The shell was fired at a position taken for a firing point.");
        await form.getByLabel("Cause", { exact: true }).selectOption("target_misidentification");
        await form.getByLabel("Witnesses (personal data)").fill(witnesses);
      });
      assert.equal(await page.getByTestId("case-status").innerText(), "investigated");
      assert.match(await page.locator("article.case").innerText(), new RegExp(witnesses));
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("a response officer makes amends and closes the case", async () => {
      const page = await openPage(browser, server);
      await signIn(page, server, "response_officer1");
      await page.goto(`${server.url}/#/incidents/${target.id}/case`);
      await step(page, "Start the response");
      const form = page.getByRole("form", { name: "Record a response" });
      await form.getByLabel("Kind of response").selectOption("condolence_payment");
      // An amount with more than three decimals is refused, beside the amount.
      await form.getByLabel("Amount").fill("1500.1234");
      await form.getByLabel("Recipient (personal data)").fill(recipient);
      await form.getByRole("button", { name: "Add the response" }).click();
      await form.locator(".field.invalid").waitFor();
      await form.getByLabel("Amount").fill("1500.00");
      await form.getByRole("button", { name: "Add the response" }).click();
      const response = page.getByTestId("response");
      await response.waitFor();
      assert.match(await response.innerText(), /1500\.00 USD/);
      for (const status of ["offered", "paid"]) {
        const change = response.getByRole("form", { name: "Change the status" });
        await change.getByLabel("New status").selectOption(status);
        await change.getByRole("button", { name: "Change the status" }).click();
        await page.waitForFunction((s) => document.querySelector('[data-testid="response-status"]')?.textContent === s, status);
      }
      await step(page, "Close the case");
      assert.equal(await page.getByTestId("case-status").innerText(), "closed");
      await screenshot(page, "story-case-closed");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("one publisher requests a release and another approves it", async () => {
      const first = await openPage(browser, server);
      await signIn(first, server, "publisher1");
      await first.getByRole("link", { name: "Releases" }).click();
      await first.getByLabel("What it is for").fill("after the Ayn case closed");
      await first.getByRole("button", { name: "Request", exact: true }).click();
      await first.getByTestId("release").filter({ hasText: "after the Ayn case closed" }).waitFor();
      assert.equal(await first.getByRole("button", { name: "Approve: make it public" }).count(), 0);
      await first.context().close();

      const second = await openPage(browser, server);
      await signIn(second, server, "publisher2");
      await second.getByRole("link", { name: "Releases" }).click();
      const release = second.getByTestId("release").filter({ hasText: "after the Ayn case closed" });
      await release.getByRole("button", { name: "Approve: make it public" }).click();
      await release.getByTestId("release-status").filter({ hasText: "approved: public" }).waitFor();
      assertNoProblems(second);
      await second.context().close();
    });

    await t.test("the public portal shows it, with no personal data anywhere", async () => {
      const page = await openPage(browser, server);
      const bodies = [];
      page.on("response", async (r) => {
        if (r.url().includes("/api/")) bodies.push(await r.text().catch(() => ""));
      });
      await page.goto(`${server.url}/#/public`);
      await page.locator(".map-cluster").first().waitFor();
      const latest = await api(server, "admin", "GET", "/api/v1/public/releases/latest");
      assert.match(await page.locator(".portal .meta").first().innerText(), new RegExp(`Release ${latest.version}`));
      const rows = await (await fetch(`${server.url}/api/v1/public/releases/${latest.version}/incidents?limit=1000`)).json();
      assert.ok(rows.items.some((r) => r.id === target.id), "the closed case is in the release");
      const csv = await (await fetch(`${server.url}/api/v1/public/releases/${latest.version}/download?format=csv`)).text();
      const victims = await api(server, "investigator1", "GET", `/api/v1/victims?incident_id=${target.id}&limit=1000`);
      const names = victims.items.flatMap((v) => (v.names ?? []).map((n) => n.name));
      const text = await page.locator("body").innerText();
      for (const secret of [account, contact, recipient, witnesses, "Samir", ...names]) {
        assert.ok(!text.includes(secret), `the portal shows "${secret}"`);
        assert.ok(!csv.includes(secret), `the open data holds "${secret}"`);
        assert.ok(!bodies.some((b) => b.includes(secret)), `an answer to the portal holds "${secret}"`);
      }
      await screenshot(page, "story-portal");
      assertNoProblems(page);
      await page.context().close();
    });

    await t.test("the reporter sees that the report was found credible and the case closed", async () => {
      const page = await openPage(browser, server);
      await page.goto(`${server.url}/#/public/status`);
      await page.getByLabel("Reference").fill(reference);
      await page.getByLabel("Token").fill(token);
      await page.getByRole("button", { name: "Show" }).click();
      const status = page.getByTestId("report-status");
      await status.waitFor();
      assert.equal(await page.getByTestId("stage").innerText(), "closed");
      assert.match(await status.innerText(), /credible/);
      await screenshot(page, "story-reporter-status");
      assertNoProblems(page);
      await page.context().close();
    });
  });
});
