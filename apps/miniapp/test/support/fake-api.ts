import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AddressEntry,
  ApiPaths,
  type DeviceSummary,
  type Location,
  type MeGrant,
  type PhoneSummary,
  type Problem,
  type ProblemCode,
  type Profile,
  type Session,
} from "@tt/contract";
import { contractViolations } from "./contract-check.ts";

export interface FakeApiCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  /** Sent only once this settles: to deliver one answer after others (a race on purpose). */
  until?: Promise<unknown>;
}

/** What the fake keeps of a user's shared data (no checks: the real API's tests do those). */
interface UserData {
  profile: Profile | null;
  phone: PhoneSummary | null;
  device: DeviceSummary | null;
  location: Location | null;
  addresses: AddressEntry[];
  grants: MeGrant[];
}

/**
 * A stand-in for apps/api that follows the contract (sessions, rotation, problem+json, the
 * user-data routes without their crypto) and can be told to answer the next calls of a path
 * differently: for the client's error paths.
 */
export interface FakeApi {
  readonly url: string;
  readonly calls: FakeApiCall[];
  /**
   * Requests and answers that break the contract (what the real API validates and answers):
   * useFakeApiApp fails every test that leaves one, so the fake cannot drift from the real API.
   */
  readonly violations: string[];
  /** The next calls of `path` get these replies, in order; then the normal behaviour resumes. */
  queue(path: string, ...replies: FakeReply[]): void;
  /** Makes an access token unusable, as if it had expired. */
  expireAccessToken(token: string): void;
  reset(): void;
  close(): Promise<void>;
}

export function problem(status: number, code: ProblemCode, detail?: string): FakeReply {
  const body: Problem = { type: "about:blank", title: code, status, code };
  if (detail) body.detail = detail;
  return { status, body };
}

