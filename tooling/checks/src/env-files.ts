import { readRepoFile } from "./repo.ts";

const variableName = "[A-Z][A-Z0-9_]*";

/** The variables .env.example documents: `NAME=` lines, commented out or not. */
export function envExampleVariables(text = readRepoFile(".env.example")): string[] {
  const names = [...text.matchAll(new RegExp(`^#?\\s?(${variableName})=`, "gm"))].map(
    (match) => match[1] ?? "",
  );
  return [...new Set(names)].sort();
}

/**
 * The variables a config module reads from its `env` object: `env.NAME`, `env["NAME"]` and
 * helper calls `helper(env, "NAME", …)`.
 */
export function variablesReadBy(relativeFile: string): string[] {
  const source = readRepoFile(relativeFile);
  const pattern = new RegExp(
    `\\benv(?:\\.(${variableName})\\b|\\[\\s*"(${variableName})"\\s*\\]|,\\s*"(${variableName})")`,
    "g",
  );
  const names = [...source.matchAll(pattern)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? "",
  );
  return [...new Set(names)].sort();
}
