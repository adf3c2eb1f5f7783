import { describe, expect, it } from "vitest";
import { DouyinInputError } from "../src/index.ts";
import { BANNED_WORD, expectNoSecretsIn, useEmulator } from "./calls-support.ts";

const V1 = "/api/v2/tags/text/antidirt";
const V2 = "/api/apps/v1/censor/text/";
const emu = useEmulator("sdk-censor");

const contents = ["今天天气不错", `这里有${BANNED_WORD}`, "hello"];

describe.each([
  ["censorText (v1)", "censorText", V1, "access_token", 401],
  ["censorTextV2", "censorTextV2", V2, "client_token", 28001003],
] as const)("%s against the emulator", (_label, method, path, tokenKind, tokenErrorCode) => {
  it("answers one verdict per content, in order", async () => {
    const result = await emu.clientWith()[method]({ contents });
    expect(result.hit).toBe(true);
    expect(result.results.map((verdict) => [verdict.content, verdict.hit])).toEqual([
      [contents[0], false],
      [contents[1], true],
      [contents[2], false],
    ]);
    expect(result.results[1]?.predicts[0]).toMatchObject({
      hit: true,
      modelName: expect.any(String),
    });
    expect(result.results[0]?.taskId).toEqual(expect.any(String));
    expect(result.logId).toEqual(expect.any(String));
  });

  it("answers hit: false for clean texts", async () => {
    const result = await emu.clientWith()[method]({ contents: ["一切正常"] });
    expect(result).toMatchObject({ hit: false, results: [{ hit: false }] });
  });

  it("retries busy (-1) once and succeeds: two calls", async () => {
    await emu.fault({ path, errNo: -1, times: 1 });
    const result = await emu.clientWith()[method]({ contents });
    expect(result.results).toHaveLength(3);
    expect(await emu.calls(path)).toBe(2);
  });

  it("retries HTTP 502 (an HTML page) and succeeds", async () => {
    await emu.fault({ path, status: 502, times: 2 });
    await emu.clientWith()[method]({ contents });
    expect(await emu.calls(path)).toBe(3);
  });

  it("times out, and is retried", async () => {
    await emu.fault({ path, delayMs: 500 });
    await emu.clientWith({ timeoutMs: 150 })[method]({ contents });
    expect(await emu.calls(path)).toBe(2);
    await emu.fault({ path, delayMs: 500 });
    const error = await emu.failureOf(
      emu.clientWith({ timeoutMs: 150, retry: { attempts: 1 } })[method]({ contents }),
    );
    expect(error).toMatchObject({ kind: "timeout", path });
    expect(await emu.calls(path)).toBe(3);
  });

  it("does not repeat the call when its token fetch failed (that fetch retried already)", async () => {
    const tokenPath = tokenKind === "access_token" ? "/api/apps/v2/token" : "/oauth/client_token/";
    await emu.fault({ path: tokenPath, errNo: -1, times: 3 });
    const error = await emu.failureOf(emu.clientWith()[method]({ contents }));
    expect(error).toMatchObject({ path: tokenPath, category: "retryable" });
    expect(await emu.calls(tokenPath)).toBe(3);
    expect(await emu.calls(path)).toBe(0);
  });

  it("does not retry a configuration error: one call", async () => {
    const code = path === V1 ? 400 : 28001007;
    await emu.fault({ path, errNo: code, times: 1 });
    const error = await emu.failureOf(emu.clientWith()[method]({ contents }));
    expect(error).toMatchObject({
      platformCode: code,
      category: "configuration",
      kind: "platform",
    });
    expect(await emu.calls(path)).toBe(1);
  });

  it(`renews a revoked ${tokenKind} once (${tokenErrorCode})`, async () => {
    const client = emu.clientWith();
    await client[method]({ contents });
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: tokenKind });
    await client[method]({ contents });
    expect(await emu.calls(path)).toBe(3);
  });

  it(`reports a token refused twice as token-invalid (${tokenErrorCode})`, async () => {
    await emu.fault({ path, errNo: tokenErrorCode, times: 2 });
    const error = await emu.failureOf(emu.clientWith()[method]({ contents }));
    expect(error).toMatchObject({ platformCode: tokenErrorCode, category: "token-invalid" });
    expect(await emu.calls(path)).toBe(2);
  });

  it.each([
    ["no input", undefined],
    ["no contents", {}],
    ["an empty list", { contents: [] }],
    ["101 contents", { contents: Array(101).fill("a") }],
    ["an empty text", { contents: [""] }],
    ["a number", { contents: [1] }],
    ["a text of 10001 characters", { contents: ["a".repeat(10_001)] }],
  ])("refuses %s before any request", async (_label, input) => {
    await expect(emu.clientWith()[method](input as never)).rejects.toBeInstanceOf(DouyinInputError);
    expect(await emu.calls(path)).toBe(0);
  });

  it("never shows a secret or token in an error", async () => {
    expectNoSecretsIn(emu.errors, emu.sensitive);
  });
});
