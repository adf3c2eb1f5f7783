/**
 * The security-critical modules that `pnpm test:mutation` plants bugs in, each with the test files
 * that must catch them. Paths are relative to the repository's root. A module's tests are the
 * files written for it: a mutant only the whole suite notices does not count as caught here.
 */
export interface MutationModule {
  /** What the module is, for the report. */
  summary: string;
  /** Source files (globs) whose code is mutated. */
  mutate: string[];
  /** Test files (globs) run against each mutant. */
  tests: string[];
}

export const mutationModules = {
  "sdk-crypto": {
    summary: "SDK: user data and phone number decryption, signatures, watermark",
    mutate: ["packages/douyin/src/crypto/*.ts"],
    tests: ["packages/douyin/test/crypto-*.test.ts"],
  },
  "sdk-tokens": {
    summary: "SDK: platform token manager, stores and fetch",
    mutate: ["packages/douyin/src/tokens/*.ts"],
    tests: ["packages/douyin/test/tokens*.test.ts"],
  },
  "sdk-webhooks": {
    summary: "SDK: webhook signature, envelope, challenge, subscribe action",
    mutate: ["packages/douyin/src/webhooks/*.ts"],
    tests: ["packages/douyin/test/webhook*.test.ts"],
  },
  "api-sessions": {
    summary: "API: sessions, refresh tokens, logout",
    mutate: ["apps/api/src/plugins/app/sessions.ts", "apps/api/src/lib/opaque-token.ts"],
    tests: [
      "apps/api/test/sessions.test.ts",
      "apps/api/test/plugin-dependencies.test.ts",
      "apps/api/test/auth-session.test.ts",
      "apps/api/test/auth-logout.test.ts",
      "apps/api/test/auth-login.test.ts",
      "apps/api/test/sealed-values.test.ts",
    ],
  },
  "api-authentication": {
    summary: "API: access token verification, admin key",
    mutate: ["apps/api/src/plugins/app/authenticate.ts", "apps/api/src/plugins/app/admin-auth.ts"],
    tests: [
      "apps/api/test/plugin-dependencies.test.ts",
      "apps/api/test/production-surface.test.ts",
      "apps/api/test/access-tokens.test.ts",
      "apps/api/test/security.test.ts",
      "apps/api/test/admin.test.ts",
      "apps/api/test/auth-logout.test.ts",
    ],
  },
  "api-users": {
    summary: "API: users, guests and their upgrade",
    mutate: ["apps/api/src/plugins/app/users.ts"],
    tests: [
      "apps/api/test/auth-login.test.ts",
      "apps/api/test/auth-guest.test.ts",
      "apps/api/test/auth-anonymous-login.test.ts",
      "apps/api/test/sealed-values.test.ts",
      "apps/api/test/users.test.ts",
    ],
  },
  "api-phones": {
    summary: "API: phone numbers (decryption, storage, masking)",
    mutate: [
      "apps/api/src/plugins/app/phones.ts",
      "apps/api/src/lib/phone-number.ts",
      "apps/api/src/routes/me/phone.ts",
    ],
    tests: [
      "apps/api/test/phone-number.test.ts",
      "apps/api/test/me-phone.test.ts",
      "apps/api/test/sealed-values.test.ts",
    ],
  },
  "api-sealed-values": {
    summary: "API: sealed values (AES-GCM bound to their row, key rotation)",
    mutate: ["apps/api/src/lib/secret-box.ts"],
    tests: ["apps/api/test/secret-box.test.ts", "apps/api/test/sealed-values.test.ts"],
  },
  "api-webhook-route": {
    summary: "API: the webhook route and its events",
    mutate: ["apps/api/src/routes/webhook/index.ts", "apps/api/src/plugins/app/webhooks.ts"],
    tests: ["apps/api/test/webhook*.test.ts"],
  },
  "emulator-codes": {
    summary: "Emulator: login codes, anonymous codes and sessions",
    mutate: [
      "packages/emulator/src/state/codes.ts",
      "packages/emulator/src/state/sessions.ts",
      "packages/emulator/src/routes/platform/jscode2session.ts",
    ],
    tests: [
      "packages/emulator/test/codes.test.ts",
      "packages/emulator/test/login.test.ts",
      "packages/emulator/test/platform-errors.test.ts",
    ],
  },
  "emulator-crypto": {
    summary: "Emulator: encryption of user data and phone numbers",
    mutate: [
      "packages/emulator/src/crypto/sensitive-data.ts",
      "packages/emulator/src/routes/device/user-profile.ts",
      "packages/emulator/src/routes/device/phone-number.ts",
      "packages/emulator/src/routes/platform/phone-number-info.ts",
    ],
    tests: [
      "packages/emulator/test/sensitive-data.test.ts",
      "packages/emulator/test/device.test.ts",
      "packages/emulator/test/login.test.ts",
    ],
  },
} satisfies Record<string, MutationModule>;

export type MutationModuleName = keyof typeof mutationModules;
