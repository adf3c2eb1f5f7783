import { writeFile } from "node:fs/promises";
import path from "node:path";

export interface ProjectConfigOptions {
  appid: string;
  projectName: string;
}

/** project.config.json at the output root: what Douyin devtools read when opening the folder. */
export function projectConfig({ appid, projectName }: ProjectConfigOptions) {
  return {
    appid,
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
