/**
 * End to end, the user-data features: the built mini-program, run by the tt simulator against the
 * real emulator and the real API (a child process), on the "My data" page. The tests run in order
 * and share one user: each step starts where the previous one left off.
 */
import { createDecipheriv, randomBytes } from "node:crypto";
import {
  AdminKeyHeader,
  ApiPaths,
  type MeResponse,
  type Message,
  type MessageAccepted,
  type User,
} from "@tt/contract";
import { DEFAULT_APP_TEMPLATES } from "@tt/emulator";
import {
  createTt,
  loadMiniProgram,
  type MiniProgram,
  type PageHandle,
  type SimulatedTt,
} from "@tt/emulator/tt-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IndexData, SESSION_KEY } from "./support/index-page.ts";
import { loaded, ME_PAGE, type MeData, settled } from "./support/me-page.ts";
import { untilQuiet } from "./support/quiet.ts";
import { emulatorAppid as appid, useStack } from "./support/stack.ts";

const persona = "e2e-data-user";
const stepTimeoutMs = 30_000;
const [shipped, booked] = DEFAULT_APP_TEMPLATES as unknown as [
  (typeof DEFAULT_APP_TEMPLATES)[number],
  (typeof DEFAULT_APP_TEMPLATES)[number],
];

let tt: SimulatedTt;
let program: MiniProgram | undefined;
let page: PageHandle<MeData>;
const adminKey = randomBytes(24).toString("base64url");
/** The persona's full phone number, learnt from the emulator: it must never come back from the API. */
let phoneNumber = "";

const stack = useStack("e2e-user-data", {
  build: () => ({ MINIAPP_APPID: appid }),
  api: {
    ADMIN_API_KEY: adminKey,
    // With explicit credentials the API does not assume the emulator's templates: name them.
    SUBSCRIPTION_TEMPLATES: JSON.stringify(
      DEFAULT_APP_TEMPLATES.map(({ templateId, kind }) => ({ id: templateId, kind })),
    ),
    OUTBOX_POLL_INTERVAL_MS: "100",
  },
});

beforeAll(() => {
  // The person agreed to the privacy guidelines long ago (real-mode.test.ts covers the prompt).
  tt = createTt({ emulatorUrl: stack.emulator.url, appid, user: persona, privacyAgreed: true });
  program = loadMiniProgram(stack.dist, { tt });
  program.launch({ scene: "e2e" });
});

afterAll(() => program?.close());

const requestsSince = (start: number) =>
  tt.$sim.requests
    .slice(start)
    .map((r) => `${r.method} ${new URL(r.url).pathname} ${r.statusCode ?? r.errMsg}`);
const accessToken = () => (tt.getStorageSync(SESSION_KEY) as { accessToken: string }).accessToken;

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers
async function apiJson(method: string, route: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(`${stack.api.url}${route}`, { ...init, method });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}
const me = async (): Promise<{ body: MeResponse; text: string }> => {
  const answer = await apiJson("GET", ApiPaths.me, {
    headers: { authorization: `Bearer ${accessToken()}` },
  });
  expect(answer.status).toBe(200);
  return { body: answer.json, text: answer.text };
};
// biome-ignore lint/suspicious/noExplicitAny: emulator answers are read as JSON
async function emulatorJson(route: string, init?: RequestInit): Promise<any> {
  return (await fetch(`${stack.emulator.url}${route}`, init)).json();
}

/** Starts an action and waits until the page has said how it went. */
async function act(start: () => Promise<unknown>) {
  page.setData({ notice: null });
  await start();
  return page.waitFor(settled, 20_000);
}

