// README "Deploying": its command starts the API in production as written (the secrets generated
// as it says), and .env.example's header names every variable production refuses to start without.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { type ApiProcess, reachable, repoRoot, spawnApi } from "./support/api-process.ts";

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const envExample = readFileSync(path.join(repoRoot, ".env.example"), "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "tt-deploy-"));
const started: ApiProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((api) => api.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** The Deploying section's `VAR=… node …` command: its variables and node's arguments. */
function deployCommand(): { variables: Record<string, string>; nodeArgs: string[] } {
  const deploying = readme.slice(readme.indexOf("\n## Deploying"));
  const block = /```sh\n([\s\S]*?)```/.exec(deploying)?.[1] ?? "";
  const command = block
    .replace(/\\\n/g, " ")
    .split("\n")
    .find((line) => /\bnode\s/.test(line));
  if (!command) throw new Error("no node command in the README's Deploying block");
  const words = command.trim().split(/\s+/);
  const nodeAt = words.indexOf("node");
  const variables = Object.fromEntries(
    words.slice(0, nodeAt).map((word) => {
      const at = word.indexOf("=");
      return [word.slice(0, at), word.slice(at + 1)];
    }),
  );
  return { variables, nodeArgs: words.slice(nodeAt + 1) };
}

/** Values for the README's `…`, made as the README says (lengths and encodings). */
const generate: Record<string, () => string> = {
  DOUYIN_APP_ID: () => `tt${randomBytes(8).toString("hex")}`,
  DOUYIN_APP_SECRET: () => randomBytes(20).toString("hex"),
  JWT_SECRET: () => randomBytes(48).toString("base64"),
  SESSION_KEY_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  PHONE_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  ADMIN_API_KEY: () => randomBytes(32).toString("base64"),
};

/** The README's variables with `…` filled in, a temporary database and any free port. */
function productionEnv(): Record<string, string> {
  const { variables } = deployCommand();
  const filled = Object.entries(variables).map(([name, value]) => {
    if (value !== "…") return [name, value];
    const make = generate[name];
    if (!make) throw new Error(`the test does not know how to make a value for ${name}`);
    return [name, make()];
  });
  return {
    ...Object.fromEntries(filled),
    DATABASE_URL: `file:${path.join(dir, "app.db")}`,
    PORT: "0",
  };
}

describe("README: Deploying", () => {
  it("its command starts the API in production: listening, ready, stopped gracefully", async () => {
    const { nodeArgs } = deployCommand();
    expect(nodeArgs).toEqual(["--import", "tsx", "apps/api/src/server.ts"]);
    // ENV_FILE empty: a developer's .env must not complete (or spoil) the README's variables.
    const api = spawnApi(nodeArgs, { ...productionEnv(), ENV_FILE: "" });
    started.push(api);
    const url = reachable(await api.listening);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ok",
      checks: { database: "ok", migrations: "ok", douyin: "configured (production)" },
    });
    expect(await api.stop()).toBe(0);
    expect(api.output()).toMatch(/"msg":"closing"/);
  });

  it("names every variable production requires, as does .env.example's header", () => {
    const env = productionEnv();
    expect(loadConfig(env).nodeEnv).toBe("production");
    const required = Object.keys(env).filter((name) => {
      if (name === "NODE_ENV") return false;
      const { [name]: _, ...without } = env;
      try {
        loadConfig(without);
        return false;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return true;
      }
    });
    // At least these (a requirement added later joins them, and must be documented the same way).
    expect(required).toEqual(
      expect.arrayContaining([
        "DOUYIN_APP_ID",
        "DOUYIN_APP_SECRET",
        "JWT_SECRET",
        "PHONE_ENCRYPTION_KEY",
        "SESSION_KEY_ENCRYPTION_KEY",
      ]),
    );
    const header = envExample.slice(0, envExample.indexOf("\n\n"));
    const named = new Set(header.match(/\b[A-Z][A-Z0-9_]{2,}\b/g));
    expect(required.filter((name) => !named.has(name))).toEqual([]);
    expect(header).toMatch(/NODE_ENV=production/);
  });
});
