// The API as a real child process (`node --import tsx apps/api/src/server.ts`), for tests of what
// a person starting it sees: its environment, .env, the README's commands.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export const repoRoot = path.resolve(import.meta.dirname, "../../../..");

export interface ApiProcess {
  /** Resolves with the URL of Fastify's "Server listening at" line; rejects if it exits first. */
  readonly listening: Promise<string>;
  /** Resolves with the exit code once stdout and stderr are read to the end. */
  readonly exited: Promise<number | null>;
  output(): string;
  /** SIGTERM (SIGKILL after `graceMs`); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Spawns `node <args>` in the repository root with exactly `env` (PATH added when absent). */
export function spawnApi(args: readonly string[], env: Record<string, string>): ApiProcess {
  const child: ChildProcess = spawn(process.execPath, [...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let onListening: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    onListening = resolve;
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      const url = /Server listening at (http:\/\/[^\s"]+)/.exec(line)?.[1];
      if (url) onListening(url);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  const output = () => lines.join("\n");
  return {
    listening: Promise.race([
      listening,
      exited.then((code) => {
        throw new Error(`the API exited (${code}) before listening:\n${output()}`);
      }),
    ]),
    exited,
    output,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A listening URL on 0.0.0.0 or :: is reached on loopback. */
export function reachable(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === "0.0.0.0" || parsed.hostname === "[::]") parsed.hostname = "127.0.0.1";
  return parsed.origin;
}
