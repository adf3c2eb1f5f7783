// The mini-program build's only reader of the environment: process.env with .env at the repository
// root (or ENV_FILE) underneath it, through the loader every process shares.
import { type Env, withEnvFile } from "@tt/env";
import { defaultSubscribeTemplateIds } from "./mini-program-build.ts";
import { type BuildTarget, type CloudTarget, defaultEmulatorUrl, emulatorAppid } from "./target.ts";

export interface BuildEnvironment {
  /** MINIAPP_API_BASE_URL: where the client sends its API requests. */
  apiBaseUrl: string;
  /**
   * MINIAPP_APPID set: real mode for that app. Unset: emulator mode, the device side answered by
   * the emulator at MINIAPP_EMULATOR_URL.
   */
  target: BuildTarget;
  /** MINIAPP_SUBSCRIBE_TEMPLATE_IDS: the templates the mini-program asks for. */
  subscribeTemplateIds: readonly string[];
  /**
   * MINIAPP_CLOUD_ENV_ID (+ MINIAPP_CLOUD_SERVICE_ID): Douyin Cloud mode, the API reached through
   * callContainer. Unset: tt.request to apiBaseUrl.
   */
  cloud: CloudTarget | undefined;
}

export function loadBuildConfig(env: Env = withEnvFile(process.env)): BuildEnvironment {
  const templateIds = env.MINIAPP_SUBSCRIBE_TEMPLATE_IDS;
  return {
    apiBaseUrl: env.MINIAPP_API_BASE_URL || "http://127.0.0.1:3000",
    target: env.MINIAPP_APPID
      ? { mode: "douyin", appid: env.MINIAPP_APPID }
      : {
          mode: "emulator",
          emulatorUrl: (env.MINIAPP_EMULATOR_URL || defaultEmulatorUrl).replace(/\/+$/, ""),
          emulatorAppid,
        },
    subscribeTemplateIds: templateIds
      ? templateIds.split(",").map((id) => id.trim())
      : defaultSubscribeTemplateIds,
    cloud: env.MINIAPP_CLOUD_ENV_ID
      ? {
          envID: env.MINIAPP_CLOUD_ENV_ID.trim(),
          ...(env.MINIAPP_CLOUD_SERVICE_ID
            ? { serviceID: env.MINIAPP_CLOUD_SERVICE_ID.trim() }
            : {}),
        }
      : undefined,
  };
}
