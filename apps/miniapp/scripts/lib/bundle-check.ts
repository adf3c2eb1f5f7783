import type { OutputFile } from "esbuild";

/**
 * Node-only code in a bundle shows up as a `require` that esbuild left to the runtime (a Node
 * built-in or a package it could not inline) or as a reference to Node's globals. The mini-program
 * runtime has neither. A plain text check: a comment naming `process.env` trips it too, on purpose.
 */
const nodeOnly =
  /\b(?:require\s*\(|process\.(?:env|argv|platform|nextTick|cwd)|Buffer\.|__dirname|__filename)/;

/** One line per JavaScript output and what `find` found in it. */
function findInBundles(
  outputs: readonly OutputFile[],
  find: (code: string) => readonly string[],
): string[] {
  return outputs
    .filter((output) => output.path.endsWith(".js"))
    .flatMap((output) => find(output.text).map((found) => `${output.path}: "${found}"`));
}

const firstMatch = (pattern: RegExp) => (code: string) => {
  const match = pattern.exec(code);
  return match ? [match[0]] : [];
};

export function findNodeOnlyCode(outputs: readonly OutputFile[]): string[] {
  return findInBundles(outputs, firstMatch(nodeOnly));
}

/**
 * What only emulator-mode code carries: the emulator's device paths, its default address, the
 * emulator device's storage key, and the names of the emulator-only functions and page methods.
 * build.test.ts checks that an emulator-mode build holds every one of them, so this list cannot
 * silently go stale.
 */
export const EMULATOR_CODE_MARKERS: readonly string[] = [
  "/device/login",
  "/device/phone-number",
  "/device/cloud/call-container",
  ":3100",
  "emulator.device",
  "createEmulatorPlatform",
  "personaData",
  "choosePersona",
  "onPickPersona",
  "onToggleDouyinLogin",
  "onTapPhoneNumber",
];

export function findEmulatorCode(outputs: readonly OutputFile[]): string[] {
  return findInBundles(outputs, (code) =>
    EMULATOR_CODE_MARKERS.filter((marker) => code.includes(marker)),
  );
}

/**
 * Built-ins newer than ES2017 (Promise.prototype.finally, Object.fromEntries, flat/flatMap,
 * replaceAll, at, Object.hasOwn, structuredClone…): iOS 10.3+ JavaScriptCore and every Android V8
 * of the host apps have ES2015–ES2017's; the base library's polyfills for newer ones are not
 * documented for mini-programs (apps/miniapp/README.md, "JavaScript"). A text check: a method of
 * our own with one of these names trips it too, on purpose.
 */
const newerBuiltIns =
  /\.finally\(|Object\.fromEntries|\.flatMap\(|\.flat\(|\.replaceAll\(|\.matchAll\(|\.at\(|Object\.hasOwn\b|structuredClone|\.findLast(?:Index)?\(|\.trimStart\(|\.trimEnd\(|\bglobalThis\b/;

export function findNewerBuiltIns(outputs: readonly OutputFile[]): string[] {
  return findInBundles(outputs, firstMatch(newerBuiltIns));
}
