import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SimulatedTt } from "../../src/tt-simulator/index.ts";

/** Writes a tiny built mini-program (CommonJS pages, app.json, templates) into a fresh folder. */
export function writeProgram(files: Record<string, string>): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), "tt-simulator-fixture-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** One page "pages/p/p" with the given script body and template. */
export function onePage(script: string, template: string, extra: Record<string, string> = {}) {
  return {
    "app.json": JSON.stringify({ pages: ["pages/p/p"] }),
    "app.js": "App({});",
    "pages/p/p.js": script,
    "pages/p/p.ttml": template,
    ...extra,
  };
}

export interface Outcome {
  kind: "success" | "fail";
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever the API answered
  result: Record<string, any>;
}

/** Calls a callback-style tt API, optionally inside a tap, and waits for `complete`. */
export function settle(
  tt: SimulatedTt,
  api: string,
  options: Record<string, unknown> = {},
  { inTap = false } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    let outcome: Outcome = { kind: "fail", result: {} };
    const call = () =>
      (tt[api] as (options: object) => void)({
        ...options,
        success: (result: Record<string, unknown>) => {
          outcome = { kind: "success", result };
        },
        fail: (result: Record<string, unknown>) => {
          outcome = { kind: "fail", result };
        },
        complete: () => resolve(outcome),
      });
    if (inTap) tt.$sim.gesture.run(call);
    else call();
  });
}
