/**
 * A user's project with `exactOptionalPropertyTypes: true` can pass `undefined` to every optional
 * field the SDK takes (an option or request field read from the environment or from an optional
 * field of the user's own, `{ prefix: process.env.PREFIX }`), since the SDK reads `undefined` as not
 * given. Under that flag `x?: T` refuses `x: undefined`; only `x?: T | undefined` takes it. So every
 * optional property the SDK *takes* — reached from the parameters of the exported functions and of
 * the methods of the exported types, and from what a callback of the user's returns — must declare
 * `| undefined` (so an optional method is declared as a property of a function type). Read through the TypeScript checker from the entry points (so re-exports, nested
 * object types and aliases count by the declaration they point at); outputs (what the SDK returns,
 * and what it hands a callback) are not checked: reading them gives `T | undefined` either way.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SOURCE_ENTRIES, sourceProgram } from './helpers/doc-walk.js';

const ENTRIES = SOURCE_ENTRIES;
const program = sourceProgram({ exactOptionalPropertyTypes: true });
const checker = program.getTypeChecker();
const SRC = path.resolve('src') + path.sep;
const inSrc = (d: ts.Node): boolean => path.resolve(d.getSourceFile().fileName).startsWith(SRC);
const DEPTH = 6;

/** Whether a declared type takes `undefined`: it is `undefined`, `unknown`, `any` or a type parameter (the caller's own type), or a union with one. */
function takesUndefined(node: ts.TypeNode | undefined): boolean {
  if (!node) return true;
  if (ts.isParenthesizedTypeNode(node)) return takesUndefined(node.type);
  if (ts.isUnionTypeNode(node)) return node.types.some(takesUndefined);
  if ([ts.SyntaxKind.UndefinedKeyword, ts.SyntaxKind.UnknownKeyword, ts.SyntaxKind.AnyKeyword].includes(node.kind)) return true;
  if (!ts.isTypeReferenceNode(node) && !ts.isIndexedAccessTypeNode(node)) return false;
  // an alias, `Options['field']`: what it stands for
  const type = checker.getTypeFromTypeNode(node);
  const takes = (t: ts.Type): boolean => !!(t.flags & (ts.TypeFlags.TypeParameter | ts.TypeFlags.Undefined | ts.TypeFlags.Unknown | ts.TypeFlags.Any));
  return takes(type) || (type.isUnion() && type.types.some(takes));
}

/**
 * Parameters that take back what the SDK itself gave (an output, as received), exempt with their reason:
 * - `ChatCompletionChunk`: `createChatAccumulator().add(chunk)` takes the chunks of the SDK's own stream;
 * - `WireChatCompletion`: `normalizeChatCompletion(value)` takes a server's answer as parsed.
 */
const OUTPUTS_TAKEN_BACK = new Set(['ChatCompletionChunk', 'WireChatCompletion']);

/** The name of the interface, type alias or class a property is declared in (`ClientOptions.timeoutMs`), for the walk's control. */
function ownerName(d: ts.Node): string {
  for (let n: ts.Node | undefined = d.parent; n; n = n.parent) {
    if ((ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isClassDeclaration(n)) && n.name) return n.name.text;
    if (ts.isFunctionDeclaration(n) && n.name) return `${n.name.text}()`;
  }
  return '?';
}

