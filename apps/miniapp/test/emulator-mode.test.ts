/**
 * Emulator mode, the default build, as Douyin devtools would run it with no appid of one's own:
 * the platform's device side (login codes, the profile, the phone number, subscription decisions)
 * comes from the emulator's /device/* over tt.request, never from tt.login or Douyin's own
 * dialogs; the real API (a child process) exchanges the emulator's codes with the emulator. The
 * tests run in order: each step starts where the previous one left off.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { User } from "@tt/contract";
import {
  createTt,
  loadMiniProgram,
  type MiniProgram,
  type ModalAnswer,
  type PageHandle,
  type SimulatedTt,
} from "@tt/emulator/tt-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexData } from "./support/index-page.ts";
import { ME_PAGE, type MeData } from "./support/me-page.ts";
import { untilQuiet } from "./support/quiet.ts";
import { openidOf as emulatorOpenid, useStack } from "./support/stack.ts";

const stepTimeoutMs = 30_000;
// No MINIAPP_APPID: emulator mode, the emulator at MINIAPP_EMULATOR_URL.
const stack = useStack("emulator-mode", {
  build: ({ emulatorUrl }) => ({ MINIAPP_EMULATOR_URL: emulatorUrl }),
});

let tt: SimulatedTt;
let program: MiniProgram | undefined;
/** What the simulated person taps in the next dialogs (tt.showModal): confirm by default. */
let modalAnswer: ModalAnswer = { confirm: true, cancel: false };

beforeAll(() => {
  tt = createTt({
    emulatorUrl: stack.emulator.url,
    answerModal: () => modalAnswer,
    privacyAgreed: true,
  });
});

afterAll(() => program?.close());

function launch(): PageHandle<IndexData> {
  program?.close();
  program = loadMiniProgram(stack.dist, { tt });
  program.launch();
  return program.openPage<IndexData>("pages/index/index");
}

const index = () => program?.currentPages()[0] as PageHandle<IndexData>;
const signedIn = (data: IndexData) => data.status !== "loading" && !data.busy;

const openidOf = (persona: string) => emulatorOpenid(stack.emulator, persona);

const devicePaths = () =>
  tt.$sim.requests
    .map((request) => new URL(request.url))
    .filter((url) => url.origin === stack.emulator.url)
    .map((url) => url.pathname);

describe("an emulator-mode build", () => {
  it("is opened by devtools with the test appid and says it is the emulator", () => {
    const project = JSON.parse(readFileSync(path.join(stack.dist, "project.config.json"), "utf8"));
    expect(project.appid).toBe("testappid");
    for (const page of ["pages/index/index.ttml", "pages/me/me.ttml"]) {
      expect(readFileSync(path.join(stack.dist, page), "utf8")).toMatch(/>Emulator</);
    }
  });

  it(
    "signs in the default persona through the emulator's /device/login, not tt.login",
    async () => {
      const data = await launch().waitFor(signedIn, 20_000);
      expect(data.status, JSON.stringify(data.error)).toBe("ready");
      expect(data.persona).toBe("alice");
      expect(data.user).toMatchObject({ isGuest: false, openid: await openidOf("alice") });
      expect(tt.$sim.logins).toEqual([]);
      expect(devicePaths()).toEqual(["/device/login"]);
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "switches the person holding the phone from the picker",
    async () => {
      const page = index();
      const bob = (page.data.personas ?? []).indexOf("bob");
      await page.trigger("change", "onPickPersona", { detail: { value: bob } });
      const data = await page.waitFor((d) => signedIn(d) && d.persona === "bob", 20_000);
      expect(data.user).toMatchObject({ isGuest: false, openid: await openidOf("bob") });
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  let guest: User;

  it(
    "makes a guest of a person not logged in to Douyin",
    async () => {
      const page = index();
      await page.trigger("change", "onToggleDouyinLogin", { detail: { value: false } });
      const bob = await page.waitFor((d) => signedIn(d) && d.douyinLoggedIn === false, 20_000);
      // Bob has an account: his anonymous login gets a guest of its own, never his account.
      expect(bob.user).toMatchObject({ isGuest: true, openid: null });
      const bobsGuest = bob.user?.id; // waitFor answers the live data object

      const carol = (page.data.personas ?? []).indexOf("carol");
      await page.trigger("change", "onPickPersona", { detail: { value: carol } });
      const data = await page.waitFor((d) => signedIn(d) && d.persona === "carol", 20_000);
      expect(data.user).toMatchObject({ isGuest: true, openid: null });
      expect(data.user?.id).not.toBe(bobsGuest);
      guest = data.user as User;
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "keeps the guest when Douyin's login panel is closed",
    async () => {
      modalAnswer = { confirm: false, cancel: true };
      const page = index();
      await page.tap("onLoginWithDouyin");
      const data = await page.waitFor((d) => !d.busy && d.notice !== null, 20_000);
      expect(data.notice).toMatchObject({ kind: "warning", code: "STILL_GUEST" });
      expect(data.user?.id).toBe(guest.id);
      modalAnswer = { confirm: true, cancel: false };
    },
    stepTimeoutMs,
  );

  it(
    "turns the guest into a Douyin user (the same account) from the index page",
    async () => {
      const page = index();
      page.setData({ notice: null });
      await page.tap("onLoginWithDouyin");
      const data = await page.waitFor((d) => !d.busy && d.notice !== null, 20_000);
      expect(data.notice).toMatchObject({ kind: "success", code: "DOUYIN_LOGIN" });
      expect(data.user).toMatchObject({
        id: guest.id,
        isGuest: false,
        openid: await openidOf("carol"),
      });
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "shares the profile, the phone number and a subscription through the emulator's device side",
    async () => {
      const me = program?.openPage<MeData>(ME_PAGE) as PageHandle<MeData>;
      const ready = await me.waitFor((d) => d.status !== "loading", 20_000);
      expect(ready.status).toBe("ready");
      expect(ready.persona).toBe("carol");

      const act = async (handler: string) => {
        me.setData({ notice: null });
        await me.tap(handler);
        return me.waitFor((d) => d.busy === "" && d.notice !== null, 20_000);
      };
      expect((await act("onUseProfile")).notice?.code).toBe("PROFILE_SAVED");
      const phone = await act("onTapPhoneNumber");
      expect(phone.notice?.code).toBe("PHONE_SAVED");
      expect(phone.phone?.masked).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect((await act("onSubscribe")).notice?.code).toBe("SUBSCRIBED");
      // Both templates the build asks for, accepted in the emulator's dialog: one credit each.
      expect(me.data.grants.map((grant) => [grant.label, grant.detail])).toEqual([
        ["Order updates", "One-time: 1 message left"],
        ["Order updates", "One-time: 1 message left"],
      ]);

      expect(devicePaths()).toEqual(
        expect.arrayContaining([
          "/device/user-profile",
          "/device/phone-number",
          "/device/subscribe",
        ]),
      );
      expect(tt.$sim.logins).toEqual([]);
      await untilQuiet(tt, 10_000);
    },
    stepTimeoutMs,
  );

  it(
    "says so when the person refuses the phone number in the emulator's dialog",
    async () => {
      modalAnswer = { confirm: false, cancel: true };
      const me = program?.currentPages().at(-1) as PageHandle<MeData>;
      me.setData({ notice: null });
      await me.tap("onTapPhoneNumber");
      const data = await me.waitFor((d) => d.busy === "" && d.notice !== null, 20_000);
      expect(data.notice).toMatchObject({ kind: "warning", code: "DENIED" });
      modalAnswer = { confirm: true, cancel: false };
    },
    stepTimeoutMs,
  );
});
