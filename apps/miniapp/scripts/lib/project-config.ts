import { writeFile } from "node:fs/promises";
import path from "node:path";

import type { BuildTarget } from "./target.ts";

export interface ProjectConfigOptions {
  target: BuildTarget;
  projectName: string;
}

/**
 * The appid devtools open an emulator-mode build with: Douyin devtools offer a test appid to
 * developers without an app of their own (see apps/miniapp/README.md, "Douyin devtools").
 */
export const DEVTOOLS_TEST_APPID = "testappid";

/** project.config.json at the output root: what Douyin devtools read when opening the folder. */
export function projectConfig({ target, projectName }: ProjectConfigOptions) {
  return {
    appid: target.mode === "douyin" ? target.appid : DEVTOOLS_TEST_APPID,
    projectname: projectName,
    miniprogramRoot: "./",
    setting: {
      // Local API over plain http; on a phone the API must be https and whitelisted.
      urlCheck: false,
      // Our bundles are already ES2018; let the devtools do the rest for old base libraries.
      es6: true,
      postcss: true,
      minified: false,
    },
  };
}

export async function writeProjectConfig(outDir: string, options: ProjectConfigOptions) {
  const json = `${JSON.stringify(projectConfig(options), null, 2)}\n`;
  await writeFile(path.join(outDir, "project.config.json"), json);
}
