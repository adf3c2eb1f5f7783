import type { EmulatorState } from "../state/emulator-state.ts";

/** What decrypted user data carries to prove its app: `{appid, timestamp}` (seconds). */
export function watermark(state: EmulatorState, appid: string) {
  return { appid, timestamp: Math.floor(state.clock.now() / 1000) };
}

/**
 * The phone JSON both phone flows encrypt (old: under the session_key; new: RSA for the app):
 * `{phoneNumber, purePhoneNumber, countryCode, watermark}`.
 */
export function phoneNumberJson(state: EmulatorState, persona: string, appid: string): string {
  return JSON.stringify({
    ...state.personas.phoneNumber(persona),
    watermark: watermark(state, appid),
  });
}
