import { readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";

/** What a page passed to Page(): its methods' names and its initial data. */
export interface PageDefinition {
  methods: string[];
  data: Record<string, unknown>;
}

/**
 * Runs a built page bundle (`<route>.js` in `outDir`) in an empty `node:vm` context, only to see
 * what it passes to Page(). `tt`, `getApp()` and the rest are inert stand-ins: a page that calls
 * them at the top level gets back more stand-ins, and nothing reaches the network or the disk.
 */
export async function readPageDefinition(outDir: string, route: string): Promise<PageDefinition> {
  const file = path.join(outDir, `${route}.js`);
  const source = await readFile(file, "utf8");
  let captured: Record<string, unknown> | undefined;
  const inert = inertValue();
  const context = vm.createContext(
    {
      Page(definition: Record<string, unknown>) {
        captured = definition;
      },
      App: () => undefined,
      Component: () => undefined,
      Behavior: () => undefined,
      getApp: () => inert,
      getCurrentPages: () => [],
      tt: inert,
      console: inert,
      setTimeout: () => 0,
      setInterval: () => 0,
      clearTimeout: () => undefined,
      clearInterval: () => undefined,
    },
    { codeGeneration: { strings: false, wasm: false } },
  );
  const module = { exports: {} };
  const wrapper = new vm.Script(`(function (require, module, exports) {${source}\n})`, {
    filename: file,
  }).runInContext(context) as (...args: unknown[]) => void;
  const require = (specifier: string) => {
    throw new Error(`${route}.js requires "${specifier}": a page bundle must be self-contained`);
  };
  wrapper.call(module.exports, require, module, module.exports);
  if (!captured) throw new Error(`${route}.js did not call Page()`);
  const definition = captured;
  const data = definition.data;
  return {
    methods: Object.keys(definition).filter((key) => typeof definition[key] === "function"),
    // As the runtime hands it to the view: a JSON copy. A value computed from a stand-in (e.g.
    // `getApp().platform.x` at load) is unknown here: null, so that its name counts as present
    // and the checker does not look inside it.
    data: isRecord(data)
      ? (JSON.parse(
          JSON.stringify(data, (_key, value) => (value === inert ? null : value)),
        ) as Record<string, unknown>)
      : {},
  };
}

/** A value that tolerates anything: every property and every call give it back. */
function inertValue(): unknown {
  const target = () => undefined;
  const proxy: unknown = new Proxy(target, {
    get: (_target, property) => (property === Symbol.toPrimitive ? () => "" : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
