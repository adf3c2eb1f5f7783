// The API's layers, read from its import statements with the TypeScript parser: services own
// their storage (only they, the database plugin and the release step import @tt/db; routes reach data through
// services, never app.db), services and routes throw domain errors (domain/errors.ts), and only
// the problem handler speaks HTTP problems.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SOURCES = fileURLToPath(new URL("../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Each module a file imports, resolved to a path under src/ when it is relative. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) => {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) return [];
    const specifier = statement.moduleSpecifier;
    if (specifier === undefined || !ts.isStringLiteral(specifier)) return [];
    const target = specifier.text;
    return target.startsWith(".")
      ? [path.relative(SOURCES, path.resolve(path.dirname(file), target))]
      : [target];
  });
}

const files = sourceFiles(SOURCES).map((file) => ({
  name: path.relative(SOURCES, file),
  imports: importsOf(file),
  text: readFileSync(file, "utf8"),
}));

describe("the API's layers", () => {
  it("finds the sources", () => {
    expect(files.map((file) => file.name)).toContain("plugins/app/problems.ts");
  });

  it("lets only the problem handler build HTTP problems", () => {
    const importers = files
      .filter((file) => file.imports.includes("lib/http-problem.ts"))
      .map((file) => file.name);
    expect(importers).toEqual(["plugins/app/problems.ts"]);
  });

  it("keeps the ORM inside the services: routes and the domain never import it", () => {
    const importers = files
      .filter((file) => file.imports.some((target) => target.startsWith("@tt/db")))
      .map((file) => file.name)
      .filter(
        (name) =>
          !name.startsWith("plugins/app/") &&
          !["lib/unit-of-work.ts", "config.ts", "migrate.ts"].includes(name),
      );
    expect(importers).toEqual([]);
    const routesUsingDb = files
      .filter(
        (file) => file.name.startsWith("routes/") && /\bapp\.(db|unitOfWork)\b/.test(file.text),
      )
      .map((file) => file.name);
    expect(routesUsingDb).toEqual([]);
  });
});
