import {
  AddressBook,
  AddressReport,
  ApiPaths,
  DeviceReport,
  DeviceSummary,
  Location,
  LocationReport,
  LoginRequest,
  LogoutRequest,
  MeResponse,
  PhoneSummary,
  PhoneUpdateRequest,
  Problem,
  ProblemCode,
  Profile,
  ProfileUpdateRequest,
  RecordSubscriptionsRequest,
  RefreshRequest,
  Session,
  SubscriptionGrants,
} from "@tt/contract";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";

interface RouteContract {
  /** What the real API validates the body against (undefined: no body). */
  request?: TSchema;
  /** Its success answer, or null for a 204. */
  response: TSchema | null;
}

/** The routes the mini-program calls, as the contract (and so the real API) defines them. */
const routes: Record<string, RouteContract> = {
  [`POST ${ApiPaths.login}`]: { request: LoginRequest, response: Session },
  [`POST ${ApiPaths.refresh}`]: { request: RefreshRequest, response: Session },
  [`POST ${ApiPaths.logout}`]: { request: LogoutRequest, response: null },
  [`GET ${ApiPaths.me}`]: { response: MeResponse },
  [`PUT ${ApiPaths.meProfile}`]: { request: ProfileUpdateRequest, response: Profile },
  [`PUT ${ApiPaths.mePhone}`]: { request: PhoneUpdateRequest, response: PhoneSummary },
  [`PUT ${ApiPaths.meDevice}`]: { request: DeviceReport, response: DeviceSummary },
  [`PUT ${ApiPaths.meLocation}`]: { request: LocationReport, response: Location },
  [`PUT ${ApiPaths.meAddress}`]: { request: AddressReport, response: AddressBook },
  [`GET ${ApiPaths.meAddresses}`]: { response: AddressBook },
  [`POST ${ApiPaths.meSubscriptions}`]: {
    request: RecordSubscriptionsRequest,
    response: SubscriptionGrants,
  },
};

const problemCodes = new Set<string>(Object.values(ProblemCode));

function errorsOf(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].map(
    (error) => `${error.instancePath || "/"} ${error.message}`,
  );
}

/**
 * Where a call to the fake API and its answer leave the contract: a request the real API would
 * refuse (400) that the fake let through, or an answer the real API could never give. Empty when
 * both sides keep it, so the client tests against the fake prove something about the real API.
 */
export function contractViolations(
  call: { method: string; path: string; body: unknown },
  reply: { status: number; body?: unknown },
): string[] {
  const route = `${call.method} ${call.path}`;
  const contract = routes[route];
  if (contract === undefined) return [`${route} is not a route of the contract`];
  const violations: string[] = [];
  if (contract.request !== undefined && call.body !== undefined) {
    for (const error of errorsOf(contract.request, call.body)) {
      violations.push(`${route} request: ${error}`);
    }
  }
  if (reply.status >= 400) {
    for (const error of errorsOf(Problem, reply.body)) {
      violations.push(`${route} ${reply.status} problem: ${error}`);
    }
    const code = (reply.body as { code?: unknown } | undefined)?.code;
    if (typeof code !== "string" || !problemCodes.has(code)) {
      violations.push(`${route} ${reply.status}: code ${String(code)} is not a ProblemCode`);
    }
    return violations;
  }
  if (contract.response === null) {
    if (reply.status !== 204) violations.push(`${route}: answers ${reply.status}, not 204`);
    return violations;
  }
  for (const error of errorsOf(contract.response, reply.body)) {
    violations.push(`${route} ${reply.status}: ${error}`);
  }
  return violations;
}
