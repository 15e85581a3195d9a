/**
 * Types of withFallback (src/core/fallback.ts) for optional members: an optional method is wrapped
 * like a required one (its result says who answered), and an optional group of methods is wrapped
 * like a required one, as they are at run time when the primary has them.
 */
import { expectTypeOf } from 'vitest';
import { withFallback, type SourceInfo } from 'modelwire';

interface Target {
  infer(id: string): Promise<{ id: string }>;
  embed?(text: string): Promise<{ vector: number[] }>;
  models?: { get(id: string): Promise<{ id: string }> };
}

declare const remote: Target;
declare const local: Target;
const target = withFallback<Target>(remote, local);

expectTypeOf(target.infer).returns.resolves.toEqualTypeOf<{ id: string } & SourceInfo>();
expectTypeOf(target.embed).toEqualTypeOf<((text: string) => Promise<{ vector: number[] } & SourceInfo>) | undefined>();
expectTypeOf(target.models).toEqualTypeOf<{ get: (id: string) => Promise<{ id: string } & SourceInfo> } | undefined>();
const asTarget: Target = target;
void asTarget;
