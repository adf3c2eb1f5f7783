// Issue 7, item 19: every command the READMEs document works as written on a machine set up as the
// quick start says (pnpm installed once with npm), and CI runs the README's own lines.

import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { documentedShell, section, shellBlocks, shellCommands } from "../src/markdown.ts";
import {
  readPackageJson,
  readRepoFile,
  repoFiles,
  repoRoot,
  workspacePackages,
} from "../src/repo.ts";

const readme = readRepoFile("README.md");
const docs = repoFiles().filter((file) => file.endsWith(".md"));
const rootScripts = readPackageJson(".").scripts ?? {};
const packages = workspacePackages();
const pnpmVersion = /^pnpm@(\d+\.\d+\.\d+)$/.exec(
  (JSON.parse(readRepoFile("package.json")) as { packageManager: string }).packageManager,
)?.[1];

/** Each `pnpm …` command in a piece of shell (also after `VAR=… ` or `&&`). */
function pnpmCommands(shell: string): string[] {
  return [...shell.matchAll(/(?<![\w@/.-])pnpm(?=\s)([^`\n;&|)]*)/g)].map((match) =>
    `pnpm${match[1] ?? ""}`.trim(),
  );
}

/** Why `command` would fail on a machine set up as the quick start says; undefined if it works. */
function problemWith(command: string): string | undefined {
  const words = command
    .split(/\s+/)
    .slice(1)
    .flatMap((word) => (word.startsWith("--filter=") ? ["--filter", word.slice(9)] : [word]));
  if (words[0] === "install" || words[0] === "--version") return undefined;
  if (words[0] === "--filter") {
    const [, name, maybeRun, ...rest] = words;
    const script = maybeRun === "run" ? rest[0] : maybeRun;
    const pkg = packages.find((candidate) => candidate.name === name);
    if (!pkg) return `no workspace package ${name}`;
    // pnpm's own commands run on the filtered package (its `deploy` lifts it out of the workspace).
    if (maybeRun === "deploy") return undefined;
    if (!script || !pkg.scripts[script]) return `${name} has no script "${script}"`;
    return undefined;
  }
  const [script, ...args] = words[0] === "run" ? words.slice(1) : words;
  if (!script || !rootScripts[script]) return `the root package.json has no script "${script}"`;
  if (script === "test") {
    const missing = args.filter(
      (arg) => !arg.startsWith("-") && !existsSync(path.join(repoRoot, arg)),
    );
    if (missing.length > 0) return `no such test path: ${missing.join(", ")}`;
  }
  return undefined;
}

describe("the READMEs' pnpm commands", () => {
  const commands = docs.flatMap((file) =>
    documentedShell(readRepoFile(file)).flatMap((shell) =>
      pnpmCommands(shell).map((command) => ({ file, command })),
    ),
  );

  it("are found (the check reads something)", () => {
    expect(commands.length).toBeGreaterThan(15);
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(["pnpm lint", "pnpm db:migrate", "pnpm --filter @tt/miniapp build"]),
    );
  });

  it("each name a root script, or a package and its script, that exists", () => {
    const problems = commands
      .map(({ file, command }) => ({ file, command, problem: problemWith(command) }))
      .filter((entry) => entry.problem !== undefined);
    expect(problems).toEqual([]);
  });

  it("are plain pnpm, never `npx pnpm@…` (the quick start installs pnpm)", () => {
    const npx = docs.flatMap((file) =>
      documentedShell(readRepoFile(file))
        .filter((shell) => /\bnpx\s+(-y\s+)?pnpm/.test(shell))
        .map((shell) => `${file}: ${shell}`),
    );
    expect(npx).toEqual([]);
  });
});

describe("the quick start", () => {
  const quickStart = section(readme, "Quick start");
  const blocks = shellBlocks(quickStart).map(shellCommands);

  it("installs pnpm once with npm, at the version package.json names", () => {
    expect(pnpmVersion).toBeDefined();
    expect(blocks[0]).toEqual([`npm install -g pnpm@${pnpmVersion}`]);
  });

  it("then runs the project with one command and tests it with one", () => {
    expect(blocks[1]).toEqual(["pnpm install && pnpm dev"]);
    expect(blocks[2]).toEqual(["pnpm install --frozen-lockfile && pnpm test"]);
  });

  it("says what compiling better-sqlite3 from source needs", () => {
    expect(quickStart).toMatch(/better-sqlite3/);
    expect(quickStart).toMatch(/\bpython3\b/);
    expect(quickStart).toMatch(/\bmake\b/);
    expect(quickStart).toMatch(/C\+\+ compiler/);
    expect(quickStart).toMatch(/apt-get install python3 make g\+\+/);
  });

  it("is what CI runs: the setup line when pnpm is missing, then the test line, verbatim", () => {
    const ci = readRepoFile(".ci/run");
    const [setup] = blocks[0] ?? [];
    const [testLine] = blocks[2] ?? [];
    const lines = ci.split("\n").map((line) => line.trim());
    const setupAt = lines.findIndex((line) => line.endsWith(`|| ${setup}`));
    const testAt = lines.indexOf(`(${testLine})`);
    expect(setupAt, "the setup line in .ci/run").toBeGreaterThanOrEqual(0);
    expect(lines[setupAt]).toContain(`"$(pnpm --version 2>/dev/null)" = "${pnpmVersion}"`);
    expect(testAt, "the README's test line in .ci/run").toBeGreaterThan(setupAt);
    expect(lines.indexOf("pnpm lint")).toBeGreaterThan(testAt);
    expect(lines.indexOf("pnpm typecheck")).toBeGreaterThan(testAt);
    expect(ci).not.toMatch(/npx\s+(-y\s+)?pnpm/);
  });
});
