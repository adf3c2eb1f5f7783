import type { AppGlobals } from "../app-globals.ts";

/**
 * Emulator mode only (pages spread these in behind `__EMULATOR__`, so a real-mode build drops
 * them): who holds the phone, shown in every page's badge and chosen on the index page.
 */
export interface PersonaData {
  /** The persona on the phone. */
  persona: string;
  personas: string[];
  personaIndex: number;
  /** Logged in to Douyin: tt.login gives a code, not only an anonymous code. */
  douyinLoggedIn: boolean;
}

export function personaData(): PersonaData {
  const device = getApp<AppGlobals>().platform.emulator;
  if (!device) return { persona: "", personas: [], personaIndex: 0, douyinLoggedIn: false };
  const { persona, loggedIn } = device.current();
  const personas = [...device.personas];
  return {
    persona,
    personas,
    personaIndex: Math.max(0, personas.indexOf(persona)),
    douyinLoggedIn: loggedIn,
  };
}

/** Switches the person on the phone; resolves once `relogin` has signed the new one in. */
export async function choosePersona(
  change: { persona?: string; loggedIn?: boolean },
  relogin: () => Promise<void>,
): Promise<PersonaData> {
  const app = getApp<AppGlobals>();
  const device = app.platform.emulator;
  if (!device) return personaData();
  const current = device.current();
  device.choose(change.persona ?? current.persona, change.loggedIn ?? current.loggedIn);
  // Another person: the session on this phone is not theirs.
  await app.auth.logout().catch((error: unknown) => {
    console.warn("[emulator] logout before switching persona failed", error);
  });
  await relogin();
  return personaData();
}
