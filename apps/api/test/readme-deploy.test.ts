// README "Deploying": its build and its command start the API in production as written (the
// secrets generated as it says), from the bundle, with no tsx; the release step applies the
// migrations; .env.example's header names every variable production refuses to start without.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { type ApiProcess, reachable, repoRoot, spawnApi } from "./support/api-process.ts";
import { type BuiltApi, buildApi } from "./support/built-api.ts";

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const envExample = readFileSync(path.join(repoRoot, ".env.example"), "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "tt-deploy-"));
const started: ApiProcess[] = [];
let built: BuiltApi;
beforeAll(async () => {
  built = await buildApi();
});
afterAll(async () => {
  await Promise.all(started.map((api) => api.stop()));
  built?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `node <args>` in the repository root with exactly `env`; rejects when it fails. */
function runNode(args: string[], env: Record<string, string>) {
  return promisify(execFile)(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
}

/** The README's `apps/api/dist/<file>`, in this test's own build. */
const inBuild = (arg: string) =>
  arg.startsWith("apps/api/dist/") ? path.join(built.dir, arg.slice("apps/api/dist/".length)) : arg;

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
  it("builds the API with the README's command", () => {
    const deploying = readme.slice(readme.indexOf("\n## Deploying"));
    expect(deploying).toContain("pnpm build --filter=@tt/api\n");
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, "apps/api/package.json"), "utf8"))
      .scripts as Record<string, string>;
    expect(scripts.build).toBe("tsx scripts/build.ts");
    expect(scripts.start).toBe("node dist/server.js");
  });

  it("its command starts the API in production: listening, ready, stopped gracefully", async () => {
    const { nodeArgs } = deployCommand();
    expect(nodeArgs).toEqual(["apps/api/dist/server.js"]);
    // ENV_FILE empty: a developer's .env must not complete (or spoil) the README's variables.
    // No tsx: node runs the bundle alone (a TypeScript import would fail without a loader).
    const api = spawnApi(nodeArgs.map(inBuild), { ...productionEnv(), ENV_FILE: "" });
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

  it("applies the migrations in a release step, and the API started after it finds none to do", async () => {
    const env = {
      ...productionEnv(),
      ENV_FILE: "",
      DATABASE_URL: `file:${path.join(dir, "release.db")}`,
    };
    const release = await runNode([inBuild("apps/api/dist/migrate.js")], env);
    expect(release.stdout).toMatch(/^applied \d{14}_init, /);
    const again = await runNode([inBuild("apps/api/dist/migrate.js")], env);
    expect(again.stdout).toBe("no pending migrations\n");

    const api = spawnApi([inBuild("apps/api/dist/server.js")], {
      ...env,
      MIGRATE_ON_START: "false",
    });
    started.push(api);
    const url = reachable(await api.listening);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(api.output()).not.toMatch(/applied migrations/);
    expect(await api.stop()).toBe(0);
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
