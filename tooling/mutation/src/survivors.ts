// `pnpm test:mutation:survivors <module>`: the mutants of the module's last run that no test
// caught (survived or not covered), one per line with the place and the change, for writing the
// tests that kill them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const name = process.argv.slice(2).find((arg) => arg !== "--");
if (!name) {
  console.error("Usage: pnpm test:mutation:survivors <module>");
  process.exit(2);
}
const reportFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  `../reports/${name}.json`,
);
const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split("\n");
  for (const mutant of mutants) {
    if (mutant.status !== "Survived" && mutant.status !== "NoCoverage") continue;
    const { line, column } = mutant.location.start;
    const original = (lines[line - 1] ?? "").trim();
    const replacement = (mutant.replacement ?? "").replace(/\s+/g, " ").slice(0, 120);
    console.warn(
      `${file}:${line}:${column} ${mutant.status} ${mutant.mutatorName}\n    ${original}\n    → ${replacement}`,
    );
  }
}
