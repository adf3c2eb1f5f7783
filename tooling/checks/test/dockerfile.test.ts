// The Dockerfile, run as far as a machine without a Docker daemon can: its build stage's commands
// (the install is the one CI has just run), then its final stage as the image would run it: the
// deployed folder alone (no repository around it, no tsx) with the image's environment, healthy by
// the image's own HEALTHCHECK command. What stays unrun: the base image, apt, the `node` user.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepoFile, repoRoot } from "../src/repo.ts";

const run = promisify(execFile);
const dockerfile = readRepoFile("Dockerfile").replace(/\\\n\s*/g, "");
const [buildStage = "", finalStage = ""] = dockerfile.split(/^FROM .*$/m).slice(1);
const instructions = (stage: string, keyword: string) =>
  [...stage.matchAll(new RegExp(`^${keyword} (.*)$`, "gm"))].map((match) => match[1] ?? "");

const dir = mkdtempSync(path.join(tmpdir(), "tt-image-"));
const app = path.join(dir, "app");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The image's ENV, as name → value. */
function imageEnv(): Record<string, string> {
  return Object.fromEntries(
    instructions(finalStage, "ENV").flatMap((line) =>
      [...line.matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1] ?? "", match[2] ?? ""]),
    ),
  );
}

describe("Dockerfile", () => {
  beforeAll(async () => {
    const runs = instructions(buildStage, "RUN");
    expect(runs).toContain("pnpm install --frozen-lockfile");
    expect(runs).toContain("pnpm build --filter=@tt/api");
    expect(runs).toContain("pnpm --filter=@tt/api deploy --prod /app");
    await run("pnpm", ["build", "--filter=@tt/api"], { cwd: repoRoot });
    await run("pnpm", ["--filter=@tt/api", "deploy", "--prod", app], { cwd: repoRoot });
  }, 120_000);

  it("ships the bundle and production dependencies only: no sources, no TypeScript tools", () => {
    expect(readdirSync(path.join(app, "dist")).sort()).toEqual(
      expect.arrayContaining(["migrate.js", "migrations", "server.js"]),
    );
    expect(existsSync(path.join(app, "src"))).toBe(false);
    for (const tool of ["tsx", "typescript", "prisma", "@prisma/client", "vitest"]) {
      expect(existsSync(path.join(app, "node_modules", tool)), tool).toBe(false);
    }
    expect(instructions(finalStage, "USER")).toEqual(["node"]);
    expect(instructions(finalStage, "CMD")).toEqual(['["node", "dist/server.js"]']);
  });

  it("runs as the image would, and its HEALTHCHECK says healthy", async () => {
    const env = imageEnv();
    expect(env).toMatchObject({ NODE_ENV: "production", PORT: "8000" });
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const server = spawn(process.execPath, ["dist/server.js"], {
      cwd: app,
      env: {
        PATH: process.env.PATH ?? "",
        ...env,
        PORT: port,
        DATABASE_URL: `file:${path.join(dir, "data", "app.db")}`,
        DOUYIN_APP_ID: "tt_image_test",
        DOUYIN_APP_SECRET: randomBytes(16).toString("hex"),
        JWT_SECRET: randomBytes(48).toString("base64"),
        SESSION_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        PHONE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    server.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    try {
      const healthcheck = JSON.parse(
        /CMD (\[.*\])$/m.exec(instructions(finalStage, "HEALTHCHECK").join("\n"))?.[1] ?? "[]",
      ) as string[];
      expect(healthcheck[0]).toBe("node");
      const check = () =>
        run(process.execPath, healthcheck.slice(1), { env: { PATH: "", PORT: port } }).then(
          () => true,
          () => false,
        );
      const deadline = Date.now() + 20_000;
      while (!(await check())) {
        if (Date.now() > deadline || server.exitCode !== null) {
          throw new Error(`never healthy:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(output).toMatch(/"msg":"applied migrations"/);
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("close", resolve));
    }
    expect(output).toMatch(/"msg":"closing"/);
  });
});
