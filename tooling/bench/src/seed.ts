import { sampleDeviceReport, sampleLocationReport } from "@tt/test-support/samples";

// A user with everything GET /api/me shows (profile, phone, device, location, a grant), made the
// way the mini-program makes it: the emulator's device answers, posted to the running API.

async function call(url: string, method: string, body?: unknown, token?: string) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

export interface SeededUser {
  accessToken: string;
  userId: string;
}

/** tt.login on the emulated phone of `persona`: a fresh code. */
export async function loginCode(emulatorUrl: string, persona: string): Promise<string> {
  return (await call(`${emulatorUrl}/device/login`, "POST", { user: persona })).code;
}

export async function seedUser(
  apiUrl: string,
  emulatorUrl: string,
  persona: string,
  templateId: string,
): Promise<SeededUser> {
  const device = (path: string, body: object) => call(`${emulatorUrl}${path}`, "POST", body);
  const code = await loginCode(emulatorUrl, persona);
  const session = await call(`${apiUrl}/api/auth/login`, "POST", { code });
  const token = session.accessToken as string;
  const profile = await device("/device/user-profile", { user: persona });
  const { rawData, signature, encryptedData, iv } = profile;
  await call(`${apiUrl}/api/me/profile`, "PUT", { rawData, signature, encryptedData, iv }, token);
  const phone = await device("/device/phone-number", { user: persona, flow: "code" });
  await call(`${apiUrl}/api/me/phone`, "PUT", { code: phone.code }, token);
  await call(`${apiUrl}/api/me/device`, "PUT", DEVICE_REPORT, token);
  await call(`${apiUrl}/api/me/location`, "PUT", sampleLocationReport, token);
  const result = await device("/device/subscribe", { user: persona, tmplIds: [templateId] });
  await call(`${apiUrl}/api/me/subscriptions`, "POST", { result }, token);
  return { accessToken: token, userId: session.user.id };
}

export const DEVICE_REPORT = sampleDeviceReport;