/** `where: Interface.field` for each optional property declared in src/ that the SDK takes but whose type refuses `undefined`. */
function optionalInputs(): { checked: Set<string>; refusing: string[] } {
  const found = new Map<ts.Declaration, string>();
  const checked = new Set<string>();
  const seenInput = new Set<ts.Type>();
  const seenSurface = new Set<ts.Type>();
  /** A type the user gives the SDK: its properties, their types, and what its callbacks return. */
  const input = (type: ts.Type, where: string, depth: number): void => {
    if (depth > DEPTH || seenInput.has(type)) return;
    seenInput.add(type);
    if (OUTPUTS_TAKEN_BACK.has((type.aliasSymbol ?? type.getSymbol())?.name ?? '')) return;
    if (type.isUnionOrIntersection()) return type.types.forEach((t) => input(t, where, depth));
    if (type.flags & ts.TypeFlags.Instantiable) {
      const constraint = checker.getBaseConstraintOfType(type);
      return constraint && constraint !== type ? input(constraint, where, depth) : undefined;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    if (checker.isArrayType(type) || checker.isTupleType(type)) return checker.getTypeArguments(type as ts.TypeReference).forEach((t) => input(t, `${where}[]`, depth));
    const decls = type.getSymbol()?.declarations ?? [];
    if (decls.length > 0 && !decls.some(inSrc)) return; // lib and dependency types (AbortSignal, typed arrays, a schema)
    for (const signature of type.getCallSignatures()) input(signature.getReturnType(), `${where}()`, depth + 1);
    for (const prop of checker.getPropertiesOfType(type)) {
      const ours = (prop.declarations ?? []).filter(inSrc);
      const at = `${where}.${prop.name}`;
      for (const d of ours) {
        // an optional method (`debug?(message): void`) cannot declare `| undefined`: it refuses it
        if (ts.isMethodSignature(d) && d.questionToken) {
          checked.add(`${ownerName(d)}.${prop.name}`);
          if (!found.has(d)) found.set(d, at);
          continue;
        }
        if (!(ts.isPropertySignature(d) || ts.isPropertyDeclaration(d)) || !d.questionToken) continue;
        checked.add(`${ownerName(d)}.${prop.name}`);
        if (!takesUndefined(d.type) && !found.has(d)) found.set(d, at);
      }
      if (ours.length > 0) input(checker.getTypeOfSymbol(prop), at, depth + 1);
    }
  };
  /** A type of the API (a client, a stream, a group of methods): the parameters of its methods are inputs. */
  const surface = (type: ts.Type, where: string, depth: number): void => {
    if (depth > DEPTH || seenSurface.has(type)) return;
    seenSurface.add(type);
    if (type.isUnionOrIntersection()) return type.types.forEach((t) => surface(t, where, depth));
    if (!(type.flags & ts.TypeFlags.Object)) return;
    const symbol = type.getSymbol();
    if (symbol?.name === 'Promise') return checker.getTypeArguments(type as ts.TypeReference).forEach((t) => surface(t, where, depth));
    if (symbol?.declarations && !symbol.declarations.some(inSrc)) return;
    for (const signature of type.getCallSignatures()) {
      for (const param of signature.getParameters()) input(checker.getTypeOfSymbol(param), `${where}(${param.name})`, depth + 1);
      surface(signature.getReturnType(), `${where}()`, depth + 1);
    }
    for (const prop of checker.getPropertiesOfType(type)) {
      if ((prop.declarations ?? []).some(inSrc)) surface(checker.getTypeOfSymbol(prop), `${where}.${prop.name}`, depth + 1);
    }
  };
  for (const entry of ENTRIES) {
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const label = `${entry}: ${exported.name}`;
      if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) surface(checker.getTypeOfSymbol(symbol), label, 0);
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) surface(checker.getDeclaredTypeOfSymbol(symbol), label, 0);
      if (symbol.flags & ts.SymbolFlags.Class) surface(checker.getTypeOfSymbol(symbol), label, 0); // static methods, the constructor
    }
  }
  const refusing = [...found.entries()].map(([d, where]) => `${where} (${path.relative('.', d.getSourceFile().fileName)}:${d.getSourceFile().getLineAndCharacterOfPosition(d.getStart()).line + 1})`);
  return { checked, refusing: refusing.sort() };
}

describe('optional fields the SDK takes', () => {
  const { checked, refusing } = optionalInputs();

  it('are reached by the walk: options, requests, nested fields, methods of a bound client, what a callback returns', () => {
    for (const field of [
      'ClientOptions.timeoutMs',
      'CallOptions.signal',
      'InputTensor.parameters',
      'RunOptions.onProgress',
      'ChatCompletionCreateParamsBase.stream_options',
      'ChatCompletionContentPartImage.detail', // nested: messages[].content[].image_url
      'OnnxRuntimeOptions.threads',
      'PollOptions.onTimeoutOrAbort',
      'Logger.debug', // an optional method of an object the user gives
      'RetryBudget.refund',
    ]) expect(checked, field).toContain(field);
    expect(checked.size).toBeGreaterThan(300);
  });

  it('declare `| undefined`, so that exactOptionalPropertyTypes takes an explicit undefined', () => {
    expect(refusing).toEqual([]);
  });
});
