import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import type { FaultRule } from "../../state/faults.ts";
import {
  bodyFields,
  type Fields,
  InputError,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalString,
  rejectUnknownFields,
} from "../../validation.ts";
import { isControlPath } from "../paths.ts";

const FAULT_FIELDS = ["path", "status", "errNo", "delayMs", "drop", "times", "ratio"] as const;

export function registerFaultsControl(app: FastifyInstance, state: EmulatorState): void {
  app.get("/emulator/faults", async () => ({ faults: state.faults.list() }));

  app.post("/emulator/faults", async (request) => {
    const fault = state.faults.add(readFaultRule(bodyFields(request.body)));
    return { fault };
  });

  /** All faults, or with `?path=` that path's only. */
  app.delete("/emulator/faults", async (request) => {
    const query = bodyFields(request.query);
    rejectUnknownFields(query, ["path"]);
    const path = optionalString(query, "path", 512);
    if (path === undefined) state.faults.clear();
    else state.faults.removePath(path);
    return { ok: true };
  });
}

function readFaultRule(fields: Fields): FaultRule {
  rejectUnknownFields(fields, FAULT_FIELDS);
  const path = optionalString(fields, "path", 512);
  if (path === undefined || !path.startsWith("/") || path.includes("?")) {
    throw new InputError("path must be a request path such as /api/apps/v2/jscode2session");
  }
  if (isControlPath(path)) throw new InputError("control paths (/emulator/...) cannot be faulted");
  const rule: FaultRule = {
    path,
    status: optionalInteger(fields, "status", 200, 599),
    errNo: optionalInteger(fields, "errNo", -(2 ** 31), 2 ** 31 - 1),
    delayMs: optionalInteger(fields, "delayMs", 0, 60_000),
    drop: optionalBoolean(fields, "drop"),
    times: optionalInteger(fields, "times", 1, 1_000_000),
    ratio: optionalNumber(fields, "ratio", 0, 1),
  };
  if (
    rule.status === undefined &&
    rule.errNo === undefined &&
    rule.delayMs === undefined &&
    rule.drop !== true
  ) {
    throw new InputError("a fault needs at least one of status, errNo, delayMs, drop: true");
  }
  if (rule.errNo === 0) throw new InputError("errNo 0 means success: not a fault");
  return rule;
}
