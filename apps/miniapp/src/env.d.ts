/**
 * Values replaced at build time by scripts/build.ts (esbuild `define`); only the build script
 * knows about process.env.
 */
/** MINIAPP_API_BASE_URL */
declare const __API_BASE_URL__: string;
/** MINIAPP_SUBSCRIBE_TEMPLATE_IDS, split: the templates "subscribe to order updates" asks for. */
declare const __SUBSCRIBE_TEMPLATE_IDS__: readonly string[];
/**
 * Emulator mode (the default build, no MINIAPP_APPID): where the local emulator's device side
 * answers and which of its apps to act as. `false` in real mode, so that the bundler drops every
 * branch and module that needs it.
 */
declare const __EMULATOR__: false | { readonly url: string; readonly appid: string };
/**
 * MINIAPP_CLOUD_ENV_ID (and MINIAPP_CLOUD_SERVICE_ID): Douyin Cloud mode, the API is reached
 * through `tt.createCloud(...).callContainer` instead of tt.request. `false` otherwise.
 */
declare const __CLOUD__: false | { readonly envID: string; readonly serviceID?: string };
