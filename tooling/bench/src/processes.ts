import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
const tsxLoader = import.meta.resolve("tsx");

export interface Running {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** Milliseconds from spawn to the ready signal. */
  readonly startMs: number;
  /** Resident set size now, in MB (Linux /proc). */
  rssMb(): number;
  /** CPU time used so far (user + system, all threads), in ms (Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's times. */
const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return 0;
  }
}

interface StartOptions {
  name: string;
  port: number;
  args: string[];
  env?: Record<string, string>;
  /** Resolves when the process is ready (polls until it answers true). */
  ready(url: string): Promise<boolean>;
}

/** Spawns a server and waits until `ready` says so (30 s at most). */
export async function startServer(options: StartOptions): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, options.args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${options.name} exited (${child.exitCode}):\n${stderr}`);
    }
    if (await options.ready(url).catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} not ready after 30 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startMs = performance.now() - started;
  return {
    name: options.name,
    url,
    process: child,
    startMs,
    rssMb: () => rssOf(child.pid),
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A TypeScript server of this package (src/servers), given its options as one JSON argument. */
export function benchServerArgs(file: string, options: object): string[] {
  return [
    "--import",
    tsxLoader,
    path.join(import.meta.dirname, "servers", file),
    JSON.stringify(options),
  ];
}

export const answersOk = (path: string) => async (url: string) => (await fetch(`${url}${path}`)).ok;
