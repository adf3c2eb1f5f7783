// Issue 7, item 19: the private key the README has you generate (`openssl … -out phone.pem`) is
// git-ignored, as are private keys in general; the committed test-only keys stay addable.
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { documentedShell } from "../src/markdown.ts";
import { readRepoFile, repoFiles, repoRoot } from "../src/repo.ts";

/** Whether git ignores `file` (as if it were not tracked). */
function ignored(file: string): boolean {
  const result = spawnSync("git", ["check-ignore", "--no-index", "-q", file], { cwd: repoRoot });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`git check-ignore: ${result.status}`);
  return result.status === 0;
}

describe("private keys", () => {
  // The READMEs a user follows; the fixtures' and test vectors' READMEs make committed test keys.
  const outputs = repoFiles()
    .filter((file) => file.endsWith("README.md") && !/(^|\/)(fixtures|test)\//.test(file))
    .flatMap((file) => documentedShell(readRepoFile(file)))
    .filter((shell) => /\bopenssl\s+(genpkey|genrsa|req)\b/.test(shell))
    .flatMap((shell) => [...shell.matchAll(/-(?:out|keyout)\s+(\S+)/g)].map((m) => m[1] as string));

  it("that the READMEs' openssl commands write are git-ignored", () => {
    expect(outputs).toContain("phone.pem");
    expect(outputs.filter((file) => !ignored(file))).toEqual([]);
  });

  it.each(["phone.pem", "apps/api/phone.pem", "keys/server.key", "cert.p12"])(
    "%s is git-ignored",
    (file) => {
      expect(ignored(file)).toBe(true);
    },
  );

  it("the committed ones are test-only keys, not ignored", () => {
    const committed = execFileSync("git", ["ls-files", "*.pem", "*.key"], {
      cwd: repoRoot,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    expect(committed.length).toBeGreaterThan(0);
    for (const file of committed) {
      expect(file).toMatch(/^(packages\/emulator\/fixtures|packages\/douyin\/test\/vectors)\//);
      expect(ignored(file), file).toBe(false);
    }
  });
});
