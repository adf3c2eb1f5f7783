// Issue 7, item 18: a package's typecheck (and build) must not replay its cache after a package it
// imports changed. Proven on turbo's own hashes (`turbo run … --dry=json`) in a scratch copy: edit
// one package, and exactly the tasks of that package and of the packages importing it (directly or
// not) get a new hash.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoFiles, workspacePackages } from "../src/repo.ts";
import { scratchCopy } from "../src/scratch.ts";
import { taskOf, turboDryRun } from "../src/turbo.ts";

const packages = workspacePackages();
const scratch = scratchCopy("tt-task-hashes-");
afterAll(() => scratch.remove());

const cachedTasks = ["typecheck", "build"];

/** taskId → hash, for every package task of `cachedTasks`. */
function hashes(): Map<string, string> {
  const run = turboDryRun(cachedTasks, { cwd: scratch.dir });
  const packageTasks = run.tasks.filter(
    (task) =>
      cachedTasks.includes(task.task) &&
      packages.some((pkg) => pkg.name === task.package && pkg.scripts[task.task]),
  );
  return new Map(packageTasks.map((task) => [task.taskId, task.hash]));
}

/** The package itself and every package that imports it, directly or through others. */
function affectedBy(name: string): Set<string> {
  const affected = new Set([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const pkg of packages) {
      if (!affected.has(pkg.name) && pkg.workspaceDeps.some((dep) => affected.has(dep))) {
        affected.add(pkg.name);
        grew = true;
      }
    }
  }
  return affected;
}

/** Runs `change` on a file of the scratch copy, reads the hashes, puts the file back. */
function hashesAfter(file: string, change: (text: string) => string): Map<string, string> {
  const full = path.join(scratch.dir, file);
  const original = readFileSync(full, "utf8");
  const changed = change(original);
  expect(changed).not.toBe(original);
  writeFileSync(full, changed);
  try {
    return hashes();
  } finally {
    writeFileSync(full, original);
  }
}

function changedTasks(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before]
    .filter(([id, hash]) => after.get(id) !== hash)
    .map(([id]) => id)
    .sort();
}

function expectedChanges(packageName: string, all: Map<string, string>): string[] {
  const affected = affectedBy(packageName);
  return [...all.keys()].filter((id) => affected.has(id.slice(0, id.indexOf("#")))).sort();
}

describe("turbo's task hashes", () => {
  let baseline = new Map<string, string>();
  beforeAll(() => {
    baseline = hashes();
  });

  it("cover every package's typecheck", () => {
    const withTypecheck = packages.filter((pkg) => pkg.scripts.typecheck);
    expect(withTypecheck.length).toBeGreaterThan(5);
    for (const pkg of withTypecheck) expect(baseline.has(`${pkg.name}#typecheck`)).toBe(true);
  });

  it("renaming an export of @tt/douyin that @tt/api imports re-runs @tt/api's typecheck", () => {
    const imported = /import\s*\{([^}]*)\}\s*from\s*"@tt\/douyin"/.exec(
      readFileSync(path.join(scratch.dir, "apps/api/src/plugins/app/douyin.ts"), "utf8"),
    )?.[1];
    const name = imported
      ?.split(",")
      .map((part) => part.replace(/^\s*type\s+/, "").trim())
      .find((part) => /^[A-Za-z]\w*$/.test(part));
    expect(name).toBeDefined();
    const after = hashesAfter("packages/douyin/src/index.ts", (text) =>
      text.replace(new RegExp(`\\b${name}\\b`), `${name}Renamed`),
    );
    const changed = changedTasks(baseline, after);
    expect(changed).toContain("@tt/api#typecheck");
    expect(changed).toEqual(expectedChanges("@tt/douyin", baseline));
  });

  it.each(packages.map((pkg) => [pkg.name, pkg] as const))(
    "a change in %s's source re-runs its tasks and its importers', no others",
    (name, pkg) => {
      const file = repoFiles().find((f) => f.startsWith(`${pkg.dir}/src/`) && f.endsWith(".ts"));
      expect(file, `a source file of ${name}`).toBeDefined();
      const after = hashesAfter(file as string, (text) => `${text}\n// changed\n`);
      expect(changedTasks(baseline, after)).toEqual(expectedChanges(name, baseline));
    },
  );

  it("a changed .env re-runs the mini-program build (MINIAPP_* are compiled in), not typecheck", () => {
    const envFile = path.join(scratch.dir, ".env");
    writeFileSync(envFile, "MINIAPP_APPID=tt_first\n");
    const first = hashes();
    writeFileSync(envFile, "MINIAPP_APPID=tt_second\n");
    const second = hashes();
    expect(changedTasks(first, second)).toEqual(["@tt/miniapp#build"]);
  });

  it("MINIAPP_* in the environment key the build's cache", () => {
    const run = (appid: string) =>
      taskOf(
        turboDryRun(["build"], { cwd: scratch.dir, env: { MINIAPP_APPID: appid } }),
        "@tt/miniapp#build",
      ).hash;
    expect(run("tt_one")).not.toBe(run("tt_two"));
  });
});
