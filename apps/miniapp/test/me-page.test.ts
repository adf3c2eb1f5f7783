/**
 * The built "My data" page (pages/me/me) against the real emulator (through the tt simulator's
 * device APIs) and the scripted fake API: every action, and the answers the real API gives only
 * in rare cases (stale session key, spent phone code, feature off, expired token).
 */
import { ApiPaths } from "@tt/contract";
import { DEFAULT_APP_TEMPLATES } from "@tt/emulator";
import type { CreateTtOptions, PageHandle } from "@tt/emulator/tt-simulator";
import { describe, expect, it } from "vitest";
import { problem } from "./support/fake-api.ts";
import { useFakeApiApp } from "./support/fake-api-app.ts";
import { SESSION_KEY } from "./support/index-page.ts";
import { loaded, ME_PAGE, type MeData, settled } from "./support/me-page.ts";
import { untilQuiet } from "./support/quiet.ts";

const app = useFakeApiApp("me-page");
const [orderShipped, orderDelivered] = DEFAULT_APP_TEMPLATES.map((t) => t.templateId) as [
  string,
  string,
];

/** Launches the app and opens My data directly, as a navigator tap or a shared link would. */
async function openMe(user: string, options: Partial<CreateTtOptions> = {}) {
  const tt = app.newTt({ user, ...options });
  const page: PageHandle<MeData> = app.launch(tt).openPage<MeData>(ME_PAGE);
  const data = await page.waitFor(loaded);
  expect(data.status).toBe("ready");
  await untilQuiet(tt);
  return { tt, page };
}

/** Starts an action (tap or phone button) and waits until the page has said how it went. */
async function act(page: PageHandle<MeData>, start: () => Promise<unknown>) {
  page.setData({ notice: null });
  await start();
  return page.waitFor(settled);
}

const calls = (path: string) => app.api.calls.filter((call) => call.path === path);

describe("opening My data", () => {
  it("logs in when there is no session, then shows what the user shared (nothing yet)", async () => {
    const { tt, page } = await openMe("me-new");
    expect(tt.$sim.logins).toHaveLength(1);
    expect(page.data).toMatchObject({
      profile: null,
      phone: null,
      phoneEnabled: true,
      location: null,
      addresses: [],
      grants: [],
      notice: null,
      busy: "",
    });
    expect(calls(ApiPaths.me)).toHaveLength(1);
    expect(calls(ApiPaths.meAddresses)).toHaveLength(1);
  });

  it("shows NETWORK_ERROR when the API is down, and loads on retry", async () => {
    const tt = app.newTt({ user: "me-down" });
    app.api.queue(ApiPaths.login, problem(503, "PLATFORM_UNAVAILABLE"));
    const page = app.launch(tt).openPage<MeData>(ME_PAGE);
    expect((await page.waitFor(loaded)).error?.code).toBe("PLATFORM_UNAVAILABLE");
    await page.tap("onRetry");
    expect(page.data.status).toBe("ready");
  });
});

describe("tokens", () => {
  it("are not refreshed twice when a 401 arrives after a refresh has finished", async () => {
    const { tt } = await openMe("me-race");
    const stored = tt.getStorageSync(SESSION_KEY) as { accessToken: string };
    // Both calls of the page carry the same expired token; the address book's 401 is held back
    // until the first 401 has been cured by a refresh and its call repeated.
    app.api.expireAccessToken(stored.accessToken);
    let release: (value?: unknown) => void = () => undefined;
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    app.api.queue(ApiPaths.meAddresses, { ...problem(401, "ACCESS_TOKEN_EXPIRED"), until: gate });
    app.api.calls.length = 0;

    const page: PageHandle<MeData> = app.launch(tt).openPage<MeData>(ME_PAGE);
    await untilCalls(() => calls(ApiPaths.me).length === 2);
    release();
    const data = await page.waitFor(loaded);

    expect(data.status).toBe("ready");
    expect(calls(ApiPaths.refresh)).toHaveLength(1);
    expect(calls(ApiPaths.login)).toHaveLength(0);
    const renewed = tt.getStorageSync(SESSION_KEY) as { accessToken: string };
    expect(calls(ApiPaths.meAddresses).map((call) => call.authorization)).toEqual([
      `Bearer ${stored.accessToken}`,
      `Bearer ${renewed.accessToken}`,
    ]);
  });
});

