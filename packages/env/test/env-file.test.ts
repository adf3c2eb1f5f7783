import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultEnvFile, EnvFileError, envFileOf, repoRoot, withEnvFile } from "../src/index.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tt-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function envFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("withEnvFile", () => {
  it("puts the file's variables underneath the environment: what is set wins, even empty", () => {
    const file = envFile(
      "a.env",
      "# a comment\nPORT=4000\nCORS_ORIGINS=https://a.example\nEXTRA='quoted value'\n",
    );
    const env = withEnvFile({ ENV_FILE: file, PORT: "5000", CORS_ORIGINS: "" });
    expect(env).toEqual({
      ENV_FILE: file,
      PORT: "5000",
      CORS_ORIGINS: "",
      EXTRA: "quoted value",
    });
  });

  it("does not write into the environment it was given", () => {
    const file = envFile("b.env", "ONLY_IN_FILE=1\n");
    const given = { ENV_FILE: file };
    withEnvFile(given);
    expect(given).toEqual({ ENV_FILE: file });
    expect(process.env.ONLY_IN_FILE).toBeUndefined();
  });

  it("reads a relative ENV_FILE from the repository root, whatever the working folder", () => {
    const file = envFile("c.env", "FROM_RELATIVE=yes\n");
    const relative = path.relative(repoRoot, file);
    expect(withEnvFile({ ENV_FILE: relative }).FROM_RELATIVE).toBe("yes");
  });

  it("refuses an ENV_FILE that does not exist, naming it", () => {
    const missing = path.join(dir, "missing.env");
    expect(() => withEnvFile({ ENV_FILE: missing })).toThrow(EnvFileError);
    expect(() => withEnvFile({ ENV_FILE: missing })).toThrow(missing);
  });

  it("reads no file when ENV_FILE is empty", () => {
    expect(envFileOf({ ENV_FILE: "" })).toBeUndefined();
    expect(withEnvFile({ ENV_FILE: "", A: "1" })).toEqual({ ENV_FILE: "", A: "1" });
  });

  it("reads .env at the repository root by default, and only when it exists", () => {
    expect(envFileOf({})).toEqual({ file: defaultEnvFile, required: false });
    expect(defaultEnvFile).toBe(path.join(repoRoot, ".env"));
    expect(existsSync(path.join(repoRoot, "pnpm-workspace.yaml"))).toBe(true);
  });
});
