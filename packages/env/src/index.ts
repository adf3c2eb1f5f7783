// The one .env loader of every process: the API, the emulator, the mini-program build and the
// migration script. It reads a file and merges; it never reads or writes process.env itself: each
// process's config module passes its environment in and stays the only reader of process.env.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

export type Env = Readonly<Record<string, string | undefined>>;

/** The repository root, where `.env` is looked for. */
export const repoRoot = path.resolve(import.meta.dirname, "../../..");

/** `.env` at the repository root: read when present, by every process. */
export const defaultEnvFile = path.join(repoRoot, ".env");

export class EnvFileError extends Error {
  override name = "EnvFileError";
}

/**
 * Which file `env` asks for: ENV_FILE (relative to the repository root), none when ENV_FILE is set
 * but empty, else `.env` at the root. `required`: ENV_FILE named it, so it must exist.
 */
export function envFileOf(env: Env): { file: string; required: boolean } | undefined {
  const named = env.ENV_FILE;
  if (named === undefined) return { file: defaultEnvFile, required: false };
  if (named.trim() === "") return undefined;
  return { file: path.resolve(repoRoot, named), required: true };
}

/** The variables of a dotenv file (Node's own parser); undefined when it does not exist. */
export function readEnvFile(file: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new EnvFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const parsed: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined) parsed[name] = value;
  }
  return parsed;
}

/**
 * The environment a config module reads: the variables of the env file (see envFileOf) underneath
 * `env`. A variable set in `env` wins, even when it is empty. Error messages name the file, never a
 * value.
 */
export function withEnvFile(env: Env): Env {
  const wanted = envFileOf(env);
  if (wanted === undefined) return { ...env };
  const fromFile = readEnvFile(wanted.file);
  if (fromFile === undefined) {
    if (wanted.required) throw new EnvFileError(`ENV_FILE: ${wanted.file} does not exist`);
    return { ...env };
  }
  return { ...fromFile, ...env };
}
