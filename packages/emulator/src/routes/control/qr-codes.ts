import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, optionalString, rejectUnknownFields } from "../../validation.ts";

/** The QR codes issued since the last reset and where each opens: `{codes: [...]}`. */
export function registerQrCodesControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/qrcodes", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid"]);
    return { codes: state.qrCodes.list(optionalString(query, "appid")) };
  });
}
