import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { DASHBOARD_PATH } from "../paths.ts";

const ASSETS_DIR = new URL("../../dashboard/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, ASSETS_DIR));

/** Only what the page itself ships: its script, its style, its own origin's endpoints. */
const HEADERS = {
  "cache-control": "no-cache",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * The dashboard at `/`: a static page (no build, nothing from a CDN) that reads and steers the
 * emulator through the same control endpoints a test uses; its script and style under
 * /emulator/dashboard/.
 */
export function registerDashboard(app: FastifyInstance): void {
  const page = read("index.html");
  const assets = new Map([
    ["dashboard.css", { type: "text/css; charset=utf-8", body: read("dashboard.css") }],
    ["dashboard.js", { type: "text/javascript; charset=utf-8", body: read("dashboard.js") }],
  ]);
  app.get(DASHBOARD_PATH, async (_request, reply) =>
    reply.headers(HEADERS).type("text/html; charset=utf-8").send(page),
  );
  app.get("/emulator/dashboard/:asset", async (request, reply) => {
    const { asset: name } = request.params as { asset: string };
    const asset = assets.get(name);
    if (asset === undefined) {
      return reply.code(404).send({ error: "not_found", message: `no dashboard asset ${name}` });
    }
    return reply.headers(HEADERS).type(asset.type).send(asset.body);
  });
}
