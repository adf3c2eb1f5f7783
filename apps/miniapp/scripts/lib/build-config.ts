// The mini-program build's only reader of the environment: process.env with .env at the repository
// root (or ENV_FILE) underneath it, through the loader every process shares.
import { type Env, withEnvFile } from "@tt/env";
import { defaultSubscribeTemplateIds } from "./mini-program-build.ts";

export interface BuildEnvironment {
  /** MINIAPP_API_BASE_URL: where the client sends its API requests. */
  apiBaseUrl: string;
  /** MINIAPP_APPID: written into project.config.json. */
  appid: string;
  /** MINIAPP_SUBSCRIBE_TEMPLATE_IDS: the templates the mini-program asks for. */
  subscribeTemplateIds: readonly string[];
}

export function loadBuildConfig(env: Env = withEnvFile(process.env)): BuildEnvironment {
  const templateIds = env.MINIAPP_SUBSCRIBE_TEMPLATE_IDS;
  return {
    apiBaseUrl: env.MINIAPP_API_BASE_URL || "http://127.0.0.1:3000",
    appid: env.MINIAPP_APPID || "tt_emulator_app",
    subscribeTemplateIds: templateIds
      ? templateIds.split(",").map((id) => id.trim())
      : defaultSubscribeTemplateIds,
  };
}
