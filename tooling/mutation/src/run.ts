// `pnpm test:mutation [module ...]`: runs StrykerJS over each security-critical module (all of them
// when none is named) with only that module's tests, then prints the mutation score per module.
// Reports: tooling/mutation/reports/<module>.html (and .json), not committed.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type MutationModule, mutationModules } from "./modules.ts";
import { type ModuleScore, scoreOf } from "./score.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const workDir = path.join(here, "../.work");
const reportDir = path.join(here, "../reports");

function strykerConfig(name: string, module: MutationModule) {
  return {
    $schema: "../../../node_modules/@stryker-mutator/core/schema/stryker-schema.json",
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner"],
    vitest: { configFile: "tooling/mutation/vitest.config.ts", related: false },
    mutate: module.mutate,
    // Type-only files and comments hold no behaviour; Stryker's TypeScript checker is not used (the
    // compiler would reject many mutants before they run, but it costs more than it saves here).
    ignorePatterns: ["**/.turbo", "**/dist", "tooling/mutation/reports", "tooling/mutation/.work"],
    coverageAnalysis: "perTest",
    concurrency: Number(process.env.TT_MUTATION_CONCURRENCY ?? 2),
    timeoutMS: 30_000,
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: path.relative(root, path.join(reportDir, `${name}.html`)) },
    jsonReporter: { fileName: path.relative(root, path.join(reportDir, `${name}.json`)) },
    // One sandbox folder per module: modules can be run side by side.
    tempDirName: path.relative(root, path.join(workDir, name, "stryker-tmp")),
    cleanTempDir: "always",
  };
}

function run(name: string, module: MutationModule): ModuleScore {
  const dir = path.join(workDir, name);
  mkdirSync(dir, { recursive: true });
  mkdirSync(reportDir, { recursive: true });
  const configFile = path.join(dir, "stryker.config.json");
  writeFileSync(configFile, JSON.stringify(strykerConfig(name, module), null, 2));
  const started = Date.now();
  const result = spawnSync("pnpm", ["exec", "stryker", "run", path.relative(root, configFile)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TT_MUTATION_TESTS: module.tests.join(",") },
  });
  if (result.status !== 0) throw new Error(`Stryker failed on ${name} (exit ${result.status})`);
  const report = JSON.parse(readFileSync(path.join(reportDir, `${name}.json`), "utf8"));
  return { ...scoreOf(report), name, seconds: Math.round((Date.now() - started) / 1000) };
}

const known = Object.keys(mutationModules);
const asked = process.argv.slice(2).filter((arg) => arg !== "--");
const unknown = asked.filter((name) => !known.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown module ${unknown.join(", ")}; known: ${known.join(", ")}`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : known;
const scores = names.map((name) =>
  run(name, mutationModules[name as keyof typeof mutationModules]),
);
const table = [
  "| module | score | killed | timeout | survived | no coverage | time |",
  "|---|---:|---:|---:|---:|---:|---:|",
  ...scores.map(
    (s) =>
      `| ${s.name} | ${s.score.toFixed(1)} % | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.seconds} s |`,
  ),
].join("\n");
console.warn(`\n${table}\n`);
writeFileSync(path.join(reportDir, "summary.md"), `${table}\n`);
const below = scores.filter((s) => s.score < 85);
if (below.length > 0) {
  console.error(`Below 85 %: ${below.map((s) => s.name).join(", ")}`);
  process.exit(1);
}
