// `pnpm --filter @tt/emulator start` reads .env (or ENV_FILE) through the one loader, underneath
// the environment: run as a real process, the way a developer starts it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { get } from "./support/http.ts";

const packageRoot = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "tt-emulator-env-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts src/main.ts with exactly `env` (and PATH); resolves with its URL once it listens. */
function startMain(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: packageRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        const url = /Server listening at (http:\/\/[\d.]+:\d+)/.exec(line)?.[1];
        if (url) resolve(url);
      });
    }
    child.once("close", (code) => reject(new Error(`exited ${code}:\n${output.join("\n")}`)));
  });
}

describe("the emulator process", () => {
  it("reads EMULATOR_* from the env file; the environment's own variables win", async () => {
    const envFile = path.join(dir, "emulator.env");
    writeFileSync(
      envFile,
      [
        `EMULATOR_APPS=[{"appid":"tt_from_env_file","secret":"secret_from_env_file"}]`,
        "EMULATOR_PORT=3100",
        "",
      ].join("\n"),
    );
    // Port 0 from the environment beats the file's 3100 (which another emulator may hold).
    const url = await startMain({ ENV_FILE: envFile, EMULATOR_PORT: "0" });
    expect(url).not.toMatch(/:3100$/);
    const answer = await get(url, "/emulator/apps");
    expect(answer.json.apps.map((app: { appid: string }) => app.appid)).toEqual([
      "tt_from_env_file",
    ]);
  });
});