export async function startFakeApi(): Promise<FakeApi> {
  const calls: FakeApiCall[] = [];
  const violations: string[] = [];
  const queued = new Map<string, FakeReply[]>();
  const accessTokens = new Map<string, string>(); // token → user id
  const refreshTokens = new Map<string, string>();
  /** Rotated refresh tokens, as the real API keeps them: presenting one again is theft. */
  const spentRefreshTokens = new Map<string, string>();
  const users = new Map<string, string | null>(); // user id → openid
  const shared = new Map<string, UserData>();
  let issued = 0;
  const now = () => new Date().toISOString();
  const dataOf = (userId: string): UserData => {
    let data = shared.get(userId);
    if (!data) {
      data = {
        profile: null,
        phone: null,
        device: null,
        location: null,
        addresses: [],
        grants: [],
      };
      shared.set(userId, data);
    }
    return data;
  };

  const issue = (userId: string, openid: string | null): Session => {
    issued += 1;
    const session: Session = {
      accessToken: `access-${issued}`,
      refreshToken: `refresh-${issued}`,
      expiresIn: 900,
      tokenType: "Bearer",
      user: {
        id: userId,
        appid: "tt_emulator_app",
        openid,
        isGuest: openid === null,
        createdAt: "2024-05-01T08:00:00.000Z",
        lastLoginAt: new Date().toISOString(),
      },
    };
    accessTokens.set(session.accessToken, userId);
    refreshTokens.set(session.refreshToken, userId);
    return session;
  };

  const handle = (call: FakeApiCall): FakeReply => {
    const next = queued.get(call.path)?.shift();
    if (next) return next;
    const body = (call.body ?? {}) as Record<string, unknown>;
    const bearer = call.authorization?.replace(/^Bearer /, "") ?? "";
    switch (`${call.method} ${call.path}`) {
      case `POST ${ApiPaths.login}`: {
        if (!body.code && !body.anonymousCode) {
          return problem(400, "VALIDATION_FAILED", "code or anonymousCode");
        }
        const openid = typeof body.code === "string" && body.code ? "openid-fake" : null;
        const userId = openid ? "user-douyin" : "user-guest";
        users.set(userId, openid);
        return { status: 200, body: issue(userId, openid) };
      }
      case `POST ${ApiPaths.refresh}`: {
        const presented = String(body.refreshToken);
        const reusedBy = spentRefreshTokens.get(presented);
        if (reusedBy !== undefined) {
          // Like the real API: the whole session ends, the thief's and the owner's tokens alike.
          for (const [token, owner] of [...accessTokens, ...refreshTokens]) {
            if (owner === reusedBy) {
              accessTokens.delete(token);
              refreshTokens.delete(token);
            }
          }
          return problem(401, "REFRESH_TOKEN_REUSED");
        }
        const userId = refreshTokens.get(presented);
        if (!userId) return problem(401, "REFRESH_TOKEN_INVALID");
        refreshTokens.delete(presented);
        spentRefreshTokens.set(presented, userId);
        return { status: 200, body: issue(userId, users.get(userId) ?? null) };
      }
      case `POST ${ApiPaths.logout}`: {
        if (!accessTokens.has(bearer)) return problem(401, "UNAUTHORIZED");
        refreshTokens.delete(String(body.refreshToken));
        accessTokens.delete(bearer);
        return { status: 204 };
      }
      case `GET ${ApiPaths.me}`: {
        const userId = accessTokens.get(bearer);
        if (!userId) return problem(401, "ACCESS_TOKEN_EXPIRED");
        const { addresses: _addresses, ...data } = dataOf(userId);
        return { status: 200, body: { user: userView(userId), ...data } };
      }
      default: {
        const userId = accessTokens.get(bearer);
        if (!userId) return problem(401, "ACCESS_TOKEN_EXPIRED");
        return userDataRoute(`${call.method} ${call.path}`, dataOf(userId), body);
      }
    }
  };

  const userDataRoute = (
    route: string,
    data: UserData,
    body: Record<string, unknown>,
  ): FakeReply => {
    switch (route) {
      case `PUT ${ApiPaths.meProfile}`: {
        const info = JSON.parse(String(body.rawData)) as Record<string, string>;
        data.profile = {
          nickname: String(info.nickName),
          avatarUrl: String(info.avatarUrl),
          gender: 0,
          city: String(info.city),
          province: String(info.province),
          country: String(info.country),
          language: String(info.language),
          updatedAt: now(),
        };
        return { status: 200, body: data.profile };
      }
      case `PUT ${ApiPaths.mePhone}`:
        data.phone = { masked: "138****0000", countryCode: "86", verifiedAt: now() };
        return { status: 200, body: data.phone };
      case `PUT ${ApiPaths.meDevice}`:
        data.device = {
          brand: String(body.brand),
          model: String(body.model),
          system: String(body.system),
          platform: String(body.platform),
          appName: String(body.appName),
          version: String(body.version),
          SDKVersion: String(body.SDKVersion),
          recordedAt: now(),
        };
        return { status: 200, body: data.device };
      case `PUT ${ApiPaths.meLocation}`:
        data.location = {
          latitude: Number(body.latitude),
          longitude: Number(body.longitude),
          coordType: body.coordType === "gcj02" ? "gcj02" : "wgs84",
          city: String(body.city ?? ""),
          recordedAt: now(),
        };
        return { status: 200, body: data.location };
      case `PUT ${ApiPaths.meAddress}`: {
        const entry: AddressEntry = {
          id: `address-${data.addresses.length + 1}`,
          userName: String(body.userName),
          provinceName: String(body.provinceName),
          cityName: String(body.cityName),
          countyName: String(body.countyName),
          detailInfo: String(body.detailInfo),
          telMasked: "138****0000",
          createdAt: now(),
          lastUsedAt: now(),
        };
        const same = data.addresses.find((known) => known.detailInfo === entry.detailInfo);
        if (!same) data.addresses.unshift(entry);
        return { status: 200, body: { addresses: data.addresses } };
      }
      case `GET ${ApiPaths.meAddresses}`:
        return { status: 200, body: { addresses: data.addresses } };
      case `POST ${ApiPaths.meSubscriptions}`: {
        const result = (body.result ?? {}) as Record<string, unknown>;
        const settings = (result.templateSettings ?? {}) as Record<string, { status?: string }>;
        for (const id of new Set([...Object.keys(settings), ...Object.keys(result)])) {
          if ((settings[id]?.status ?? result[id]) !== "accept") continue;
          const grant = data.grants.find((known) => known.templateId === id);
          if (grant) grant.credits += 1;
          else data.grants.push({ templateId: id, kind: "one-time", credits: 1, active: true });
        }
        return { status: 200, body: { grants: data.grants } };
      }
      default:
        return problem(404, "NOT_FOUND");
    }
  };
  const userView = (userId: string) => ({
    id: userId,
    appid: "tt_emulator_app",
    openid: users.get(userId) ?? null,
    isGuest: (users.get(userId) ?? null) === null,
    createdAt: "2024-05-01T08:00:00.000Z",
    lastLoginAt: "2024-05-01T08:00:00.000Z",
  });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    request.on("end", () => {
      const call: FakeApiCall = {
        method: request.method ?? "",
        path: (request.url ?? "").split("?")[0] ?? "",
        authorization: request.headers.authorization,
        body: raw ? JSON.parse(raw) : undefined,
      };
      calls.push(call);
      const reply = handle(call);
      violations.push(...contractViolations(call, reply));
      void Promise.resolve(reply.until).then(() => {
        const isProblem = reply.status >= 400;
        if (reply.body === undefined) {
          response.writeHead(reply.status).end();
          return;
        }
        response
          .writeHead(reply.status, {
            "content-type": isProblem ? "application/problem+json" : "application/json",
          })
          .end(JSON.stringify(reply.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    violations,
    queue(path, ...replies) {
      queued.set(path, [...(queued.get(path) ?? []), ...replies]);
    },
    expireAccessToken(token) {
      accessTokens.delete(token);
    },
    reset() {
      calls.length = 0;
      violations.length = 0;
      queued.clear();
      spentRefreshTokens.clear();
      shared.clear();
    },
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
