// What every browser test shares: a real civharm server on a free loopback port, with a fresh
// SQLite database holding the demonstration data and its accounts (two of each role), the built
// web UI, and Debian's Chromium driven by playwright-core. The browser is kept off every network
// but loopback: any request for another host fails the test, and so does any error the page logs.
//
// Environment (set by ctest, see tests/CMakeLists.txt):
//   CIVHARM_BIN        the civharm executable
//   CIVHARM_WEB        the built web UI (web/dist)
//   CIVHARM_CHROMIUM   the browser (default /usr/bin/chromium)
//   CIVHARM_ARTIFACTS  where screenshots go
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const require = createRequire(path.join(root, "web", "package.json"));

function need(what, value, hint) {
  if (!value || !existsSync(value)) {
    console.error(`\nBROWSER TEST CANNOT RUN: ${what} not found (${value || "unset"}). ${hint}\n`);
    process.exit(1);
  }
  return value;
}

export const civharm = need("the civharm executable", process.env.CIVHARM_BIN, "Build it: scripts/build.");
export const webDist = need("the built web UI", path.join(process.env.CIVHARM_WEB || path.join(root, "web/dist"), "index.html"), "Build it: scripts/build (npm ci && npm run build in web/).");
const chromiumPath = need("Chromium", process.env.CIVHARM_CHROMIUM || "/usr/bin/chromium", "Install Debian's chromium: scripts/deps.");
export const artifacts = process.env.CIVHARM_ARTIFACTS || path.join(root, "build", "browser-artifacts");
mkdirSync(artifacts, { recursive: true });

let playwright;
try {
  playwright = require("playwright-core");
} catch {
  console.error("\nBROWSER TEST CANNOT RUN: playwright-core is not installed in web/node_modules (scripts/build runs npm ci).\n");
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`civharm did not answer at ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A server with the demonstration data (`events` incidents) and its accounts.
export async function startServer({ events = 60 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "civharm-browser-"));
  const db = path.join(dir, "civharm.db");
  // The personal-data keyring is made beside the database (civharm.db.keyring).
  const env = { ...process.env };
  delete env.CIVHARM_TOKEN;
  delete env.CIVHARM_KEY_FILE;
  const init = execFileSync(civharm, ["user", "init", "--db", db], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const adminPassword = /^password: (.*)$/m.exec(init)[1];
  const token = execFileSync(civharm, ["token", "create", "--db", db, "--user", "admin", "--password-stdin", "--label", "browser test", "--days", "1"], {
    env,
    input: `${adminPassword}\n`,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  }).trim();
  const accountsFile = path.join(dir, "accounts.txt");
  execFileSync(civharm, ["demo", "--db", db, "--events", String(events), "--accounts", accountsFile], {
    env: { ...env, CIVHARM_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const accounts = { admin: adminPassword };
  for (const line of readFileSync(accountsFile, "utf8").split("\n")) {
    const [name, , password] = line.split("\t");
    if (name && password) accounts[name] = password;
  }
  const port = await freePort();
  const log = [];
  const server = spawn(
    civharm,
    ["serve", "--db", db, "--port", String(port), "--web", path.dirname(webDist), "--sign-in-limit", "0", "--submission-limit", "0", "--public-read-limit", "0"],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout.on("data", (d) => log.push(String(d)));
  server.stderr.on("data", (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, 15000);
  return {
    url,
    db,
    env,
    accounts,
    log,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Chromium with every host but 127.0.0.1 unresolvable: the page must work with the network cut.
export async function startBrowser() {
  return playwright.chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--no-sandbox", "--disable-gpu", "--lang=en-GB"],
  });
}

// A page that fails the test on any request to another origin and on any error the page logs.
// `contextOptions` adds to (or overrides) the browser context's options, e.g. { bypassCSP: true }
// for the accessibility test, which injects axe-core as a script the page's policy would refuse.
export async function openPage(browser, server, { locale = "en-GB", contextOptions = {} } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  page.problems = [];
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith("data:") && !u.startsWith("blob:")) page.problems.push(`request to another origin: ${u}`);
  });
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // A 4xx the UI expects (a refused sign-in, a refused form) is logged by Chromium as a failed
    // resource; only script errors count.
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) page.problems.push(`console error: ${m.text()}`);
  });
  return page;
}

export function assertNoProblems(page) {
  if (page.problems.length) throw new Error(`the page had problems:\n${page.problems.join("\n")}`);
}

export async function signIn(page, server, name) {
  await page.goto(`${server.url}/#/login`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Password", { exact: true }).fill(server.accounts[name]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("who").waitFor();
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// Runs `body` with a server and a browser, and stops both whatever happens.
export async function withServer(options, body) {
  const server = await startServer(options);
  const browser = await startBrowser();
  try {
    await body({ server, browser });
  } catch (e) {
    console.error(server.log.join("").split("\n").slice(-40).join("\n"));
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
}

// An API call as `name`, for setting up what a test needs but does not test (bearer token).
// One API token per person, made on first use and kept with the server.
async function tokenOf(server, name) {
  server.tokens ??= {};
  if (!server.tokens[name]) {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name, password: server.accounts[name], kind: "api", lifetime_days: 1 }),
    });
    if (!login.ok) throw new Error(`cannot sign in as ${name}: ${login.status} ${await login.text()}`);
    server.tokens[name] = (await login.json()).token;
  }
  return server.tokens[name];
}

export async function api(server, name, method, pathname, body) {
  const token = await tokenOf(server, name);
  const r = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${pathname} as ${name}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
