export { apiTestEnv, emulatorApp } from "./api-env.ts";
export { testDatabaseProvider, testDatabaseUrl } from "./database.ts";
export { resetFaultsAndClock } from "./emulator.ts";
export { eventually } from "./eventually.ts";
export { type DeviceCodes, deviceLogin, type Injectable, loginAs } from "./login.ts";
export { expectProblem, expectProblemResponse, type InjectedAnswer } from "./problems.ts";
export { aesGcmTestCodec } from "./test-codec.ts";
