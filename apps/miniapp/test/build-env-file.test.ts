// The build (`pnpm --filter @tt/miniapp build`, and `pnpm dev`'s watch) reads MINIAPP_* from .env
// (or ENV_FILE) through the loader every process shares; the environment's own variables win.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildWithCli } from "./support/build-cli.ts";

const tmp = mkdtempSync(path.join(tmpdir(), "miniapp-env-file-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the build's environment", () => {
  it("takes MINIAPP_* from the env file, under the variables already set", async () => {
    const envFile = path.join(tmp, "build.env");
    writeFileSync(
      envFile,
      [
        "MINIAPP_APPID=tt_from_env_file",
        "MINIAPP_API_BASE_URL=https://from-env-file.example.test",
        "MINIAPP_SUBSCRIBE_TEMPLATE_IDS=MSG_file",
        "",
      ].join("\n"),
    );
    const out = path.join(tmp, "out");
    await buildWithCli(out, { ENV_FILE: envFile, MINIAPP_SUBSCRIBE_TEMPLATE_IDS: "MSG_shell" });
    const projectConfig = JSON.parse(readFileSync(path.join(out, "project.config.json"), "utf8"));
    expect(projectConfig.appid).toBe("tt_from_env_file");
    const app = readFileSync(path.join(out, "app.js"), "utf8");
    expect(app).toContain('"https://from-env-file.example.test"');
    expect(app).toMatch(/\["MSG_shell"\]/);
    expect(app).not.toContain("MSG_file");
  });

  it("refuses an ENV_FILE that does not exist, naming it", async () => {
    const missing = path.join(tmp, "missing.env");
    await expect(buildWithCli(path.join(tmp, "never"), { ENV_FILE: missing })).rejects.toThrow(
      missing,
    );
  });
});
