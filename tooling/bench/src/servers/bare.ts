// The limit of the stack: Fastify answering a constant.
import Fastify from "fastify";
import { announceListening, readServerOptions } from "./server-options.ts";

const { port } = readServerOptions();
const app = Fastify({ logger: false });
app.get("/constant", async () => ({ ok: true }));
await app.listen({ host: "127.0.0.1", port });
announceListening(port);
