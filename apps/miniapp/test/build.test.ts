import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMiniProgram } from "../scripts/lib/mini-program-build.ts";
import { projectConfig } from "../scripts/lib/project-config.ts";
import { buildWithCli } from "./support/build-cli.ts";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "miniapp-build-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
const bundles = ["app.js", "pages/index/index.js", "pages/me/me.js"];

describe("the build CLI", () => {
  it("writes a folder Douyin devtools can open, with the env's API URL and appid", async () => {
    const out = path.join(tmp, "cli");
    const output = await buildWithCli(out, {
      MINIAPP_API_BASE_URL: "https://api.example.test/",
      MINIAPP_APPID: "tt_cli_check",
      MINIAPP_SUBSCRIBE_TEMPLATE_IDS: "MSG_one, MSG_two",
    });
    expect(output).toMatch(new RegExp(`built \\d+ files in \\d+ ms → ${out}`));
    for (const file of [
      "project.config.json",
      "app.js",
      "app.json",
      "app.ttss",
      "pages/index/index.js",
      "pages/index/index.json",
      "pages/index/index.ttml",
      "pages/index/index.ttss",
      "pages/me/me.js",
      "pages/me/me.json",
      "pages/me/me.ttml",
      "pages/me/me.ttss",
    ]) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    expect(JSON.parse(read(out, "project.config.json"))).toEqual(
      projectConfig({
        target: { mode: "douyin", appid: "tt_cli_check" },
        projectName: "tt-fullstack-miniapp",
      }),
    );
    expect(read(out, "app.js")).toContain('"https://api.example.test/"');
    expect(read(out, "app.js")).toMatch(/\["MSG_one",\s*"MSG_two"\]/);
  });

  it("fails with a clear message for subscription template ids Douyin would refuse", async () => {
    await expect(
      buildWithCli(path.join(tmp, "bad-templates"), {
        MINIAPP_SUBSCRIBE_TEMPLATE_IDS: "MSG_a,MSG_b,MSG_c,MSG_d",
      }),
    ).rejects.toThrow(/The subscription template ids must be 1 to 3 ids/);
    await expect(
      buildMiniProgram({
        outDir: path.join(tmp, "bad-template-id"),
        apiBaseUrl: "http://127.0.0.1:3000",
        target: { mode: "douyin", appid: "x" },
        subscribeTemplateIds: ["MSG ok?"],
      }),
    ).rejects.toThrow(/must be 1-128 characters of A-Z a-z 0-9 _ - \("MSG ok\?"\)/);
  });

  it("fails with a clear message for a base URL that is not http(s)", async () => {
    await expect(
      buildWithCli(path.join(tmp, "bad-url"), { MINIAPP_API_BASE_URL: "ftp://nope" }),
    ).rejects.toThrow(/The API base URL must be an http\(s\) URL, got "ftp:\/\/nope"/);
  });
});

describe("the bundles", () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(tmp, "bundles");
    await buildMiniProgram({
      outDir: out,
      apiBaseUrl: "http://127.0.0.1:3000",
      target: { mode: "douyin", appid: "tt_emulator_app" },
    });
  });

  it("are self-contained CommonJS without Node-only code", () => {
    for (const file of bundles) {
      const code = read(out, file);
      expect(code, file).toMatch(/^"use strict";/);
      expect(code, file).not.toMatch(/\brequire\s*\(/);
      expect(code, file).not.toMatch(/\bprocess\.|\bBuffer\b|__dirname|\bimport\s*\(/);
      // ES2015 syntax: async/await (which the base library asks to transpile), optional
      // chaining and nullish coalescing are lowered.
      expect(code, file).not.toMatch(/\?\.|\?\?|\basync\s+(?:function|\(|\w+\s*=>)|\bawait\s/);
    }
  });

  it("stay small: the contract's types come along, TypeBox does not", () => {
    for (const file of bundles) {
      expect(read(out, file), file).not.toMatch(/typebox/i);
      expect(Buffer.byteLength(read(out, file)), file).toBeLessThan(40 * 1024);
    }
  });

  it("register the app and the pages, and read the contract's API paths", () => {
    expect(read(out, "app.js")).toMatch(/\nApp\(\{/);
    expect(read(out, "app.js")).toContain('login: "/api/auth/login"');
    expect(read(out, "app.js")).toContain('meSubscriptions: "/api/me/subscriptions"');
    expect(read(out, "pages/index/index.js")).toMatch(/\nPage\(/);
    expect(read(out, "pages/me/me.js")).toMatch(/\nPage\(/);
  });

  it("inline the emulator app's one-time templates by default", () => {
    expect(read(out, "app.js")).toContain(
      '["MSG1376731055518c2e7f04b9a3d16e5c08f7b2a41", "MSG137673105552743f9d0a1c6b8e7254d3f90e1b6"]',
    );
  });

  it("declare the location scope with a purpose in app.json, and link the index to My data", () => {
    const app = JSON.parse(read(out, "app.json")) as {
      pages: string[];
      permission: Record<string, { desc: string }>;
    };
    expect(app.pages).toEqual(["pages/index/index", "pages/me/me"]);
    expect(app.permission["scope.userLocation"]?.desc.trim().length).toBeGreaterThan(10);
    expect(read(out, "pages/index/index.ttml")).toMatch(/<navigator[^>]*url="\/pages\/me\/me"/);
  });
});

describe("the output folder", () => {
  it("is emptied before a build, so removed files do not linger", async () => {
    const out = path.join(tmp, "rebuild");
    const options = {
      outDir: out,
      apiBaseUrl: "http://127.0.0.1:3000",
      target: { mode: "douyin" as const, appid: "x" },
    };
    await buildMiniProgram(options);
    writeFileSync(path.join(out, "stale.js"), "old");
    const summary = await buildMiniProgram(options);
    expect(existsSync(path.join(out, "stale.js"))).toBe(false);
    expect(summary.files).toContain("pages/index/index.ttml");
  });

  it("is left alone when it holds something other than a previous build", async () => {
    const out = path.join(tmp, "precious");
    mkdirSync(out);
    writeFileSync(path.join(out, "notes.txt"), "keep me");
    await expect(
      buildMiniProgram({
        outDir: out,
        apiBaseUrl: "http://127.0.0.1:3000",
        target: { mode: "douyin" as const, appid: "x" },
      }),
    ).rejects.toThrow(/Refusing to empty/);
    expect(read(out, "notes.txt")).toBe("keep me");
  });
});
