import type { OutputFile } from "esbuild";

/**
 * Node-only code in a bundle shows up as a `require` that esbuild left to the runtime (a Node
 * built-in or a package it could not inline) or as a reference to Node's globals. The mini-program
 * runtime has neither. A plain text check: a comment naming `process.env` trips it too, on purpose.
 */
const nodeOnly =
  /\b(?:require\s*\(|process\.(?:env|argv|platform|nextTick|cwd)|Buffer\.|__dirname|__filename)/;

export function findNodeOnlyCode(outputs: readonly OutputFile[]): string[] {
  return outputs
    .filter((output) => output.path.endsWith(".js"))
    .flatMap((output) => {
      const match = nodeOnly.exec(output.text);
      return match ? [`${output.path} uses "${match[0]}"`] : [];
    });
}

/**
 * What only emulator mode may carry: the emulator's device paths, its storage key, its default
 * address, and the word itself (our emulator code names itself; esbuild keeps no comments).
 */
const emulatorOnly = /\/device\/|emulator|:3100\b/i;

export function findEmulatorCode(outputs: readonly OutputFile[]): string[] {
  return outputs
    .filter((output) => output.path.endsWith(".js"))
    .flatMap((output) => {
      const match = emulatorOnly.exec(output.text);
      return match ? [`${output.path} holds "${match[0]}"`] : [];
    });
}
