// The API process reads .env (or ENV_FILE) through the loader every process shares; the
// environment's own variables win.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testEnv } from "./helper.ts";
import { type ApiProcess, reachable, spawnApi } from "./support/api-process.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tt-api-env-file-"));
const started: ApiProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((api) => api.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe("the API process", () => {
  it("takes its settings from the env file, under the variables already set", async () => {
    const settings = testEnv(dir, "http://127.0.0.1:9", "from-env-file");
    const envFile = path.join(dir, "api.env");
    const lines = Object.entries({ ...settings, PORT: "3000", HOST: "127.0.0.1" });
    writeFileSync(envFile, lines.map(([name, value]) => `${name}=${value}`).join("\n"));
    // PORT from the environment beats the file's 3000 (which `pnpm dev` may hold).
    const api = spawnApi(["--import", "tsx", "apps/api/src/server.ts"], {
      ENV_FILE: envFile,
      PORT: "0",
    });
    started.push(api);
    const url = reachable(await api.listening);
    expect(url).not.toMatch(/:3000$/);
    // The file's DATABASE_URL was used (migrated at start) and its admin key answers.
    expect(existsSync(path.join(dir, "from-env-file.db"))).toBe(true);
    const users = await fetch(`${url}/api/admin/users`, {
      headers: { "x-admin-key": settings.ADMIN_API_KEY ?? "" },
    });
    expect(users.status).toBe(200);
  });
});
