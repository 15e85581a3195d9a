/**
 * Types of withFallback with a chain built from a list (src/core/fallback.ts): replicas read from
 * configuration can be spread between the primary and the last fallback, and the calls that cannot
 * be meant are still refused by the compiler.
 */
import { expectTypeOf } from 'vitest';
import { withFallback, type FallbackTarget } from 'modelwire';

interface Target {
  infer(id: string): Promise<{ id: string }>;
}
declare const primary: Target;
declare const local: Target;
declare const replicas: Target[];

expectTypeOf(withFallback(primary, ...replicas, local, {})).toEqualTypeOf<FallbackTarget<Target>>();
expectTypeOf(withFallback<Target>(primary, ...replicas, local, { fallbacks: [...replicas.map((_, i) => ({ name: `replica${i}` })), { name: 'onnx' }] })).toEqualTypeOf<FallbackTarget<Target>>();
expectTypeOf(withFallback(primary, local, local, local, {})).toEqualTypeOf<FallbackTarget<Target>>();

// @ts-expect-error a chain needs its policy last
withFallback(primary, local, local);
// @ts-expect-error a policy alone is no fallback
withFallback<Target>(primary, {});
// @ts-expect-error the policy goes last
withFallback(primary, local, {}, local);
