/**
 * What a build is for. Emulator mode (the default: no MINIAPP_APPID) answers the platform's device
 * side from the local emulator, so that Douyin devtools runs the app with no appid of one's own;
 * real mode ("douyin", MINIAPP_APPID set) uses the real `tt` only and carries no emulator code.
 */
export type BuildTarget =
  | {
      readonly mode: "emulator";
      /** The emulator's base URL, as the app (devtools on this machine) reaches it. */
      readonly emulatorUrl: string;
      /** Which of the emulator's apps the build acts as. */
      readonly emulatorAppid: string;
    }
  | { readonly mode: "douyin"; readonly appid: string };

export type BuildMode = BuildTarget["mode"];

/** The emulator's default app (packages/emulator/src/state/apps.ts): facts written twice. */
export const emulatorAppid = "tt_emulator_app";
export const defaultEmulatorUrl = "http://127.0.0.1:3100";

/** Douyin Cloud mode (MINIAPP_CLOUD_ENV_ID): the container service the API runs as. */
export interface CloudTarget {
  readonly envID: string;
  readonly serviceID?: string;
}
