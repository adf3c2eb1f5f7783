// securityHeaders: Helmet's headers worked out once give what Helmet itself sets on a real HTTP
// response, and options that need the request are refused at start-up.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import helmet, { type HelmetOptions } from "helmet";
import { describe, expect, it } from "vitest";
import { securityHeaders } from "../src/lib/security-headers.ts";

/** The headers Helmet's own middleware puts on a node:http response, as a client reads them. */
async function helmetOnTheWire(options: HelmetOptions): Promise<Record<string, string>> {
  const middleware = helmet(options);
  const server = createServer((request, response) => {
    response.setHeader("x-powered-by", "something");
    middleware(request, response, () => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.arrayBuffer();
    const ignored = new Set(["connection", "content-length", "date", "keep-alive"]);
    return Object.fromEntries([...response.headers].filter(([name]) => !ignored.has(name)));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("securityHeaders", () => {
  const cases: Record<string, HelmetOptions> = {
    defaults: {},
    "the API's": {
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", "data:"] },
      },
    },
    "some off, some changed": {
      strictTransportSecurity: { maxAge: 60, includeSubDomains: false },
      xFrameOptions: { action: "deny" },
      referrerPolicy: false,
      contentSecurityPolicy: false,
    },
  };

  for (const [name, options] of Object.entries(cases)) {
    it(`matches what Helmet sets on a response: ${name} options`, async () => {
      expect(securityHeaders(options)).toEqual(await helmetOnTheWire(options));
    });
  }

  it("refuses options computed from the request", () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: {
          directives: { scriptSrc: ["'self'", (request) => `'nonce-${String(request.url)}'`] },
        },
      }),
    ).toThrow(/read the request/);
  });
});
