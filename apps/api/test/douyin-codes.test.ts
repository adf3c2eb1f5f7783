// The SDK decides what a Douyin error means (error.reason, error.category): the API never reads a
// raw platform code, and sends subscription messages through notify_user v2 only. This reads
// every source file of the API with the TypeScript parser, so comments do not count.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SOURCES = fileURLToPath(new URL("../src/", import.meta.url));

/** Numbers that can only be Douyin error codes: 28xxxxxx (open platform), 400xx (developer). */
const isDouyinCode = (value: number) =>
  (value >= 28_000_000 && value <= 28_999_999) || (value >= 40_000 && value <= 40_099);

/** The legacy v1 send (scheduled offline by Douyin): its SDK call and its path. */
const V1_NOTIFY = /notifyLegacy|NOTIFY_LEGACY_PATH|subscribe_notification/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Where a text reads a platform code other than to print it, or names v1 notify. */
function violations(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return `${path.basename(fileName)}:${line + 1}`;
  };
  const visit = (node: ts.Node) => {
    // Printing it in a message (`Douyin ${error.platformCode}: …`) is the one allowed read.
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === "platformCode" &&
      !ts.isTemplateSpan(node.parent)
    ) {
      found.push(`${at(node)} reads platformCode`);
    }
    if (ts.isNumericLiteral(node) && isDouyinCode(Number(node.text))) {
      found.push(`${at(node)} holds the Douyin code ${node.text}`);
    }
    if ((ts.isIdentifier(node) || ts.isStringLiteralLike(node)) && V1_NOTIFY.test(node.text)) {
      found.push(`${at(node)} uses the v1 notify (${node.text})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("Douyin error codes in the API", () => {
  it("finds raw code reads, code literals and v1 notify in a sample", () => {
    const sample = [
      "// 40018 in a comment is fine",
      "if (error.platformCode === 40018) throw problem;",
      "const TOO_FREQUENT = 28003018;",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text holding a template
      "const text = `Douyin ${error.platformCode}: ${error.message}`;",
      "await douyin.notifyLegacy(input);",
    ].join("\n");
    expect(violations("sample.ts", sample)).toEqual([
      "sample.ts:2 reads platformCode",
      "sample.ts:2 holds the Douyin code 40018",
      "sample.ts:3 holds the Douyin code 28003018",
      "sample.ts:5 uses the v1 notify (notifyLegacy)",
    ]);
  });

  it("switches on error.reason / error.category only, and never sends through v1", () => {
    const files = sourceFiles(SOURCES);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => violations(file, readFileSync(file, "utf8")));
    expect(found).toEqual([]);
  });
});
