/**
 * The resolve hook `postgres-condition.mjs` registers (node:module `register`): adds the
 * `switchboard-postgres` condition to every resolution, like `node --conditions=switchboard-postgres`.
 */
export const CONDITION = "switchboard-postgres";

/** @type {import("node:module").ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes(CONDITION) ? context.conditions : [CONDITION, ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}
