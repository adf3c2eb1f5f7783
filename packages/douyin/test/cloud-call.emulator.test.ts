// Douyin Cloud's "云调用": every call goes to the cloud-call hosts and carries no token, and no
// token is ever fetched. Checked on the wire (a recording fetch) and against the emulator.
import { describe, expect, it } from "vitest";
import {
  CLOUD_CALL_BASE_URLS,
  createDouyinClient,
  DouyinConfigError,
  isDouyinConfigError,
} from "../src/index.ts";
import { APP, ONE_TIME_TEMPLATE, useEmulator } from "./calls-support.ts";

const emu = useEmulator("sdk-cloud-call");

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The global fetch, with each request written down. */
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : {};
    sent.push({ url: String(input), headers, body });
    return fetch(input, init);
  };
}

describe("cloudCall configuration", () => {
  it("uses the cloud-call hosts over HTTP in production", () => {
    const client = createDouyinClient({ ...APP, cloudCall: true });
    expect(client.cloudCall).toBe(true);
    expect(client.baseUrls).toEqual(CLOUD_CALL_BASE_URLS);
    expect(CLOUD_CALL_BASE_URLS.developer).toBe(
      "http://developer-toutiao-com.openapi.dyc.ivolces.com",
    );
  });

  it("lets explicit base URLs win, and is off by default", () => {
    const client = createDouyinClient({
      ...APP,
      cloudCall: true,
      baseUrls: { open: "http://open.internal" },
    });
    expect(client.baseUrls).toEqual({ ...CLOUD_CALL_BASE_URLS, open: "http://open.internal" });
    expect(createDouyinClient(APP).cloudCall).toBe(false);
  });

  it("refuses the sandbox and a value that is not a boolean", () => {
    const failure = (config: object) => {
      try {
        createDouyinClient({ ...APP, ...config });
      } catch (error) {
        return error;
      }
      throw new Error("no error");
    };
    const sandbox = failure({ cloudCall: true, environment: "sandbox" });
    expect(isDouyinConfigError(sandbox) && sandbox.field).toBe("cloudCall");
    expect(failure({ cloudCall: "yes" })).toBeInstanceOf(DouyinConfigError);
  });
});

describe("cloud calls against the emulator", () => {
  it("sends every call without a token and never fetches one", async () => {
    const sent: Sent[] = [];
    const client = createDouyinClient({
      ...APP,
      environment: "emulator",
      emulatorUrl: emu.emulator().url,
      cloudCall: true,
      fetch: recordingFetch(sent),
    });
    const openid = await emu.openidOf("cloud-sdk");
    await emu.control("POST", "/device/subscribe", {
      user: "cloud-sdk",
      tmplIds: [ONE_TIME_TEMPLATE.id],
    });

    await client.censorText({ contents: ["hello"] });
    await client.censorTextV2({ contents: ["hello"] });
    expect(
      await client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id }),
    ).toMatchObject({ subscribeStatus: expect.any(Number) });
    await client.notifyUser({
      openid,
      templateId: ONE_TIME_TEMPLATE.id,
      data: ONE_TIME_TEMPLATE.data,
    });
    await client.createQrCode({});

    expect(sent).toHaveLength(5);
    for (const request of sent) {
      expect(request.url.startsWith(`${emu.emulator().url}/cloud-call/${APP.appid}/`)).toBe(true);
      expect(request.headers["access-token"]).toBeUndefined();
      expect(request.headers["x-token"]).toBeUndefined();
      expect(request.body.access_token).toBeUndefined();
    }
    expect(await emu.calls("/oauth/client_token/")).toBe(0);
    expect(await emu.calls("/api/apps/v2/token")).toBe(0);
    const inbox = await emu.control("GET", "/device/inbox?user=cloud-sdk");
    expect(inbox.messages).toHaveLength(1);
  });

  it("exchanges login codes through the cloud-call host", async () => {
    const client = createDouyinClient({
      ...APP,
      environment: "emulator",
      emulatorUrl: emu.emulator().url,
      cloudCall: true,
    });
    const codes = await emu.control("POST", "/device/login", { user: "cloud-login" });
    const session = await client.code2session({ code: codes.code });
    expect(session.openid).toBe(await emu.openidOf("cloud-login"));
    const stats = await emu.control("GET", "/emulator/stats");
    expect(stats.cloudCalls["/api/apps/v2/jscode2session"]).toBe(1);
  });

  it("has no tokens to give", async () => {
    const client = createDouyinClient({ ...APP, environment: "emulator", cloudCall: true });
    await expect(client.tokens.accessToken()).rejects.toBeInstanceOf(DouyinConfigError);
    await expect(client.tokens.clientToken()).rejects.toBeInstanceOf(DouyinConfigError);
    await expect(
      client.tokens.withToken("client_token", async (token) => token),
    ).rejects.toBeInstanceOf(DouyinConfigError);
  });
});
