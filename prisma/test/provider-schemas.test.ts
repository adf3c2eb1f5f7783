// One source of truth for the models: sqlite/schema.prisma and postgresql/schema.prisma may differ
// in their header comments, the generator's output folder and the datasource's provider, nothing
// else (no provider-specific types either, so the API runs unchanged on both).
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { schemaPathOf } from "../src/index.ts";
import { dmmfModels } from "./support/schema-description.ts";

/** The schema without what may differ: `//` comments, the output folder, the provider names. */
function comparable(file: string): string {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !/^\s*\/\/(?!\/)/.test(line))
    .filter((line) => !/^\s*output\s*=/.test(line))
    .map((line) => line.replace(/^(\s*provider\s*=\s*)"(sqlite|postgresql)"\s*$/, '$1"…"'))
    .join("\n")
    .trim();
}

it("holds the same models, fields, attributes and documentation for both providers", () => {
  const sqlite = schemaPathOf("sqlite");
  const postgresql = schemaPathOf("postgresql");
  expect(comparable(postgresql)).toBe(comparable(sqlite));
  expect(dmmfModels(postgresql)).toEqual(dmmfModels(sqlite));
  expect(readFileSync(postgresql, "utf8")).toMatch(/provider = "postgresql"/);
  expect(readFileSync(sqlite, "utf8")).toMatch(/provider = "sqlite"/);
});

it("uses no provider-specific column types", () => {
  for (const provider of ["sqlite", "postgresql"] as const) {
    expect(readFileSync(schemaPathOf(provider), "utf8")).not.toMatch(/@db\./);
  }
});
