/**
 * Registries that every copy of modelwire loaded in one process shares: Node loads the ESM and the
 * CJS build side by side when an app requires 'modelwire' in one place and imports it (or a subpath)
 * in another, and a client made by one copy may then be used with an operation of the other. What
 * such a registry records about a client or a call (its credentials) must be found by both.
 *
 * @module
 */

/**
 * The registry named `name` on `globalThis` (under `Symbol.for('modelwire.<name>')`), made with
 * `new Kind()` by the first copy that asks for it. Call it at module scope marked `/* @__PURE__ *\/`
 * (docs/runtimes.md, bundle budgets), so a bundle that does not use the registry drops it.
 *
 * @example
 * ```ts
 * const secretsByClient = sharedRegistry<WeakMap<Client, readonly string[]>>('secrets', WeakMap);
 * ```
 */
export function sharedRegistry<T extends object>(name: string, Kind: new () => T): T {
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return (g[Symbol.for('modelwire.' + name)] ??= new Kind());
}
