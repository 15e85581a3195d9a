/**
 * @internal `z.object` and `z.looseObject` typed by the shape itself rather than by zod's
 * `Writeable<shape>` (the same type). Declaration emit then keeps the TSDoc of every key, so a
 * user of the published .d.ts sees it on hover; through `Writeable`, a mapped type, emit drops it.
 * Used as a cast only (`(z.object as ShapeObject)({ … })`): the calls, and their `@__PURE__`
 * annotations, stay as they are, and no byte reaches a bundle. test/declaration-docs.test.ts
 * fails without it.
 * @module
 */
import type * as z from 'zod/mini';

/** @internal `z.object`, its result typed by the shape itself (see the module's comment). */
export type ShapeObject = <T extends z.core.$ZodLooseShape>(shape: T) => z.ZodMiniObject<T, z.core.$strip>;

/** @internal `z.looseObject`, its result typed by the shape itself (see the module's comment). */
export type LooseShapeObject = <T extends z.core.$ZodLooseShape>(shape: T) => z.ZodMiniObject<T, z.core.$loose>;
