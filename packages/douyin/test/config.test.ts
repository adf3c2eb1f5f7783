import { describe, expect, it } from "vitest";
import {
  createDouyinClient,
  type DouyinClientConfig,
  DouyinConfigError,
  isDouyinConfigError,
} from "../src/index.ts";

const credentials = { appid: "tt_app", secret: "very-secret-value" };

describe("createDouyinClient configuration", () => {
  it("uses production hosts and a 5 s timeout by default", () => {
    const client = createDouyinClient(credentials);
    expect(client.environment).toBe("production");
    expect(client.baseUrls).toEqual({
      developer: "https://developer.toutiao.com",
      open: "https://open.douyin.com",
    });
    expect(client.timeoutMs).toBe(5000);
  });

  it("uses the sandbox host for both families", () => {
    expect(createDouyinClient({ ...credentials, environment: "sandbox" }).baseUrls).toEqual({
      developer: "https://open-sandbox.douyin.com",
      open: "https://open-sandbox.douyin.com",
    });
  });

  it("uses the emulator for both families", () => {
    expect(createDouyinClient({ ...credentials, environment: "emulator" }).baseUrls).toEqual({
      developer: "http://127.0.0.1:3100",
      open: "http://127.0.0.1:3100",
    });
    const custom = createDouyinClient({
      ...credentials,
      environment: "emulator",
      emulatorUrl: "http://localhost:9999/",
    });
    expect(custom.baseUrls.developer).toBe("http://localhost:9999");
  });

  it("lets each family's base URL be overridden", () => {
    const client = createDouyinClient({
      ...credentials,
      baseUrls: { open: "https://proxy.example.com/douyin/" },
    });
    expect(client.baseUrls).toEqual({
      developer: "https://developer.toutiao.com",
      open: "https://proxy.example.com/douyin",
    });
  });

  it("does not expose the secret", () => {
    const client = createDouyinClient(credentials);
    expect(JSON.stringify(client)).not.toContain(credentials.secret);
  });

  it.each<[string, Record<string, unknown>]>([
    ["appid", { appid: "" }],
    ["appid", { appid: 42 }],
    ["secret", { secret: " " }],
    ["secret", { secret: undefined }],
    ["environment", { environment: "staging" }],
    ["emulatorUrl", { environment: "emulator", emulatorUrl: "not a url" }],
    ["baseUrls.developer", { baseUrls: { developer: "ftp://x.example.com" } }],
    ["baseUrls.open", { baseUrls: { open: "https://x.example.com/?q=1" } }],
    ["timeoutMs", { timeoutMs: 0 }],
    ["timeoutMs", { timeoutMs: Number.NaN }],
    ["fetch", { fetch: "fetch" }],
  ])("refuses a bad %s", (field, override) => {
    const config = { ...credentials, ...override } as DouyinClientConfig;
    let thrown: unknown;
    try {
      createDouyinClient(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinConfigError);
    expect(isDouyinConfigError(thrown)).toBe(true);
    expect((thrown as DouyinConfigError).field).toBe(field);
    expect((thrown as Error).message).not.toContain(credentials.secret);
  });
});
