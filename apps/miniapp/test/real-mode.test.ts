/**
 * Real mode (a build with MINIAPP_APPID) against the real API and emulator, with the simulator
 * answering as Douyin does: the guest, Douyin's login panel, the privacy prompt, the phone
 * button's platform refusal, codes the emulator never issued (what a real-mode build meets in
 * devtools), and a server that never answers. The tests run in order and share one phone.
 */
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import type { User } from "@tt/contract";
import {
  createTt,
  loadMiniProgram,
  type MiniProgram,
  type PageHandle,
  type SimulatedTt,
} from "@tt/emulator/tt-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWithCli } from "./support/build-cli.ts";
import type { IndexData } from "./support/index-page.ts";
import { ME_PAGE, type MeData } from "./support/me-page.ts";
import { untilQuiet } from "./support/quiet.ts";
import { emulatorAppid as appid, openidOf as emulatorOpenid, useStack } from "./support/stack.ts";

const persona = "real-mode-rita";
const stepTimeoutMs = 30_000;

// Real mode for the emulator's app: the simulator's tt.login gets the emulator's codes, which the
// API exchanges with the emulator, as a phone's with Douyin.
const stack = useStack("real-mode", { build: () => ({ MINIAPP_APPID: appid }) });

let tt: SimulatedTt;
let program: MiniProgram | undefined;

beforeAll(() => {
  // A person not logged in to Douyin, who has not agreed to the privacy guidelines yet.
  tt = createTt({ emulatorUrl: stack.emulator.url, appid, user: persona, loggedIn: false });
});

afterAll(() => program?.close());

function launch(on: SimulatedTt = tt, from = stack.dist): PageHandle<IndexData> {
  program?.close();
  program = loadMiniProgram(from, { tt: on });
  program.launch();
  return program.openPage<IndexData>("pages/index/index");
}

const settled = (data: IndexData) => data.status !== "loading" && !data.busy;
const current = <D extends object>() => program?.currentPages().at(-1) as PageHandle<D>;
const douyinLoginPanels = () => tt.$sim.ui.filter((event) => event.type === "douyinLogin");

const openidOf = (user: string) => emulatorOpenid(stack.emulator, user);

