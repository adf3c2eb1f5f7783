/**
 * The API base URL, replaced at build time by scripts/build.ts (esbuild `define`) with the value of
 * MINIAPP_API_BASE_URL. Only the build script knows about process.env.
 */
declare const __API_BASE_URL__: string;
