export * from "./auth.ts";
export * from "./problem.ts";
export * from "./problem-codes.ts";
export * from "./routes.ts";
export * from "./user.ts";
