/** The text of the `## title` section (up to the next `## ` heading); "" when there is none. */
export function section(markdown: string, title: string): string {
  const lines = markdown.split("\n");
  const start = lines.indexOf(`## ${title}`);
  if (start < 0) return "";
  const end = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** Fenced shell blocks (```sh, ```bash, ```shell), each as its text. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map(
    (match) => match[1] ?? "",
  );
}

/** A shell block's commands: continuation lines joined, comments and blank lines dropped. */
export function shellCommands(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Inline code spans outside fenced blocks. */
export function inlineCode(markdown: string): string[] {
  const withoutFences = markdown.replace(/^```[\s\S]*?^```/gm, "");
  return [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? "");
}

/** Every piece of shell the document shows: lines of shell blocks and inline code spans. */
export function documentedShell(markdown: string): string[] {
  return [...shellBlocks(markdown).flatMap(shellCommands), ...inlineCode(markdown)];
}
