import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_CODE_MARKERS } from "../scripts/lib/bundle-check.ts";
import { buildMiniProgram } from "../scripts/lib/mini-program-build.ts";
import { applyModeMarkers } from "../scripts/lib/mode-markers.ts";
import { appRoot, srcDir } from "../scripts/lib/paths.ts";
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

describe("the two modes", () => {
  const builds = { emulator: "", douyin: "" };
  const allCode = (dir: string) => bundles.map((file) => read(dir, file)).join("\n");

  beforeAll(async () => {
    builds.emulator = path.join(tmp, "mode-emulator");
    builds.douyin = path.join(tmp, "mode-douyin");
    await buildMiniProgram({
      outDir: builds.emulator,
      apiBaseUrl: "http://127.0.0.1:3000",
      target: {
        mode: "emulator",
        emulatorUrl: "http://127.0.0.1:3100",
        emulatorAppid: "tt_emulator_app",
      },
    });
    await buildMiniProgram({
      outDir: builds.douyin,
      apiBaseUrl: "https://api.example.test",
      target: { mode: "douyin", appid: "tt0123456789" },
    });
  });

  it("emulator mode carries every emulator marker; real mode none of them", () => {
    const emulatorCode = allCode(builds.emulator);
    const realCode = allCode(builds.douyin);
    for (const marker of EMULATOR_CODE_MARKERS) {
      expect(emulatorCode, marker).toContain(marker);
      expect(realCode, marker).not.toContain(marker);
    }
  });

  it("keeps each template's elements of its mode only, without the markers", () => {
    const emulatorMe = read(builds.emulator, "pages/me/me.ttml");
    const realMe = read(builds.douyin, "pages/me/me.ttml");
    expect(emulatorMe).toContain('bindtap="onTapPhoneNumber"');
    expect(emulatorMe).not.toContain('open-type="getPhoneNumber"');
    expect(realMe).toContain('open-type="getPhoneNumber"');
    expect(realMe).not.toMatch(/onTapPhoneNumber|Emulator/);
    expect(read(builds.douyin, "pages/index/index.ttml")).not.toMatch(/onPickPersona|Emulator/);
    for (const dir of Object.values(builds)) {
      for (const page of ["pages/index/index.ttml", "pages/me/me.ttml"]) {
        expect(read(dir, page)).not.toMatch(/emulator-only|real-only/);
      }
    }
  });

  it("writes the devtools test appid in emulator mode and the app's own in real mode", () => {
    expect(JSON.parse(read(builds.emulator, "project.config.json")).appid).toBe("testappid");
    expect(JSON.parse(read(builds.douyin, "project.config.json")).appid).toBe("tt0123456789");
  });

  /** A copy of src/ with `change` applied to one file, beside a link to node_modules. */
  function alteredSource(name: string, file: string, change: (code: string) => string): string {
    const root = path.join(tmp, name);
    const dir = path.join(root, "src");
    cpSync(srcDir, dir, { recursive: true });
    symlinkSync(path.join(appRoot, "node_modules"), path.join(root, "node_modules"), "dir");
    writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), "utf8")));
    return dir;
  }

  it("refuses a real-mode build that still holds emulator code", async () => {
    const leaky = alteredSource(
      "leaky-src",
      "app.ts",
      (code) => `${code}\nconsole.warn("http://127.0.0.1:3100/device/login");\n`,
    );
    await expect(
      buildMiniProgram({
        outDir: path.join(tmp, "leaky-out"),
        apiBaseUrl: "https://api.example.test",
        srcDir: leaky,
        target: { mode: "douyin", appid: "tt0123456789" },
      }),
    ).rejects.toThrow(/A real-mode bundle contains emulator code:[\s\S]*\/device\/login/);
  });

  it("refuses built-ins the base library may lack (Promise.prototype.finally)", async () => {
    const modern = alteredSource(
      "modern-src",
      "app.ts",
      (code) => `${code}\nvoid Promise.resolve().finally(() => undefined);\n`,
    );
    await expect(
      buildMiniProgram({
        outDir: path.join(tmp, "modern-out"),
        apiBaseUrl: "https://api.example.test",
        srcDir: modern,
        target: { mode: "douyin", appid: "tt0123456789" },
      }),
    ).rejects.toThrow(/built-ins the base library may lack:[\s\S]*\.finally\(/);
  });
});

describe("mode markers", () => {
  const template = [
    "<view>",
    '  <view emulator-only class="a"><text>{{persona}}</text><view><text>x</text></view></view>',
    '  <button real-only open-type="getPhoneNumber" bindgetphonenumber="onGet">Real</button>',
    '  <switch emulator-only checked="{{on}}"/>',
    "  <!-- <view real-only> in a comment is text -->",
    "</view>",
  ].join("\n");

  it("keeps the build's elements without the marker and drops the others whole", () => {
    const emulator = applyModeMarkers(template, "emulator", "t.ttml");
    expect(emulator).toContain('<view class="a"><text>{{persona}}</text>');
    expect(emulator).toContain('<switch checked="{{on}}"/>');
    expect(emulator).not.toContain("Real");
    const real = applyModeMarkers(template, "douyin", "t.ttml");
    expect(real).toContain(
      '<button open-type="getPhoneNumber" bindgetphonenumber="onGet">Real</button>',
    );
    expect(real).not.toMatch(/persona|switch|<text>x<\/text>/);
    expect(real).toContain("<!-- <view real-only> in a comment is text -->");
  });

  it("refuses a template whose tags do not balance", () => {
    expect(() => applyModeMarkers("<view><text></view>", "douyin", "bad.ttml")).toThrow(
      /bad\.ttml: <\/view> closes <text>/,
    );
    expect(() => applyModeMarkers("<view emulator-only>", "douyin", "open.ttml")).toThrow(
      /open\.ttml: <view> is never closed/,
    );
  });
});
