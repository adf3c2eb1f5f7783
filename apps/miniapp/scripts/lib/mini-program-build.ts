import { watch as watchFiles } from "node:fs";
import path from "node:path";
import { type BuildContext, build, context } from "esbuild";
import { copyAssets, isAsset, syncAsset } from "./assets.ts";
import { esbuildOptions, writeBundles } from "./bundle.ts";
import { affectsEntries, findEntries } from "./entries.ts";
import { prepareOutDir } from "./output-dir.ts";
import { srcDir as defaultSrcDir } from "./paths.ts";
import { writeProjectConfig } from "./project-config.ts";
import type { BuildTarget, CloudTarget } from "./target.ts";
import { checkBuiltTemplates } from "./template-check.ts";

export interface MiniProgramBuildOptions {
  /** Absolute output folder: the one to open in Douyin devtools. */
  outDir: string;
  /** Where the client sends its API requests, inlined into the bundles. */
  apiBaseUrl: string;
  /** Templates of "subscribe to order updates", inlined; default: the emulator app's one-time pair. */
  subscribeTemplateIds?: readonly string[];
  /** Emulator mode (devtools with no appid of one's own) or real mode (an appid). */
  target: BuildTarget;
  /** Douyin Cloud mode: the API is this container service, called through callContainer. */
  cloud?: CloudTarget | undefined;
  projectName?: string;
  srcDir?: string;
}

export interface BuildSummary {
  outDir: string;
  /** Output files, relative to outDir. */
  files: string[];
  durationMs: number;
}

const defaultProjectName = "tt-fullstack-miniapp";

/** The emulator app's two one-time templates (packages/emulator/src/state/templates.ts). */
export const defaultSubscribeTemplateIds: readonly string[] = [
  "MSG1376731055518c2e7f04b9a3d16e5c08f7b2a41",
  "MSG137673105552743f9d0a1c6b8e7254d3f90e1b6",
];

export async function buildMiniProgram(options: MiniProgramBuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const { outDir, srcDir = defaultSrcDir } = options;
  checkApiBaseUrl(options.apiBaseUrl);
  const subscribeTemplateIds = checkTemplateIds(options.subscribeTemplateIds);
  const cloud = checkCloud(options.cloud);
  await prepareOutDir(outDir, srcDir);
  const entries = await findEntries(srcDir);
  const { target } = options;
  const result = await build(
    esbuildOptions({
      entries,
      outDir,
      apiBaseUrl: options.apiBaseUrl,
      subscribeTemplateIds,
      target,
      cloud,
    }),
  );
  await writeBundles(result.outputFiles, target);
  const assets = await copyAssets(srcDir, outDir, target.mode);
  await writeProjectConfig(outDir, {
    target,
    projectName: options.projectName ?? defaultProjectName,
  });
  await checkBuiltTemplates(outDir);
  const bundles = result.outputFiles.map((file) => path.relative(outDir, file.path));
  return {
    outDir,
    files: [...bundles, ...assets, "project.config.json"].sort(),
    durationMs: Math.round(performance.now() - started),
  };
}

export interface Watcher {
  close(): Promise<void>;
}

/** Builds once, then rebuilds bundles (esbuild) and copies templates, styles and JSON on change. */
export async function watchMiniProgram(
  options: MiniProgramBuildOptions,
  log: (line: string) => void,
): Promise<Watcher> {
  const { outDir, apiBaseUrl, target, srcDir = defaultSrcDir } = options;
  const first = await buildMiniProgram(options);
  const subscribeTemplateIds = checkTemplateIds(options.subscribeTemplateIds);
  log(`built in ${first.durationMs} ms`);

  let entries = await findEntries(srcDir);
  const startBundler = async (): Promise<BuildContext> => {
    const bundler = await context({
      ...esbuildOptions({
        entries,
        outDir,
        apiBaseUrl,
        subscribeTemplateIds,
        target,
        cloud: checkCloud(options.cloud),
      }),
      plugins: [
        {
          name: "write-and-report",
          setup(builder) {
            let started = 0;
            let initial = true; // the context's first build repeats buildMiniProgram's: say nothing
            builder.onStart(() => {
              started = performance.now();
            });
            builder.onEnd(async (result) => {
              const quiet = initial;
              initial = false;
              if (result.errors.length > 0) return; // esbuild has printed them
              try {
                await writeBundles(result.outputFiles ?? [], target);
                if (!quiet) log(`bundles rebuilt in ${Math.round(performance.now() - started)} ms`);
              } catch (error) {
                log(`✗ ${(error as Error).message}`);
              }
            });
          },
        },
      ],
    });
    await bundler.watch();
    return bundler;
  };
  let bundler = await startBundler();

  const onChange = async (file: string) => {
    if (isAsset(file)) {
      await syncAsset(srcDir, outDir, file, target.mode);
      log(`copied ${file}`);
      try {
        await checkBuiltTemplates(outDir);
      } catch (error) {
        log(`✗ ${(error as Error).message}`);
      }
    }
    if (!affectsEntries(file)) return;
    const next = await findEntries(srcDir);
    if (Object.keys(next).join() === Object.keys(entries).join()) return;
    entries = next;
    await bundler.dispose();
    bundler = await startBundler();
    log(`pages changed: ${Object.keys(entries).join(", ")}`);
  };

  // fs.watch reports one save as several events: run the handlers one after another.
  let queue = Promise.resolve();
  const watcher = watchFiles(srcDir, { recursive: true }, (_event, file) => {
    if (!file) return;
    queue = queue.then(() => onChange(file)).catch((error) => log(`✗ ${error.message}`));
  });

  return {
    async close() {
      watcher.close();
      await queue;
      await bundler.dispose();
    },
  };
}

/** Douyin's limits for one tt.requestSubscribeMessage: 1 to 3 distinct template ids. */
function checkTemplateIds(ids: readonly string[] = defaultSubscribeTemplateIds): readonly string[] {
  const problem = (detail: string) =>
    new Error(`The subscription template ids ${detail} (got ${JSON.stringify(ids)})`);
  if (ids.length < 1 || ids.length > 3) throw problem("must be 1 to 3 ids");
  if (new Set(ids).size !== ids.length) throw problem("must not repeat an id");
  const bad = ids.find((id) => !/^[\w-]{1,128}$/.test(id));
  if (bad !== undefined) throw problem(`must be 1-128 characters of A-Z a-z 0-9 _ - ("${bad}")`);
  return ids;
}

/** Douyin Cloud's ids: what its console shows (checked loosely: letters, digits, - and _). */
function checkCloud(cloud: CloudTarget | undefined): CloudTarget | undefined {
  if (cloud === undefined) return undefined;
  for (const [name, id] of [
    ["MINIAPP_CLOUD_ENV_ID", cloud.envID],
    ["MINIAPP_CLOUD_SERVICE_ID", cloud.serviceID],
  ] as const) {
    if (id !== undefined && !/^[\w.-]{1,64}$/.test(id)) {
      throw new Error(`${name} must be 1-64 characters of A-Z a-z 0-9 _ . - (got "${id}")`);
    }
  }
  return cloud;
}

function checkApiBaseUrl(value: string) {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new Error(`The API base URL must be an http(s) URL, got "${value}"`);
  }
}
