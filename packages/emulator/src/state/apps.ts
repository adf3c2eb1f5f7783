import {
  type AppKeyPair,
  DEFAULT_APP_KEYS,
  generateKeyPair,
  SECOND_APP_KEYS,
  validateKeyPair,
} from "./app-keys.ts";
import {
  DEFAULT_APP_TEMPLATES,
  generatedTemplates,
  SECOND_APP_TEMPLATES,
  type SubscriptionTemplate,
  validateTemplates,
} from "./templates.ts";

/** An app as options or EMULATOR_APPS describe it; only appid and secret are required. */
export interface EmulatorApp {
  readonly appid: string;
  readonly secret: string;
  /** Default: the default app's templates for the default appids, else generated ones. */
  readonly templates?: readonly SubscriptionTemplate[];
  /** PEM. Default: the committed test key pair for the default appids, else a generated pair. */
  readonly publicKey?: string;
  readonly privateKey?: string;
}

/** An app as the emulator serves it: templates and public key always known. */
export interface RegisteredApp {
  readonly appid: string;
  readonly secret: string;
  readonly templates: readonly SubscriptionTemplate[];
  readonly publicKey: string;
  /** Known unless the app was given a public key alone. */
  readonly privateKey?: string;
}

/** The app's template of that id, if it has one. */
export function findTemplate(
  app: RegisteredApp,
  templateId: unknown,
): SubscriptionTemplate | undefined {
  return app.templates.find((template) => template.templateId === templateId);
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

const BUILT_IN: ReadonlyMap<
  string,
  { templates: readonly SubscriptionTemplate[]; keys: AppKeyPair }
> = new Map([
  [DEFAULT_APP.appid, { templates: DEFAULT_APP_TEMPLATES, keys: DEFAULT_APP_KEYS }],
  [SECOND_APP.appid, { templates: SECOND_APP_TEMPLATES, keys: SECOND_APP_KEYS }],
]);

const VISIBLE_TOKEN = /^[\x21-\x7e]{1,128}$/;
// Real appids are 18 characters. The bound keeps the phone-number JSON (which carries the appid in
// its watermark) inside what RSA PKCS#1 v1.5 can encrypt with a 2048-bit key (245 bytes).
const APPID = /^[\x21-\x7e]{1,64}$/;
const APP_FIELDS = ["appid", "secret", "templates", "publicKey", "privateKey"];

/** Checks an app list from options or EMULATOR_APPS; throws with a message naming the bad entry. */
export function validateApps(value: unknown): EmulatorApp[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error("apps must be a non-empty array of {appid, secret}");
  }
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const where = `apps[${index}]`;
    if (typeof entry !== "object" || entry === null) {
      throw new Error(`${where} must be an object {appid, secret}`);
    }
    const fields = entry as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((key) => !APP_FIELDS.includes(key));
    if (unknown.length > 0) throw new Error(`${where} has unknown field(s): ${unknown.join(", ")}`);
    const { appid, secret, templates, publicKey, privateKey } = fields;
    if (typeof appid !== "string" || !APPID.test(appid)) {
      throw new Error(`${where}.appid must be 1-64 visible ASCII characters`);
    }
    if (typeof secret !== "string" || !VISIBLE_TOKEN.test(secret)) {
      throw new Error(`${where}.secret must be 1-128 visible ASCII characters`);
    }
    if (seen.has(appid)) throw new Error(`${where}.appid is a duplicate`);
    seen.add(appid);
    const keys = validateKeyPair(publicKey, privateKey, where);
    return {
      appid,
      secret,
      ...(templates === undefined
        ? {}
        : { templates: validateTemplates(templates, `${where}.templates`) }),
      ...keys,
    };
  });
}

export class AppRegistry {
  readonly #apps: ReadonlyMap<string, RegisteredApp>;
  readonly defaultApp: RegisteredApp;

  constructor(apps: readonly EmulatorApp[]) {
    const registered = validateApps(apps).map(register);
    this.#apps = new Map(registered.map((app) => [app.appid, app]));
    // validateApps guarantees at least one app.
    this.defaultApp = registered[0] as RegisteredApp;
  }

  find(appid: string): RegisteredApp | undefined {
    return this.#apps.get(appid);
  }

  list(): RegisteredApp[] {
    return [...this.#apps.values()];
  }
}

function register(app: EmulatorApp): RegisteredApp {
  const builtIn = BUILT_IN.get(app.appid);
  // validateApps always derives publicKey when any key was given.
  const given = app.publicKey === undefined ? undefined : { ...app, publicKey: app.publicKey };
  const keys: AppKeyPair = given ?? builtIn?.keys ?? generateKeyPair();
  return Object.freeze({
    appid: app.appid,
    secret: app.secret,
    templates: app.templates ?? builtIn?.templates ?? generatedTemplates(app.appid),
    publicKey: keys.publicKey,
    ...(keys.privateKey === undefined ? {} : { privateKey: keys.privateKey }),
  });
}
