import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { TOKEN_KINDS, type TokenKind } from "../../state/tokens.ts";
import {
  bodyFields,
  type Fields,
  InputError,
  optionalString,
  rejectUnknownFields,
} from "../../validation.ts";

/**
 * Issued tokens (with their expiry and state), and revocation of every current token of a kind
 * as the platform might do. Without `appid`, both act on every app.
 */
export function registerTokensControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/tokens", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["appid", "kind"]);
    const appid = readAppid(state, query);
    const kind = query.kind === undefined ? undefined : readKind(query);
    return {
      tokens: state.tokens.list({
        ...(appid === undefined ? {} : { appid }),
        ...(kind === undefined ? {} : { kind }),
      }),
    };
  });

  app.post("/emulator/tokens/invalidate", async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["appid", "kind"]);
    const appid = readAppid(state, fields);
    return { invalidated: state.tokens.invalidate(readKind(fields), appid) };
  });
}

function readAppid(state: EmulatorState, fields: Fields): string | undefined {
  const appid = optionalString(fields, "appid");
  if (appid !== undefined && state.apps.find(appid) === undefined) {
    throw new InputError(`unknown appid "${appid}"`);
  }
  return appid;
}

function readKind(fields: Fields): TokenKind {
  const kind = fields.kind;
  if (!TOKEN_KINDS.includes(kind as TokenKind)) {
    throw new InputError(`kind must be one of ${TOKEN_KINDS.join(", ")}`);
  }
  return kind as TokenKind;
}
