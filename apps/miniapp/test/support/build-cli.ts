import { minimalEnv, spawnLogged } from "./child-process.ts";
import { repoRoot, tsxLoader } from "./paths.ts";

/**
 * Builds the mini-program the way a developer does, as a child process:
 * `node --import tsx apps/miniapp/scripts/build.ts --out <outDir>`, with the given MINIAPP_* env.
 * Resolves with the build's output; rejects with it when the build fails.
 */
export async function buildWithCli(outDir: string, env: Record<string, string>): Promise<string> {
  const child = spawnLogged(
    process.execPath,
    ["--import", tsxLoader, "apps/miniapp/scripts/build.ts", "--out", outDir],
    { cwd: repoRoot, env: { ...minimalEnv(), ...env } },
  );
  const code = await child.exited;
  const output = child.lines.join("\n");
  if (code !== 0) throw new Error(`the build exited with ${code}:\n${output}`);
  return output;
}
