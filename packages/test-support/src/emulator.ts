/**
 * Puts the emulator's faults and clock back as they were: an emulator shared by a test file must
 * not carry one test's injected failures or moved time into the next (its sessions, codes and
 * tokens stay: later tests may build on them, as a phone would).
 */
export async function resetFaultsAndClock(emulatorUrl: string): Promise<void> {
  for (const path of ["/emulator/faults", "/emulator/clock"]) {
    const response = await fetch(`${emulatorUrl}${path}`, { method: "DELETE" });
    if (!response.ok) throw new Error(`DELETE ${path}: ${response.status}`);
  }
}