/** Waits for the fake API to have seen what `done` expects (the page runs on its own). */
async function untilCalls(done: () => boolean) {
  for (let round = 0; round < 500 && !done(); round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(done()).toBe(true);
}

describe("use my Douyin profile", () => {
  it("sends getUserProfile's signed object and shows the profile", async () => {
    const { page } = await openMe("me-profile");
    const data = await act(page, () => page.tap("onUseProfile"));

    expect(data.notice).toMatchObject({ kind: "success", code: "PROFILE_SAVED" });
    const [put] = calls(ApiPaths.meProfile);
    const body = put?.body as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(["encryptedData", "iv", "rawData", "signature"]);
    const info = JSON.parse(body.rawData ?? "{}") as { nickName: string; city: string };
    expect(data.profile).toMatchObject({ nickname: info.nickName, city: info.city });
  });

  it("respects a refusal", async () => {
    const { page } = await openMe("me-profile-deny", { answers: { userProfile: false } });
    const data = await act(page, () => page.tap("onUseProfile"));
    expect(data.notice).toMatchObject({ kind: "warning", code: "DENIED" });
    expect(calls(ApiPaths.meProfile)).toEqual([]);
  });

  it("on SESSION_EXPIRED logs in again and asks for another tap, which then works", async () => {
    const { tt, page } = await openMe("me-profile-stale");
    app.api.queue(ApiPaths.meProfile, problem(401, "SESSION_EXPIRED"));

    const first = await act(page, () => page.tap("onUseProfile"));
    expect(first.notice).toMatchObject({ kind: "warning", code: "TAP_AGAIN" });
    expect(first.notice?.message).toMatch(/Tap “Use my Douyin profile” again/);
    expect(tt.$sim.logins).toHaveLength(2);
    expect(calls(ApiPaths.login)).toHaveLength(2);

    const second = await act(page, () => page.tap("onUseProfile"));
    expect(second.notice?.code).toBe("PROFILE_SAVED");
  });

  it("cannot be fetched outside a tap: the simulator fails it as a phone would", async () => {
    const { page } = await openMe("me-profile-no-tap");
    const onUseProfile = page.instance.onUseProfile as () => Promise<void>;
    await onUseProfile.call(page.instance); // called by code, not by a finger
    expect(page.data.notice).toEqual({
      kind: "error",
      code: "TT_GETUSERPROFILE_FAILED",
      message: "getUserProfile:fail must be invoked by user tap gesture",
    });
    expect(calls(ApiPaths.meProfile)).toEqual([]);
  });

  it("refreshes an expired access token and sends the profile once more", async () => {
    const { tt, page } = await openMe("me-profile-refresh");
    const { accessToken } = tt.getStorageSync(SESSION_KEY) as { accessToken: string };
    app.api.expireAccessToken(accessToken);
    const data = await act(page, () => page.tap("onUseProfile"));
    expect(data.notice?.code).toBe("PROFILE_SAVED");
    expect(
      app.api.calls
        .slice(-3)
        .map((call) => `${call.method} ${call.path} ${call.authorization ?? ""}`),
    ).toEqual([
      `PUT ${ApiPaths.meProfile} Bearer ${accessToken}`,
      `POST ${ApiPaths.refresh} `,
      expect.stringMatching(new RegExp(`^PUT ${ApiPaths.meProfile} Bearer (?!${accessToken})`)),
    ]);
  });
});

describe("the phone number button", () => {
  it("sends {encryptedData, iv} or {code}, whichever the button gave, and shows the masked number", async () => {
    const { page } = await openMe("me-phone");
    const encrypted = await act(page, () =>
      page.tapPhoneButton("onGetPhoneNumber", { flow: "encrypted" }),
    );
    expect(encrypted.notice).toMatchObject({ code: "PHONE_SAVED" });
    expect(encrypted.phone?.masked).toBe("138****0000");
    await act(page, () => page.tapPhoneButton("onGetPhoneNumber", { flow: "code" }));

    const bodies = calls(ApiPaths.mePhone).map((call) => Object.keys(call.body as object).sort());
    expect(bodies).toEqual([["encryptedData", "iv"], ["code"]]);
  });

  it("does nothing but say so when the user refuses", async () => {
    const { page } = await openMe("me-phone-deny");
    const data = await act(page, () => page.tapPhoneButton("onGetPhoneNumber", { allow: false }));
    expect(data.notice?.code).toBe("DENIED");
    expect(calls(ApiPaths.mePhone)).toEqual([]);
  });

  it("hides the button on PHONE_NUMBER_DISABLED", async () => {
    const { page } = await openMe("me-phone-off");
    app.api.queue(ApiPaths.mePhone, problem(403, "PHONE_NUMBER_DISABLED"));
    const data = await act(page, () => page.tapPhoneButton("onGetPhoneNumber"));
    expect(data).toMatchObject({ phoneEnabled: false, notice: { code: "PHONE_NUMBER_DISABLED" } });
  });

  it("tells the developer when Douyin refuses the app (platform auth deny), and hides the button", async () => {
    const { page } = await openMe("me-phone-platform");
    const data = await act(page, () =>
      page.trigger("getphonenumber", "onGetPhoneNumber", {
        detail: { errMsg: "getPhoneNumber:fail platform auth deny" },
      }),
    );
    expect(data).toMatchObject({
      phoneEnabled: false,
      notice: { kind: "error", code: "PHONE_NOT_PERMITTED", message: /capability/ },
    });
    expect(calls(ApiPaths.mePhone)).toEqual([]);
  });

  it("offers Douyin's login when the button says the person is not logged in", async () => {
    const { page } = await openMe("me-phone-not-login");
    const data = await act(page, () =>
      page.trigger("getphonenumber", "onGetPhoneNumber", {
        detail: { errMsg: "getPhoneNumber:fail not login" },
      }),
    );
    expect(data).toMatchObject({ isGuest: true, notice: { code: "DOUYIN_LOGIN_NEEDED" } });
    expect(calls(ApiPaths.mePhone)).toEqual([]);
  });

  it("asks to tap again on PHONE_CODE_INVALID, and logs in again first on SESSION_EXPIRED", async () => {
    const { tt, page } = await openMe("me-phone-again");
    app.api.queue(ApiPaths.mePhone, problem(400, "PHONE_CODE_INVALID"));
    const spent = await act(page, () => page.tapPhoneButton("onGetPhoneNumber", { flow: "code" }));
    expect(spent.notice).toMatchObject({ code: "TAP_AGAIN", message: /confirmation expired/ });
    expect(tt.$sim.logins).toHaveLength(1);

    app.api.queue(ApiPaths.mePhone, problem(401, "SESSION_EXPIRED"));
    const stale = await act(page, () => page.tapPhoneButton("onGetPhoneNumber"));
    expect(stale.notice).toMatchObject({ code: "TAP_AGAIN", message: /session was renewed/ });
    expect(tt.$sim.logins).toHaveLength(2);
  });
});

describe("share my location", () => {
  it("asks for scope.userLocation, sends tt.getLocation's object with coordType, shows it", async () => {
    const { tt, page } = await openMe("me-location");
    const data = await act(page, () => page.tap("onShareLocation"));

    expect(data.notice?.code).toBe("LOCATION_SAVED");
    expect(tt.$sim.ui).toContainEqual({
      type: "authorize",
      scope: "scope.userLocation",
      allowed: true,
    });
    const [put] = calls(ApiPaths.meLocation);
    const body = put?.body as { latitude: number; longitude: number; coordType: string };
    expect(body).toMatchObject({ coordType: "wgs84", accuracy: expect.any(Number) });
    expect(data.location?.coordinates).toBe(
      `${body.latitude.toFixed(5)}, ${body.longitude.toFixed(5)} (wgs84)`,
    );
  });

  it("offers the settings after a refusal, and shares once the user allows it there", async () => {
    const { tt, page } = await openMe("me-location-deny", {
      answers: { authorize: { "scope.userLocation": false } },
    });
    const refused = await act(page, () => page.tap("onShareLocation"));
    expect(refused).toMatchObject({ locationDenied: true, notice: { code: "LOCATION_DENIED" } });
    expect(calls(ApiPaths.meLocation)).toEqual([]);

    tt.$sim.answers.openSetting = { "scope.userLocation": true };
    const allowed = await act(page, () => page.tap("onOpenSettings"));
    expect(allowed).toMatchObject({ locationDenied: false, notice: { code: "LOCATION_SAVED" } });
  });
});

describe("choose address", () => {
  it("sends the picked address and shows the book; cancelling sends nothing", async () => {
    const { tt, page } = await openMe("me-address");
    const data = await act(page, () => page.tap("onChooseAddress"));
    expect(data.notice?.code).toBe("ADDRESS_SAVED");
    expect(data.addresses).toHaveLength(1);
    const [put] = calls(ApiPaths.meAddress);
    expect(Object.keys(put?.body as object).sort()).toEqual([
      "cityName",
      "countyName",
      "detailInfo",
      "provinceName",
      "telNumber",
      "userName",
    ]);

    tt.$sim.answers.chooseAddress = "cancel";
    await page.tap("onChooseAddress");
    await page.waitFor((current) => current.busy === "");
    expect(calls(ApiPaths.meAddress)).toHaveLength(1);
    expect(page.data.notice).toBeNull();
  });

  it("offers the settings after a refusal, and saves once the user allows it there", async () => {
    const { tt, page } = await openMe("me-address-deny", {
      answers: { authorize: { "scope.address": false } },
    });
    const refused = await act(page, () => page.tap("onChooseAddress"));
    expect(refused).toMatchObject({ addressDenied: true, notice: { code: "ADDRESS_DENIED" } });
    expect(calls(ApiPaths.meAddress)).toEqual([]);

    tt.$sim.answers.openSetting = { "scope.address": true };
    const allowed = await act(page, () => page.tap("onOpenAddressSettings"));
    expect(allowed).toMatchObject({ addressDenied: false, notice: { code: "ADDRESS_SAVED" } });
    expect(calls(ApiPaths.meAddress)).toHaveLength(1);
  });
});

describe("subscribe to order updates", () => {
  it("asks for the configured templates inside the tap and sends the answer unchanged", async () => {
    const { page } = await openMe("me-subscribe");
    const data = await act(page, () => page.tap("onSubscribe"));

    expect(data.notice?.code).toBe("SUBSCRIBED");
    const posts = calls(ApiPaths.meSubscriptions);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    const { result } = (post as { body: unknown }).body as {
      result: { templateSettings: Record<string, unknown> };
    };
    expect(Object.keys(result.templateSettings).sort()).toEqual(
      [orderShipped, orderDelivered].sort(),
    );
    expect(result).toMatchObject({ errMsg: "requestSubscribeMessage:ok" });
    expect(data.grants).toEqual([
      { templateId: orderShipped, label: "Order updates", detail: "One-time: 1 message left" },
      { templateId: orderDelivered, label: "Order updates", detail: "One-time: 1 message left" },
    ]);
  });

  it("says so when the user accepts nothing, and reads the legacy answer shape too", async () => {
    const { tt, page } = await openMe("me-subscribe-no", {
      answers: {
        subscribe: { decisions: { [orderShipped]: "reject", [orderDelivered]: "reject" } },
      },
    });
    const none = await act(page, () => page.tap("onSubscribe"));
    expect(none).toMatchObject({ notice: { code: "NOT_SUBSCRIBED" }, grants: [] });

    tt.$sim.answers.subscribe = { shape: "legacy", decisions: { [orderDelivered]: "reject" } };
    const legacy = await act(page, () => page.tap("onSubscribe"));
    expect(legacy.notice?.code).toBe("SUBSCRIBED");
    expect(legacy.grants.map((grant) => grant.templateId)).toEqual([orderShipped]);
  });
});
