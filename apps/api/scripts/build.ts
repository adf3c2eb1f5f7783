// `pnpm build` for the API: one JavaScript bundle per entry in dist/, run by plain node (no tsx, no
// TypeScript at run time). Our workspace packages (@tt/*) export TypeScript source, so they are
// bundled in, with Prisma's runtime (see `bundled`); every other package stays an import that node resolves from this package's
// node_modules at run time, so each must be one of this package's own dependencies (pnpm links
// nothing else here): the build fails naming any that is not. The committed migrations are copied
// next to the bundle, where prisma/src/paths.ts looks for them in a built server.
import { cpSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const apiDir = path.resolve(import.meta.dirname, "..");
// `--outdir <dir>` (tests build their own copy); it must stay inside apps/api, where node finds
// this package's node_modules.
const outdirAt = process.argv.indexOf("--outdir");
const distDir = path.resolve(apiDir, outdirAt > 0 ? (process.argv[outdirAt + 1] ?? "") : "dist");
if (path.relative(apiDir, distDir).startsWith("..")) {
  console.error(`--outdir must be inside ${apiDir}`);
  process.exit(2);
}
const prismaDir = path.resolve(apiDir, "../../prisma");
const manifest = JSON.parse(readFileSync(path.join(apiDir, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
};
const runtimeDependencies = new Set(Object.keys(manifest.dependencies ?? {}));

/**
 * Bundled rather than imported at run time: our TypeScript packages, Prisma's client runtime and
 * SQLite adapter (plain JavaScript; as dependencies they would pull in the Prisma CLI, its Studio
 * and TypeScript through @prisma/client's peer dependencies: 360 MB instead of 40), and TypeBox
 * (some 370 small ES modules that node would otherwise open and compile one by one at start).
 */
const bundled = ["@tt/", "@prisma/", "typebox"];

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Bundles what `bundled` names, leaves the rest to node, and remembers what it left. */
function externalDependencies(missing: Set<string>): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: "external-dependencies",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (bundled.some((prefix) => args.path.startsWith(prefix))) return undefined;
        const name = packageName(args.path);
        // What a bundled Prisma package imports is bundled with it, unless the API depends on it
        // itself (pg: the API opens connections with it).
        if (
          /[/\\]node_modules[/\\]@prisma[/\\]/.test(args.importer) &&
          !runtimeDependencies.has(name)
        ) {
          return undefined;
        }
        if (args.path.startsWith("node:") || builtins.has(args.path)) {
          return { path: args.path, external: true };
        }
        if (!runtimeDependencies.has(name)) missing.add(`${name} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      });
    },
  };
}

rmSync(distDir, { recursive: true, force: true });
const missing = new Set<string>();
const result = await build({
  entryPoints: { server: "src/server.ts", migrate: "src/migrate.ts" },
  absWorkingDir: apiDir,
  outdir: distDir,
  bundle: true,
  platform: "node",
  format: "esm",
  // Code loaded on demand (PostgreSQL's client) goes in chunks of its own.
  splitting: true,
  // In dist/ itself, as the entries: code that finds files from import.meta.dirname (migrations,
  // the repository root) must sit at the same depth wherever it lands.
  chunkNames: "[name]-[hash]",
  target: "node20.19",
  sourcemap: "linked",
  // Stack traces keep their function names; the files stay readable for whoever debugs them.
  keepNames: true,
  metafile: true,
  logLevel: "warning",
  define: { __TT_BUNDLED_MIGRATIONS__: JSON.stringify("migrations") },
  // Prisma's runtime is CommonJS and requires node's modules: give the ES module a require.
  banner: {
    js: 'import { createRequire as __ttCreateRequire } from "node:module"; const require = __ttCreateRequire(import.meta.url);',
  },
  plugins: [externalDependencies(missing)],
});
if (missing.size > 0) {
  console.error(
    `The built API would import packages that are not dependencies of @tt/api:\n  ${[...missing].join("\n  ")}\nAdd them to apps/api/package.json "dependencies".`,
  );
  process.exit(1);
}
for (const provider of ["sqlite", "postgresql"]) {
  cpSync(path.join(prismaDir, provider, "migrations"), path.join(distDir, "migrations", provider), {
    recursive: true,
  });
}
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.warn(`Built ${path.relative(process.cwd(), distDir)}/ (${Math.round(bytes / 1024)} KiB)`);