function admin(method: string, route: string, body?: object) {
  return apiJson(method, route, {
    headers: {
      [AdminKeyHeader]: adminKey,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

async function messageUntil(id: string, done: (status: string) => boolean): Promise<Message> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await admin("GET", ApiPaths.adminMessage.replace(":id", id));
    expect(answer.status).toBe(200);
    const message = answer.json as Message;
    if (done(message.status)) return message;
    if (Date.now() > deadline) throw new Error(`message ${id} still ${message.status} after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function sendToUser(templateId: string, data: Record<string, string>) {
  const user = (tt.getStorageSync(SESSION_KEY) as { user: User }).user;
  return admin("POST", ApiPaths.adminMessages, {
    openid: user.openid,
    templateId,
    data,
    page: "pages/me/me",
  });
}

function decryptPhone(sessionKey: string, iv: string, encryptedData: string): string {
  const decipher = createDecipheriv(
    "aes-128-cbc",
    Buffer.from(sessionKey, "base64"),
    Buffer.from(iv, "base64"),
  );
  const plain = Buffer.concat([
    decipher.update(Buffer.from(encryptedData, "base64")),
    decipher.final(),
  ]);
  return (JSON.parse(plain.toString("utf8")) as { purePhoneNumber: string }).purePhoneNumber;
}

describe("the user's data through the real API", () => {
  it(
    "logs in and reports the device once, then opens My data",
    async () => {
      const index = program?.openPage<IndexData>("pages/index/index") as PageHandle<IndexData>;
      expect((await index.waitFor((data) => data.status !== "loading", 20_000)).status).toBe(
        "ready",
      );
      await untilQuiet(tt, 10_000);
      expect(requestsSince(0)).toEqual(["POST /api/auth/login 200", "PUT /api/me/device 200"]);

      page = program?.openPage<MeData>(ME_PAGE) as PageHandle<MeData>;
      const data = await page.waitFor(loaded, 20_000);
      expect(data.error).toBeNull();
      const phone = await emulatorJson(`/device/system-info?appid=${appid}&user=${persona}`);
      expect(data.device).toEqual({
        name: `${phone.brand} ${phone.model}`,
        system: phone.system,
        host: `${phone.appName} ${phone.version} (base library ${phone.SDKVersion})`,
      });
      expect(tt.$sim.logins).toHaveLength(1);
    },
    stepTimeoutMs,
  );

  it(
    "stores the Douyin profile (PUT /api/me/profile) and shows it",
    async () => {
      const before = tt.$sim.requests.length;
      const data = await act(() => page.tap("onUseProfile"));

      expect(data.notice).toMatchObject({ code: "PROFILE_SAVED" });
      expect(requestsSince(before)).toEqual(["PUT /api/me/profile 200"]);
      const sent = tt.$sim.requests.at(-1)?.data as { rawData: string };
      const info = JSON.parse(sent.rawData) as { nickName: string; city: string };
      expect(data.profile).toMatchObject({ nickname: info.nickName, city: info.city });
    },
    stepTimeoutMs,
  );

  it(
    "verifies the phone number with the old flow (encryptedData), showing it masked only",
    async () => {
      const before = tt.$sim.requests.length;
      const data = await act(async () => {
        const detail = (await page.tapPhoneButton("onGetPhoneNumber", {
          flow: "encrypted",
        })) as { encryptedData: string; iv: string };
        const { sessionKey } = await emulatorJson(
          `/emulator/session?appid=${appid}&user=${persona}`,
        );
        phoneNumber = decryptPhone(sessionKey, detail.iv, detail.encryptedData);
      });

      expect(data.notice).toMatchObject({ code: "PHONE_SAVED" });
      expect(requestsSince(before)).toEqual(["PUT /api/me/phone 200"]);
      expect(phoneNumber).toMatch(/^\d{11}$/);
      expect(data.phone?.masked).toBe(`${phoneNumber.slice(0, 3)}****${phoneNumber.slice(-4)}`);
      expect(JSON.stringify(tt.$sim.requests.at(-1)?.responseData)).not.toContain(phoneNumber);
    },
    stepTimeoutMs,
  );

  it(
    "verifies it again with the new flow (code)",
    async () => {
      const before = tt.$sim.requests.length;
      const data = await act(() => page.tapPhoneButton("onGetPhoneNumber", { flow: "code" }));

      expect(data.notice).toMatchObject({ code: "PHONE_SAVED" });
      expect(requestsSince(before)).toEqual(["PUT /api/me/phone 200"]);
      expect(tt.$sim.requests.at(-1)?.data).toEqual({ code: expect.any(String) });
      expect(data.phone?.masked).toBe(`${phoneNumber.slice(0, 3)}****${phoneNumber.slice(-4)}`);
    },
    stepTimeoutMs,
  );

  it(
    "shares the location (authorize → getLocation → PUT /api/me/location)",
    async () => {
      const before = tt.$sim.requests.length;
      const data = await act(() => page.tap("onShareLocation"));

      expect(data.notice).toMatchObject({ code: "LOCATION_SAVED" });
      expect(requestsSince(before)).toEqual(["PUT /api/me/location 200"]);
      const here = await emulatorJson(`/device/location?appid=${appid}&user=${persona}&type=wgs84`);
      expect(data.location).toMatchObject({
        coordinates: `${here.latitude.toFixed(5)}, ${here.longitude.toFixed(5)} (wgs84)`,
        city: here.city,
      });
    },
    stepTimeoutMs,
  );

  it(
    "keeps one address book entry when the same address is chosen twice",
    async () => {
      const first = await act(() => page.tap("onChooseAddress"));
      expect(first.notice).toMatchObject({ code: "ADDRESS_SAVED" });
      expect(first.addresses).toHaveLength(1);
      const second = await act(() => page.tap("onChooseAddress"));
      expect(second.addresses).toHaveLength(1);
      expect(second.addresses[0]?.id).toBe(first.addresses[0]?.id);

      const chosen = await emulatorJson(`/device/address?appid=${appid}&user=${persona}`);
      expect(second.addresses[0]).toMatchObject({
        userName: chosen.userName,
        detailInfo: chosen.detailInfo,
        telMasked: expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
      });
      const book = await apiJson("GET", ApiPaths.meAddresses, {
        headers: { authorization: `Bearer ${accessToken()}` },
      });
      expect(book.json.addresses).toHaveLength(1);
      expect(book.text).not.toContain(chosen.telNumber);
    },
    stepTimeoutMs,
  );

  it(
    "subscribes to order updates: one credit per accepted one-time template",
    async () => {
      const before = tt.$sim.requests.length;
      const data = await act(() => page.tap("onSubscribe"));

      expect(data.notice).toMatchObject({ code: "SUBSCRIBED" });
      expect(requestsSince(before)).toEqual(["POST /api/me/subscriptions 200"]);
      expect(data.grants).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            templateId: shipped.templateId,
            detail: "One-time: 1 message left",
          }),
          expect.objectContaining({
            templateId: booked.templateId,
            detail: "One-time: 1 message left",
          }),
        ]),
      );
    },
    stepTimeoutMs,
  );

  it(
    "an admin send is delivered to the persona's inbox; a second one on the spent grant is rejected",
    async () => {
      const data = Object.fromEntries(
        shipped.keywords.map((keyword, i) => [keyword, `e2e value ${i}`]),
      );
      const queued = await sendToUser(shipped.templateId, data);
      expect(queued.status).toBe(202);
      const accepted = queued.json as MessageAccepted;
      const sent = await messageUntil(
        accepted.id,
        (status) => status === "sent" || status === "rejected" || status === "failed",
      );
      expect(sent).toMatchObject({ status: "sent", templateId: shipped.templateId });

      const inbox = await emulatorJson(`/device/inbox?appid=${appid}&user=${persona}`);
      expect(inbox.messages).toEqual([
        expect.objectContaining({ templateId: shipped.templateId, data, page: "pages/me/me" }),
      ]);

      const again = await sendToUser(shipped.templateId, data);
      expect(again.status).toBe(202);
      const rejected = await messageUntil(
        (again.json as MessageAccepted).id,
        (status) => status !== "queued" && status !== "sending",
      );
      expect(rejected.status).toBe("rejected");
      expect(
        (await emulatorJson(`/device/inbox?appid=${appid}&user=${persona}`)).messages,
      ).toHaveLength(1);
    },
    stepTimeoutMs,
  );

  it(
    "GET /api/me shows it all, the phone number masked only",
    async () => {
      const { body, text } = await me();
      expect(body).toMatchObject({
        user: { openid: expect.any(String), isGuest: false },
        profile: { nickname: page.data.profile?.nickname },
        phone: { masked: page.data.phone?.masked, countryCode: expect.any(String) },
        device: { model: expect.any(String) },
        location: { coordType: "wgs84", latitude: expect.any(Number) },
      });
      expect(body.grants).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ templateId: shipped.templateId, credits: 0 }),
          expect.objectContaining({ templateId: booked.templateId, credits: 1 }),
        ]),
      );
      expect(text).not.toContain(phoneNumber);

      // And the page, loaded again, shows the same.
      page.unload();
      page = program?.openPage<MeData>(ME_PAGE) as PageHandle<MeData>;
      const reloaded = await page.waitFor(loaded, 20_000);
      expect(reloaded.grants.find((g) => g.templateId === shipped.templateId)?.detail).toBe(
        "One-time: 0 messages left",
      );
      expect(reloaded.addresses).toHaveLength(1);
    },
    stepTimeoutMs,
  );

  it(
    "with a stale session key (tt.login ran outside the app) logs in again, and the next tap works",
    async () => {
      const outside = await emulatorJson("/device/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ appid, user: persona }),
      });
      expect(outside.code).toEqual(expect.any(String));
      const logins = tt.$sim.logins.length;
      const before = tt.$sim.requests.length;

      const first = await act(() => page.tap("onUseProfile"));
      expect(first.notice).toMatchObject({ code: "TAP_AGAIN" });
      expect(tt.$sim.logins).toHaveLength(logins + 1);
      await untilQuiet(tt, 10_000);
      expect(requestsSince(before)).toEqual([
        "PUT /api/me/profile 401",
        "POST /api/auth/login 200",
        "PUT /api/me/device 200",
      ]);
      expect(tt.$sim.requests[before]?.responseData).toMatchObject({ code: "SESSION_EXPIRED" });

      const second = await act(() => page.tap("onUseProfile"));
      expect(second.notice).toMatchObject({ code: "PROFILE_SAVED" });
      expect(requestsSince(before).at(-1)).toBe("PUT /api/me/profile 200");
    },
    stepTimeoutMs,
  );

  it(
    "leaves no full phone number in the API's log",
    async () => {
      expect(phoneNumber).not.toBe("");
      expect(stack.api.log()).toMatch(/phone number verified/);
      expect(stack.api.log()).not.toContain(phoneNumber);
    },
    stepTimeoutMs,
  );
});
