import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

export type SandboxConsole = Record<
  "log" | "info" | "warn" | "error" | "debug",
  (...args: unknown[]) => void
>;

export interface SandboxGlobals {
  tt: object;
  App: (options: Record<string, unknown>) => void;
  Page: (options: Record<string, unknown>) => void;
  getApp: () => unknown;
  getCurrentPages: () => unknown[];
  console: SandboxConsole;
}

export interface Sandbox {
  /** Runs a file of the program (path relative to its folder) as a CommonJS module. */
  run(file: string): unknown;
  /** Cancels every timer the program still has. */
  clearTimers(): void;
}

/**
 * A `node:vm` context with only what the mini-program runtime offers: no `process`, no `Buffer`,
 * no Node modules, no `fetch`, no `eval`. `require` resolves files of the program only.
 * A Node-only habit in the client fails here as it would on a phone.
 */
export function createSandbox(
  root: string,
  globals: SandboxGlobals,
  onError: (error: unknown) => void,
): Sandbox {
  const timers = new Map<number, NodeJS.Timeout>();
  let lastTimerId = 0;
  const schedule =
    (repeat: boolean) =>
    (handler: unknown, delay?: number, ...args: unknown[]): number => {
      if (typeof handler !== "function") throw new TypeError("timer handler must be a function");
      const id = ++lastTimerId;
      const run = () => {
        if (!repeat) timers.delete(id);
        try {
          handler(...args);
        } catch (error) {
          onError(error);
        }
      };
      timers.set(id, repeat ? setInterval(run, delay) : setTimeout(run, delay));
      return id;
    };
  const cancel = (id: unknown) => {
    const timer = timers.get(id as number);
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(id as number);
  };

  const context = vm.createContext(
    {
      ...globals,
      setTimeout: schedule(false),
      setInterval: schedule(true),
      clearTimeout: cancel,
      clearInterval: cancel,
      Promise,
    },
    { name: "mini-program", codeGeneration: { strings: false, wasm: false } },
  );

  const modules = new Map<string, { exports: unknown }>();
  const load = (absolute: string): unknown => {
    const cached = modules.get(absolute);
    if (cached) return cached.exports;
    const module = { exports: {} };
    modules.set(absolute, module);
    const source = readFileSync(absolute, "utf8");
    const wrapper = new vm.Script(`(function (require, module, exports) {${source}\n})`, {
      filename: absolute,
    }).runInContext(context) as (...args: unknown[]) => void;
    wrapper.call(module.exports, requireFrom(path.dirname(absolute)), module, module.exports);
    return module.exports;
  };
  const requireFrom = (directory: string) => (specifier: unknown) => {
    if (typeof specifier !== "string" || !/^\.\.?\//.test(specifier)) {
      throw new Error(
        `require(${JSON.stringify(specifier)}): a mini-program can only require its own files`,
      );
    }
    let absolute = path.resolve(directory, specifier);
    if (path.extname(absolute) === "") absolute += ".js";
    return load(inside(root, absolute, specifier));
  };

  return {
    run: (file) => load(inside(root, path.resolve(root, file), file)),
    clearTimers() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

function inside(root: string, absolute: string, specifier: string): string {
  const relative = path.relative(root, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new Error(`require("${specifier}"): ${absolute} is outside the mini-program`);
  }
  return absolute;
}
