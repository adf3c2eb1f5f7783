import { execFileSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./repo.ts";

export interface DryTask {
  taskId: string;
  task: string;
  package: string;
  hash: string;
  dependencies: string[];
  inputs: Record<string, string>;
  environmentVariables: {
    /** `NAME=hash` of the variables set that the task's `env` names: they key its cache. */
    configured: string[];
    /** `NAME=hash` of the variables set that reach the task without keying its cache. */
    passthrough: string[] | null;
  };
}

export interface DryRun {
  envMode: string;
  globalCacheInputs: { environmentVariables: DryTask["environmentVariables"] };
  tasks: DryTask[];
}

const turboBin = path.join(repoRoot, "node_modules/.bin/turbo");

/**
 * `turbo run <tasks> --dry=json` in `cwd` (default: the repository) with exactly `env` (plus
 * PATH and HOME): turbo's own answer to what would run, with which hashes and variables.
 */
export function turboDryRun(
  tasks: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): DryRun {
  const out = execFileSync(turboBin, ["run", ...tasks, "--dry=json"], {
    cwd: options.cwd ?? repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TURBO_TELEMETRY_DISABLED: "1",
      DO_NOT_TRACK: "1",
      ...options.env,
    },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as DryRun;
}

export function taskOf(run: DryRun, taskId: string): DryTask {
  const task = run.tasks.find((candidate) => candidate.taskId === taskId);
  if (!task) throw new Error(`turbo has no task ${taskId}`);
  return task;
}

/** The names in turbo's `NAME=hash` lists. */
export function variableNames(list: readonly string[] | null): string[] {
  return (list ?? []).map((entry) => entry.slice(0, entry.indexOf("=")));
}
