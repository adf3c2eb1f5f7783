import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BuildOptions, OutputFile } from "esbuild";
import { findEmulatorCode, findNewerBuiltIns, findNodeOnlyCode } from "./bundle-check.ts";
import { appRoot, clientTsconfig } from "./paths.ts";
import type { BuildTarget, CloudTarget } from "./target.ts";

export interface BundleOptions {
  entries: Record<string, string>;
  outDir: string;
  apiBaseUrl: string;
  subscribeTemplateIds: readonly string[];
  target: BuildTarget;
  cloud?: CloudTarget | undefined;
}

/** One self-contained CommonJS file per entry: the runtime loads each on its own. */
export function esbuildOptions({
  entries,
  outDir,
  apiBaseUrl,
  subscribeTemplateIds,
  target,
  cloud,
}: BundleOptions) {
  const emulator =
    target.mode === "emulator" ? { url: target.emulatorUrl, appid: target.emulatorAppid } : false;
  return {
    absWorkingDir: appRoot,
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    format: "cjs",
    // The base library does not promise more (apps/miniapp/README.md, "JavaScript"): ES2015
    // syntax (esbuild lowers async/await to generators, spread, optional chaining…); built-ins
    // are checked by findNewerBuiltIns.
    target: "es2015",
    platform: "neutral",
    // "neutral" looks at no package.json field by default.
    mainFields: ["module", "main"],
    tsconfig: clientTsconfig,
    define: {
      __API_BASE_URL__: JSON.stringify(apiBaseUrl),
      __SUBSCRIBE_TEMPLATE_IDS__: JSON.stringify(subscribeTemplateIds),
      __EMULATOR__: JSON.stringify(emulator),
      __CLOUD__: JSON.stringify(cloud ?? false),
    },
    charset: "utf8",
    // Folds `__EMULATOR__ ? … : …` in real mode, so the emulator branch and its module are dropped.
    minifySyntax: true,
    // Written by writeBundles, after the Node-only check.
    write: false,
    logLevel: "warning",
  } satisfies BuildOptions;
}

export async function writeBundles(
  outputs: readonly OutputFile[],
  target: BuildTarget,
): Promise<void> {
  const problems = findNodeOnlyCode(outputs);
  if (problems.length > 0) {
    throw new Error(`The bundle contains Node-only code:\n  ${problems.join("\n  ")}`);
  }
  const newer = findNewerBuiltIns(outputs);
  if (newer.length > 0) {
    throw new Error(
      `The bundle uses built-ins the base library may lack:\n  ${newer.join("\n  ")}`,
    );
  }
  const emulatorCode = target.mode === "douyin" ? findEmulatorCode(outputs) : [];
  if (emulatorCode.length > 0) {
    throw new Error(`A real-mode bundle contains emulator code:\n  ${emulatorCode.join("\n  ")}`);
  }
  await Promise.all(
    outputs.map(async (output) => {
      await mkdir(path.dirname(output.path), { recursive: true });
      await writeFile(output.path, output.contents);
    }),
  );
}
