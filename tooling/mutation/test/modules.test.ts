// The mutation modules name files that exist, and the score is computed as Stryker defines it:
// a renamed test file must not silently leave a module untested.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mutationModules } from "../src/modules.ts";
import { scoreOf } from "../src/score.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The files a glob names; wildcards are allowed in the file name only, as modules.ts uses them. */
function filesOf(glob: string): string[] {
  const dir = path.dirname(glob);
  expect(dir, `${glob}: a wildcard in a folder name`).not.toContain("*");
  const name = new RegExp(`^${path.basename(glob).split("*").map(escapeRegExp).join("[^/]*")}$`);
  return readdirSync(path.join(root, dir)).filter((file) => name.test(file));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

describe("mutation modules", () => {
  for (const [name, module] of Object.entries(mutationModules)) {
    it(`${name} mutates source files and runs test files that exist`, () => {
      for (const glob of module.mutate) {
        const files = filesOf(glob);
        expect(files, glob).not.toEqual([]);
        for (const file of files) expect(file).toMatch(/\.ts$/);
      }
      for (const glob of module.tests) {
        const files = filesOf(glob);
        expect(files, glob).not.toEqual([]);
        for (const file of files) expect(file).toMatch(/\.test\.ts$/);
      }
    });
  }
});

describe("scoreOf", () => {
  it("counts killed and timed-out mutants as detected, survivors and uncovered ones as not", () => {
    const status = (s: string, n: number) => Array.from({ length: n }, () => ({ status: s }));
    const report = {
      files: {
        "a.ts": { mutants: [...status("Killed", 6), ...status("Survived", 1)] },
        "b.ts": {
          mutants: [
            ...status("Timeout", 2),
            ...status("NoCoverage", 1),
            ...status("Ignored", 5),
            ...status("CompileError", 3),
          ],
        },
      },
    };
    expect(scoreOf(report)).toEqual({
      score: 80,
      killed: 6,
      timeout: 2,
      survived: 1,
      noCoverage: 1,
    });
  });

  it("gives 100 when there is nothing to kill", () => {
    expect(scoreOf({ files: {} }).score).toBe(100);
  });
});
