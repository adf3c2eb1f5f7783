// .ci/run as a shell script, with stand-ins for pnpm and npm that record their calls: the setup
// step runs only when pnpm 12.4.2 is missing, and any failing step fails CI (a failed install
// inside the README's `&&` line too, which `set -e` alone does not catch).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tt-ci-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs .ci/run with `pnpm` and `npm` stand-ins first on PATH. `pnpmVersion` is what
 * `pnpm --version` prints; `failing` is the pnpm subcommand that exits 1.
 */
function runCi(name: string, options: { pnpmVersion: string; failing?: string }) {
  const bin = path.join(dir, name);
  const calls = path.join(bin, "calls.log");
  const stub = (tool: string, body: string) => {
    const file = path.join(bin, tool);
    writeFileSync(file, `#!/bin/sh\necho "${tool} $*" >> "${calls}"\n${body}\n`);
    chmodSync(file, 0o755);
  };
  spawnSync("mkdir", ["-p", bin]);
  writeFileSync(calls, "");
  stub(
    "pnpm",
    [
      `if [ "$1" = "--version" ]; then echo "${options.pnpmVersion}"; exit 0; fi`,
      `if [ "$1" = "${options.failing ?? "-"}" ]; then exit 1; fi`,
      "exit 0",
    ].join("\n"),
  );
  stub("npm", "exit 0");
  const result = spawnSync("bash", [path.join(repoRoot, ".ci/run")], {
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir },
    encoding: "utf8",
  });
  return { status: result.status, calls: readFileSync(calls, "utf8").trim().split("\n") };
}

describe(".ci/run", () => {
  it("runs the README's test line, lint and typecheck with the installed pnpm", () => {
    const run = runCi("ok", { pnpmVersion: "12.4.2" });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      "pnpm --version",
      "pnpm install --frozen-lockfile",
      "pnpm test",
      "pnpm lint",
      "pnpm typecheck",
    ]);
  });

  it("installs pnpm 12.4.2 with npm first when another version (or none) answers", () => {
    const run = runCi("setup", { pnpmVersion: "9.0.0" });
    expect(run.status).toBe(0);
    expect(run.calls.slice(0, 3)).toEqual([
      "pnpm --version",
      "npm install -g pnpm@12.4.2",
      "pnpm install --frozen-lockfile",
    ]);
  });

  it.each(["install", "test", "lint", "typecheck"])("fails, and stops, when %s fails", (step) => {
    const run = runCi(`fail-${step}`, { pnpmVersion: "12.4.2", failing: step });
    expect(run.status).not.toBe(0);
    const last = run.calls.at(-1);
    expect(last?.startsWith(`pnpm ${step}`)).toBe(true);
  });
});
