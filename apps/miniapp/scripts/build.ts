/**
 * Builds the mini-program into a folder Douyin devtools can open.
 *
 *   tsx scripts/build.ts [--out <dir>] [--watch]
 *
 * Environment (read in lib/build-config.ts only, with .env underneath): MINIAPP_API_BASE_URL
 * (default http://127.0.0.1:3000), MINIAPP_APPID (unset: emulator mode), MINIAPP_EMULATOR_URL
 * (emulator mode: default http://127.0.0.1:3100),
 * MINIAPP_SUBSCRIBE_TEMPLATE_IDS (comma-separated; default the emulator app's two one-time templates),
 * MINIAPP_CLOUD_ENV_ID / MINIAPP_CLOUD_SERVICE_ID (Douyin Cloud mode: the API through callContainer).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadBuildConfig } from "./lib/build-config.ts";
import { phonePreviewHint } from "./lib/lan.ts";
import { buildMiniProgram, watchMiniProgram } from "./lib/mini-program-build.ts";
import { defaultOutDir } from "./lib/paths.ts";

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    watch: { type: "boolean", default: false },
  },
});

const print = (line: string) => process.stdout.write(`[miniapp] ${line}\n`);

try {
  const options = { outDir: path.resolve(values.out ?? defaultOutDir), ...loadBuildConfig() };
  if (values.watch) {
    const watcher = await watchMiniProgram(options, print);
    const { target } = options;
    const api =
      options.cloud === undefined
        ? `API base URL: ${options.apiBaseUrl}`
        : `API on Douyin Cloud (callContainer, env ${options.cloud.envID})`;
    print(
      target.mode === "douyin"
        ? `real mode for ${target.appid}; ${api}`
        : `emulator mode (${target.emulatorUrl}); ${api}`,
    );
    print(`open this folder in Douyin devtools: ${options.outDir}`);
    const port = (url: string) => new URL(url).port || "80";
    const emulatorPort = target.mode === "emulator" ? port(target.emulatorUrl) : undefined;
    for (const line of phonePreviewHint(port(options.apiBaseUrl), emulatorPort)) print(line);
    print("watching src/ for changes (Ctrl+C to stop)");
    const stop = () => void watcher.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } else {
    const summary = await buildMiniProgram(options);
    print(`built ${summary.files.length} files in ${summary.durationMs} ms → ${summary.outDir}`);
  }
} catch (error) {
  process.stderr.write(`[miniapp] build failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
