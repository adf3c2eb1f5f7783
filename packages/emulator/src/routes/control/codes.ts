import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, rejectUnknownFields } from "../../validation.ts";

/**
 * The newest login, anonymous and phone codes the device side issued, each with its persona,
 * life and whether (when) a server redeemed it. Codes are single-use and short-lived: once
 * redeemed or expired they open nothing, and an unused one is what the dashboard offers to paste.
 */
export function registerCodesControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/codes", async (request) => {
    rejectUnknownFields(bodyFields(request.query), []);
    const now = state.clock.now();
    const kinds = {
      login: state.loginCodes,
      anonymous: state.anonymousCodes,
      phone: state.phoneCodes,
    };
    return {
      codes: Object.entries(kinds)
        .flatMap(([kind, store]) => store.history().map((issued) => ({ kind, ...issued })))
        .sort((a, b) => b.issuedAt - a.issuedAt)
        .map(({ issuedAt, expiresAt, usedAt, ...code }) => ({
          ...code,
          issuedAt: new Date(issuedAt).toISOString(),
          expiresAt: new Date(expiresAt).toISOString(),
          usedAt: usedAt === undefined ? null : new Date(usedAt).toISOString(),
          state: usedAt !== undefined ? "used" : now >= expiresAt ? "expired" : "unused",
        })),
    };
  });
}
