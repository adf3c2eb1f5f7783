/**
 * Values replaced at build time by scripts/build.ts (esbuild `define`); only the build script
 * knows about process.env.
 */
/** MINIAPP_API_BASE_URL */
declare const __API_BASE_URL__: string;
/** MINIAPP_SUBSCRIBE_TEMPLATE_IDS, split: the templates "subscribe to order updates" asks for. */
declare const __SUBSCRIBE_TEMPLATE_IDS__: readonly string[];
