export interface EmulatorApp {
  readonly appid: string;
  readonly secret: string;
}

export const DEFAULT_APP: EmulatorApp = Object.freeze({
  appid: "tt_emulator_app",
  secret: "tt_emulator_secret",
});

/** A second app of the same developer: same personas get other openids but the same unionid. */
export const SECOND_APP: EmulatorApp = Object.freeze({
  appid: "tt_emulator_app_2",
  secret: "tt_emulator_secret_2",
});

export const DEFAULT_APPS: readonly EmulatorApp[] = Object.freeze([DEFAULT_APP, SECOND_APP]);

const VISIBLE_TOKEN = /^[\x21-\x7e]{1,128}$/;

/** Checks an app list from options or EMULATOR_APPS; throws with a message naming the bad entry. */
export function validateApps(value: unknown): EmulatorApp[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error("apps must be a non-empty array of {appid, secret}");
  }
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    if (typeof entry !== "object" || entry === null) {
      throw new Error(`apps[${index}] must be an object {appid, secret}`);
    }
    const { appid, secret } = entry as Record<string, unknown>;
    if (typeof appid !== "string" || !VISIBLE_TOKEN.test(appid)) {
      throw new Error(`apps[${index}].appid must be 1-128 visible ASCII characters`);
    }
    if (typeof secret !== "string" || !VISIBLE_TOKEN.test(secret)) {
      throw new Error(`apps[${index}].secret must be 1-128 visible ASCII characters`);
    }
    if (seen.has(appid)) throw new Error(`apps[${index}].appid is a duplicate`);
    seen.add(appid);
    return { appid, secret };
  });
}

export class AppRegistry {
  readonly #apps: ReadonlyMap<string, EmulatorApp>;
  readonly defaultApp: EmulatorApp;

  constructor(apps: readonly EmulatorApp[]) {
    const valid = validateApps(apps);
    this.#apps = new Map(valid.map((app) => [app.appid, app]));
    // validateApps guarantees at least one app.
    this.defaultApp = valid[0] as EmulatorApp;
  }

  find(appid: string): EmulatorApp | undefined {
    return this.#apps.get(appid);
  }

  list(): EmulatorApp[] {
    return [...this.#apps.values()];
  }
}
