import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), "utf8");
}

export interface WorkspacePackage {
  name: string;
  /** Folder relative to the repository root. */
  dir: string;
  scripts: Record<string, string>;
  /** Workspace packages it depends on (dependencies and devDependencies). */
  workspaceDeps: string[];
}

interface PackageJson {
  name: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readRepoFile(path.join(dir, "package.json"))) as PackageJson;
}

/** The packages pnpm-workspace.yaml names (`folder/*` and `folder` entries). */
export function workspacePackages(): WorkspacePackage[] {
  const yaml = readRepoFile("pnpm-workspace.yaml");
  const block = /^packages:\n((?:\s+-\s.*\n)+)/m.exec(yaml)?.[1] ?? "";
  const patterns = [...block.matchAll(/-\s+"?([^"\n]+)"?/g)].map((match) => match[1] ?? "");
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(path.join(repoRoot, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return dirs
    .filter((dir) => existsSync(path.join(repoRoot, dir, "package.json")))
    .map((dir) => {
      const json = readPackageJson(dir);
      const deps = { ...json.dependencies, ...json.devDependencies };
      return {
        name: json.name,
        dir,
        scripts: json.scripts ?? {},
        workspaceDeps: Object.entries(deps)
          .filter(([, version]) => version.startsWith("workspace:"))
          .map(([name]) => name)
          .sort(),
      };
    });
}

/** Files git tracks, plus new ones it does not ignore: what a clean clone would have after a commit. */
export function repoFiles(): string[] {
  const out = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: repoRoot,
      encoding: "utf8",
    },
  );
  return out
    .split("\0")
    .filter(Boolean)
    .filter((file) => existsSync(path.join(repoRoot, file)));
}
