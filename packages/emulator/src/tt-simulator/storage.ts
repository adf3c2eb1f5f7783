import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { TtFailure } from "./errors.ts";

// Douyin's documented limits: 1 MB per key, 10 MB in all.
const maxItemBytes = 1024 * 1024;
const limitKb = 10 * 1024;

export interface StorageInfo {
  keys: string[];
  currentSize: number;
  limitSize: number;
}

/** Local storage as the runtime keeps it: values go through JSON, so a read returns a copy. */
export class MemoryStorage {
  /** Key → JSON text. */
  readonly entries = new Map<string, string>();

  set(key: unknown, data: unknown): void {
    const name = checkKey(key);
    const json = JSON.stringify(data);
    if (json === undefined) throw new TtFailure(`data of "${name}" cannot be stored as JSON`);
    if (byteLength(json) > maxItemBytes) throw new TtFailure(`data of "${name}" exceeds 1 MB`);
    const others = this.totalBytes() - byteLength(this.entries.get(name) ?? "");
    if (others + byteLength(json) > limitKb * 1024) throw new TtFailure("storage exceeds 10 MB");
    this.entries.set(name, json);
  }

  /** "" for a missing key, like the real runtime. */
  get(key: unknown): unknown {
    const json = this.entries.get(checkKey(key));
    return json === undefined ? "" : JSON.parse(json);
  }

  remove(key: unknown): void {
    this.entries.delete(checkKey(key));
  }

  clear(): void {
    this.entries.clear();
  }

  info(): StorageInfo {
    return {
      keys: [...this.entries.keys()],
      currentSize: Math.ceil(this.totalBytes() / 1024),
      limitSize: limitKb,
    };
  }

  private totalBytes(): number {
    let total = 0;
    for (const [key, json] of this.entries) total += byteLength(key) + byteLength(json);
    return total;
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== "string" || key === "") throw new TtFailure("key must be a non-empty string");
  return key;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** tt.*Storage* on top of one MemoryStorage. The sync APIs throw where the async ones call fail. */
export function storageApis(storage: MemoryStorage, report: ErrorReporter) {
  const done = (change: () => void) => () => {
    change();
    return {};
  };
  return {
    setStorageSync: (key: string, data: unknown) =>
      syncApi("setStorageSync", () => storage.set(key, data)),
    getStorageSync: (key: string) => syncApi("getStorageSync", () => storage.get(key)),
    removeStorageSync: (key: string) => syncApi("removeStorageSync", () => storage.remove(key)),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => storage.info(),
    setStorage(options: { key: string; data: unknown } & CallbackOptions<object>) {
      const change = done(() => storage.set(options.key, options.data));
      settleAsync("setStorage", options, change, report);
    },
    getStorage(options: { key: string } & CallbackOptions<{ data: unknown }>) {
      settleAsync("getStorage", options, () => ({ data: storage.get(options.key) }), report);
    },
    removeStorage(options: { key: string } & CallbackOptions<object>) {
      settleAsync(
        "removeStorage",
        options,
        done(() => storage.remove(options.key)),
        report,
      );
    },
    clearStorage(options?: CallbackOptions<object>) {
      settleAsync(
        "clearStorage",
        options,
        done(() => storage.clear()),
        report,
      );
    },
    getStorageInfo(options?: CallbackOptions<StorageInfo>) {
      settleAsync("getStorageInfo", options, () => storage.info(), report);
    },
  };
}

function syncApi<T>(api: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TtFailure) throw new Error(`${api}:fail ${error.message}`);
    throw error;
  }
}
