export { apiTestEnv, emulatorApp } from "./api-env.ts";
export { testDatabaseProvider, testDatabaseUrl } from "./database.ts";
export { resetFaultsAndClock } from "./emulator.ts";
export { type DeviceCodes, deviceLogin, type Injectable, loginAs } from "./login.ts";
export { expectProblem, expectProblemResponse, type InjectedAnswer } from "./problems.ts";
