import path from "node:path";
import { fileURLToPath } from "node:url";

/** apps/miniapp */
export const appRoot = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const srcDir = path.join(appRoot, "src");
export const defaultOutDir = path.join(appRoot, "dist");
/** The client's own tsconfig (mini-program typings, no Node). */
export const clientTsconfig = path.join(appRoot, "tsconfig.json");
