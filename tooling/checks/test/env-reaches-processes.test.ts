// Issue 7, item 17: every variable of .env.example reaches the process that reads it, also under
// `pnpm dev` (turbo's strict env mode passes only the variables turbo.json names).
import { describe, expect, it } from "vitest";
import { envExampleVariables, variablesReadBy } from "../src/env-files.ts";
import { readRepoFile, repoFiles, workspacePackages } from "../src/repo.ts";
import { type DryRun, taskOf, turboDryRun, variableNames } from "../src/turbo.ts";

interface Process {
  name: string;
  package: string;
  /** The process's config module: its only reader of the environment. */
  config: string;
  /** Turbo tasks that run it (`pnpm dev`, `pnpm build`, `pnpm typecheck`'s ^generate). */
  tasks: string[];
  /** Tasks whose cache must be keyed by its variables (their output depends on them). */
  cacheKeyedBy?: string[];
  /** false: read from the environment only, documented in the README rather than .env.example. */
  readsEnvFile?: boolean;
}

const processes: Process[] = [
  { name: "API", package: "@tt/api", config: "apps/api/src/config.ts", tasks: ["dev"] },
  {
    name: "emulator",
    package: "@tt/emulator",
    config: "packages/emulator/src/config.ts",
    tasks: ["dev"],
  },
  {
    name: "mini-program build",
    package: "@tt/miniapp",
    config: "apps/miniapp/scripts/lib/build-config.ts",
    tasks: ["dev", "build"],
    cacheKeyedBy: ["build"],
  },
  { name: "pnpm db:migrate", package: "@tt/db", config: "prisma/scripts/migrate.ts", tasks: [] },
  { name: "Prisma CLI", package: "@tt/db", config: "prisma/prisma.config.ts", tasks: ["generate"] },
  {
    name: "prisma generate",
    package: "@tt/db",
    config: "prisma/scripts/generate.mjs",
    tasks: ["generate"],
    readsEnvFile: false,
  },
];
const loader = "packages/env/src/index.ts";

/** What each process reads: its config module's variables, and the loader's for those using it. */
function variablesOf(process: Process): string[] {
  const own = variablesReadBy(process.config);
  return process.readsEnvFile === false ? own : [...own, ...variablesReadBy(loader)];
}

describe(".env.example and the config modules", () => {
  it("document exactly the variables the processes read", () => {
    const read = new Set(
      processes.filter((p) => p.readsEnvFile !== false).flatMap((p) => variablesOf(p)),
    );
    expect(envExampleVariables()).toEqual([...read].sort());
  });

  it("read .env through the one loader", () => {
    expect(variablesReadBy(loader)).toEqual(["ENV_FILE"]);
    for (const process of processes.filter((p) => p.readsEnvFile !== false)) {
      const source = readRepoFile(process.config);
      expect(source, process.config).toMatch(/from "@tt\/env"/);
      expect(source, process.config).toMatch(/withEnvFile\(process\.env\)/);
    }
  });

  it("are the only code that reads process.env", () => {
    const configs = new Set(processes.map((p) => p.config));
    const readers = repoFiles()
      .filter((file) => /\.(ts|mts|js|mjs)$/.test(file))
      // Tests, their support package and runner config, and tooling/ set up processes; they are
      // not one.
      .filter((file) => !/(^|\/)(test|generated)\//.test(file) && !file.startsWith("tooling/"))
      .filter((file) => !file.startsWith("packages/test-support/") && file !== "vitest.config.ts")
      .filter((file) =>
        readRepoFile(file)
          .split("\n")
          .some((line) => /\bprocess\.env\b/.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line)),
      );
    expect(readers.filter((file) => !configs.has(file))).toEqual([]);
  });

  it("cover every package script that starts a process", () => {
    const covered = new Set(processes.map((p) => p.package));
    const starters = workspacePackages().filter(
      (pkg) => pkg.scripts.dev || pkg.scripts.start || pkg.scripts.build || pkg.scripts.migrate,
    );
    expect(starters.filter((pkg) => !covered.has(pkg.name)).map((pkg) => pkg.name)).toEqual([]);
  });
});

describe("under turbo (pnpm dev, pnpm build, pnpm typecheck)", () => {
  // Every variable set, as in a shell that exports them all: turbo lists those that reach a task.
  const everything = [...new Set(processes.flatMap((p) => variablesOf(p)))];
  let run: DryRun;
  const dryRun = () => {
    run ??= turboDryRun(["dev", "build", "generate"], {
      env: Object.fromEntries(everything.map((name) => [name, `set-${name}`])),
    });
    return run;
  };

  it.each(processes.flatMap((p) => p.tasks.map((task) => [p.name, task, p] as const)))(
    "%s: every variable it reads reaches %s",
    (_, task, process) => {
      const run = dryRun();
      const global = run.globalCacheInputs.environmentVariables;
      const vars = taskOf(run, `${process.package}#${task}`).environmentVariables;
      const reaching = new Set(
        [global.configured, global.passthrough, vars.configured, vars.passthrough].flatMap(
          variableNames,
        ),
      );
      expect(variablesOf(process).filter((name) => !reaching.has(name))).toEqual([]);
    },
  );

  it.each(
    processes.flatMap((p) => (p.cacheKeyedBy ?? []).map((task) => [p.name, task, p] as const)),
  )("%s: its variables key the cache of %s", (_, task, process) => {
    const run = dryRun();
    const vars = taskOf(run, `${process.package}#${task}`).environmentVariables;
    const keyed = new Set([
      ...variableNames(run.globalCacheInputs.environmentVariables.configured),
      ...variableNames(vars.configured),
    ]);
    expect(variablesOf(process).filter((name) => !keyed.has(name))).toEqual([]);
  });

  it("runs in strict env mode (so the lists above are what a task gets)", () => {
    expect(dryRun().envMode).toBe("strict");
  });
});