describe("a real-mode build", () => {
  let guest: User;

  it(
    "signs a person not logged in to Douyin in as a guest, without Douyin's login panel",
    async () => {
      const data = await launch().waitFor(settled, 20_000);
      expect(data.user).toMatchObject({ isGuest: true, openid: null });
      guest = data.user as User;
      expect(douyinLoginPanels()).toEqual([]);
      expect(launchedTexts()).toContain("Log in with Douyin");
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "offers the guest Douyin's login instead of the phone number button",
    async () => {
      const me = program?.openPage<MeData>(ME_PAGE) as PageHandle<MeData>;
      await me.waitFor((d) => d.status === "ready", 20_000);
      const texts = me.render().texts;
      expect(texts).toContain("Log in with Douyin to verify");
      expect(texts).not.toContain("Verify my phone number");
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "keeps the guest when the person closes Douyin's login panel",
    async () => {
      tt.$sim.answers.douyinLogin = "cancel";
      const page = launch();
      await page.waitFor(settled, 20_000);
      await page.tapButton("Log in with Douyin");
      const data = await page.waitFor((d) => settled(d) && d.notice !== null, 20_000);
      expect(data.notice).toMatchObject({ kind: "warning", code: "STILL_GUEST" });
      expect(data.user?.id).toBe(guest.id);
      expect(douyinLoginPanels()).toHaveLength(1);
    },
    stepTimeoutMs,
  );

  it(
    "upgrades the guest in place when the person logs in to Douyin from the index page",
    async () => {
      tt.$sim.answers.douyinLogin = "login";
      const page = current<IndexData>();
      page.setData({ notice: null });
      await page.tapButton("Log in with Douyin");
      const data = await page.waitFor((d) => settled(d) && d.notice !== null, 20_000);
      expect(data.notice).toMatchObject({ kind: "success", code: "DOUYIN_LOGIN" });
      expect(data.user).toMatchObject({
        id: guest.id,
        isGuest: false,
        openid: await openidOf(persona),
      });
      expect(page.render().texts).not.toContain("Log in with Douyin");
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "holds the profile for the privacy prompt: refusing says so, agreeing shares it",
    async () => {
      const me = program?.openPage<MeData>(ME_PAGE) as PageHandle<MeData>;
      await me.waitFor((d) => d.status === "ready", 20_000);

      await me.tapButton("Use my Douyin profile");
      await me.waitFor((d) => d.privacyPrompt !== null);
      expect(me.render().texts).toContain("Your privacy");
      await me.tapButton("Not now");
      const refused = await me.waitFor((d) => d.busy === "" && d.notice !== null, 20_000);
      expect(refused.notice).toMatchObject({ code: "PRIVACY_NOT_AGREED" });
      expect(refused.privacyPrompt).toBeNull();

      me.setData({ notice: null });
      await me.tapButton("Use my Douyin profile");
      await me.waitFor((d) => d.privacyPrompt !== null);
      await me.tapButton("Agree");
      const shared = await me.waitFor((d) => d.busy === "" && d.notice !== null, 20_000);
      expect(shared.notice).toMatchObject({ code: "PROFILE_SAVED" });
      expect(shared.profile).not.toBeNull();
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "tells the developer, and hides the button, when Douyin refuses the app phone numbers",
    async () => {
      tt.$sim.phoneNumberAccess = "platform auth deny";
      const me = current<MeData>();
      me.setData({ notice: null });
      await me.tapButton("Verify my phone number");
      const data = await me.waitFor((d) => d.busy === "" && d.notice !== null, 20_000);
      expect(data.notice).toMatchObject({ kind: "error", code: "PHONE_NOT_PERMITTED" });
      expect(me.render().texts).not.toContain("Verify my phone number");
    },
    stepTimeoutMs,
  );

  it(
    "shows, in devtools, why Douyin's own codes fail against an API that talks to the emulator",
    async () => {
      for (const platform of ["devtools", "ios"]) {
        const devtools = createTt({
          emulatorUrl: stack.emulator.url,
          appid,
          platform: "douyin",
          systemInfo: { platform },
        });
        await devtools.$sim.loadSystemInfo();
        const data = await launch(devtools).waitFor(settled, 20_000);
        expect(data.error?.code).toBe("LOGIN_CODE_INVALID");
        if (platform === "devtools") {
          expect(data.error?.hint).toMatch(/MINIAPP_APPID/);
          expect(current<IndexData>().render().texts).toContain(data.error?.hint);
        } else {
          expect(data.error?.hint).toBe("");
        }
        await untilQuiet(devtools, 10_000);
      }
    },
    stepTimeoutMs,
  );
});

describe("a server that never answers", () => {
  let hung: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    hung = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung.close(resolve));
  });

  it(
    "gives way to a retry state within the request timeout (10 s)",
    async () => {
      const address = hung.address();
      if (address === null || typeof address === "string") throw new Error("no port");
      const silent = path.join(stack.tmp, "dist-silent");
      await buildWithCli(silent, {
        MINIAPP_API_BASE_URL: `http://127.0.0.1:${address.port}`,
        MINIAPP_APPID: appid,
      });
      const phone = createTt({ emulatorUrl: stack.emulator.url, appid, user: persona });
      const data = await launch(phone, silent).waitFor(settled, 15_000);
      expect(data.error).toMatchObject({ code: "NETWORK_ERROR", message: /took too long/ });
      expect(current<IndexData>().render().texts).toContain("Try again");
      expect(phone.$sim.requests.at(-1)).toMatchObject({ errMsg: "request:fail timeout" });
    },
    stepTimeoutMs,
  );
});

function launchedTexts(): readonly string[] {
  return current<IndexData>().render().texts;
}
