import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface LoggedProcess {
  readonly child: ChildProcess;
  /** stdout and stderr, line by line, as they arrived. */
  readonly lines: readonly string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves with the first non-undefined `pick(line)`, looking at past and future lines. */
  waitFor<T>(pick: (line: string) => T | undefined, timeoutMs: number): Promise<T>;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function spawnLogged(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): LoggedProcess {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const collect = (stream: NodeJS.ReadableStream | null) => {
    if (!stream) return;
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  // "close", not "exit": it comes after stdout and stderr have been read to the end.
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));

  const waitFor = <T>(pick: (line: string) => T | undefined, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        listeners.delete(onLine);
        outcome();
      };
      const onLine = (line: string) => {
        const picked = pick(line);
        if (picked !== undefined) finish(() => resolve(picked));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no matching line after ${timeoutMs} ms:\n${tail()}`))),
        timeoutMs,
      );
      void exited.then((code) =>
        finish(() => reject(new Error(`the process exited (${code}) first:\n${tail()}`))),
      );
      listeners.add(onLine);
      for (const line of lines) onLine(line);
    });
  const tail = () => lines.slice(-30).join("\n");

  return {
    child,
    lines,
    exited,
    waitFor,
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

/**
 * The variables a Node child needs to run, and nothing else from the test's environment; not even a
 * developer's .env (ENV_FILE empty: no file), unless a test names one.
 */
export function minimalEnv(): Record<string, string> {
  const env: Record<string, string> = { ENV_FILE: "" };
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
