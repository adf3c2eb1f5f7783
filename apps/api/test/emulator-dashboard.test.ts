// The emulator's dashboard in a real browser (Debian's chromium, driven by playwright-core): it
// loads without a console error, and shows what the API does to the platform as it happens: a
// login made from the page through the API, a message the API sends, a fault switched on and off
// from the page, tokens expiring when the page moves the clock. Takes the README's screenshot.
import { createHash, createPublicKey } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { deviceLogin, useApi } from "./helper.ts";
import { login, messagingEnv, sendAndSettle, subscribe, templates } from "./outbox-helpers.ts";

const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const executablePath = CHROMIUM_PATHS.find((candidate) => existsSync(candidate));
// The README's picture: refreshed with UPDATE_SCREENSHOTS=1 (else taken into a temporary folder,
// so that running the tests leaves the working tree as it was).
const screenshotPath =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? path.resolve(import.meta.dirname, "../../../docs/emulator-dashboard.png")
    : path.join(mkdtempSync(path.join(tmpdir(), "tt-dashboard-")), "emulator-dashboard.png");

// CI installs chromium and requires this test (.ci/run: TEST_BROWSER=required); elsewhere it runs
// when a chromium is there.
const runs = executablePath !== undefined || process.env.TEST_BROWSER === "required";

describe.runIf(runs)("the emulator dashboard in a browser", () => {
  const api = useApi();
  let app: App;
  let apiUrl: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (executablePath === undefined) {
      throw new Error(`no chromium at ${CHROMIUM_PATHS.join(", ")}: apt-get install chromium`);
    }
    ({ app } = await api.build(messagingEnv));
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    apiUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1360, height: 1400 } });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(`${api.emulator.url}/`);
    await page.waitForSelector("body[data-ready='true']");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("loads with no console error, the apps' keys shown by their SHA-256 fingerprints", async () => {
    await expect(page.title()).resolves.toBe("Douyin emulator");
    // The call log's event stream is open.
    await page.waitForSelector("#calls-live.on");
    const { apps } = (await (await fetch(`${api.emulator.url}/emulator/apps`)).json()) as {
      apps: { appid: string; publicKey: string }[];
    };
    const shown = await page.textContent("#apps-list");
    for (const { publicKey } of apps) {
      const der = createPublicKey(publicKey).export({ type: "spki", format: "der" });
      const hex = createHash("sha256").update(der).digest("hex").slice(0, 16);
      expect(shown).toContain(`SHA256 ${hex.match(/../g)?.join(":")}…`);
    }
    expect(consoleErrors.join("\n")).toBe("");
  });

  it("shows a login made from the page through the API in the call log and the persona list", async () => {
    await page.fill("#login-form input[name=user]", "dana");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#login-result.ok");
    await page.fill("#send-form input[name=url]", `${apiUrl}/api/auth/login`);
    await page.click("#send-form button[type=submit]");
    await page.waitForSelector("#send-result.ok");
    expect(await page.textContent("#send-result")).toMatch(/API answered 200: user /);
    await page.waitForSelector("#calls-rows tr:has-text('/api/apps/v2/jscode2session')");
    await page.waitForSelector("#calls-rows tr:has-text('/device/login')");
    const persona = page.locator("#personas-rows tr[data-persona='dana']");
    await persona.waitFor();
    const session = (await (
      await fetch(`${api.emulator.url}/emulator/session?user=dana`)
    ).json()) as { openid: string; sessionKey: string };
    expect(await persona.textContent()).toContain(session.openid);
    expect(await persona.textContent()).not.toContain(session.sessionKey);
    await persona.locator("button").click();
    const shown = persona.locator(`code:has-text('${session.sessionKey}')`);
    await shown.waitFor();
    // Still shown after the page's next refresh, until the persona logs in again.
    const refreshed = await page.getAttribute("body", "data-refreshed-at");
    await page.waitForSelector(`body:not([data-refreshed-at="${refreshed}"])`);
    expect(await shown.count()).toBe(1);
  });

  it("shows a message the API sent in the persona's inbox", async () => {
    const session = await login(app, api.emulator, "erin");
    await subscribe(app, api.emulator, session, "erin", [templates.shipping.id]);
    await sendAndSettle(app, {
      userId: session.user.id,
      templateId: templates.shipping.id,
      page: "pages/orders/index",
      data: templates.shipping.data,
    });
    await page.waitForSelector("#inbox-list [data-inbox='erin']");
    expect(await page.textContent("#inbox-list")).toContain(templates.shipping.id);
  });

  it("switches a fault on (the next API login answers 503) and off again (it works)", async () => {
    const apiLogin = async (user: string) => {
      const { code } = await deviceLogin(api.emulator, { user });
      return fetch(`${apiUrl}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code }),
      });
    };
    await page.fill("#fault-form input[name=path]", "/api/apps/v2/jscode2session");
    await page.fill("#fault-form input[name=status]", "503");
    await page.click("#fault-form button[type=submit]");
    const row = page.locator("#faults-rows tr[data-fault='/api/apps/v2/jscode2session']");
    await row.waitFor();
    const refused = await apiLogin("fred");
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe("PLATFORM_UNAVAILABLE");
    await page.waitForSelector("#calls-rows tr.bad:has-text('/api/apps/v2/jscode2session')");

    await row.locator("button").click();
    await row.waitFor({ state: "detached" });
    expect((await apiLogin("fred")).status).toBe(200);
  });

  it("expires the platform token when the page moves the clock past its life", async () => {
    await page.waitForSelector("#tokens-rows tr[data-token-state='valid']");
    await page.click("button[data-advance='7201000']");
    await page.waitForSelector("#tokens-rows tr[data-token-state='expired']");
    expect(await page.locator("#tokens-rows tr[data-token-state='valid']").count()).toBe(0);
    await page.click("#clock-reset");
    await page.waitForSelector("#clock-offset:has-text('real time')");
  });

  it("takes the README's screenshot, still with no console error", async () => {
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: screenshotPath });
    expect(existsSync(screenshotPath)).toBe(true);
    expect(consoleErrors.join("\n")).toBe("");
  });
});
