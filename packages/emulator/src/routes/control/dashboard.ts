import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { DASHBOARD_PATH } from "../paths.ts";

const ASSETS_DIR = new URL("../../dashboard/", import.meta.url);
const CONTENT_TYPES: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "dashboard.css": "text/css; charset=utf-8",
  "dashboard.js": "text/javascript; charset=utf-8",
};

/**
 * The dashboard at `/`: a static page (no build, nothing from a CDN) that reads and steers the
 * emulator through the same control endpoints a test uses; its script and style under
 * /emulator/dashboard/.
 */
export function registerDashboard(app: FastifyInstance): void {
  const assets = new Map(
    Object.entries(CONTENT_TYPES).map(([name, type]) => [
      name,
      { type, body: readFileSync(new URL(name, ASSETS_DIR)) },
    ]),
  );
  const send = (name: string) => {
    const asset = assets.get(name);
    if (asset === undefined) throw new Error(`no dashboard asset ${name}`);
    return asset;
  };
  const headers = {
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    // Only what the page itself ships: its script, its style, its own origin's endpoints.
    "content-security-policy":
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  };
  app.get(DASHBOARD_PATH, async (_request, reply) => {
    const page = send("index.html");
    return reply.headers(headers).type(page.type).send(page.body);
  });
  app.get("/emulator/dashboard/:asset", async (request, reply) => {
    const { asset } = request.params as { asset: string };
    if (asset === "index.html" || !assets.has(asset)) {
      return reply.code(404).send({ error: "not_found", message: `no dashboard asset ${asset}` });
    }
    const file = send(asset);
    return reply.headers(headers).type(file.type).send(file.body);
  });
}
