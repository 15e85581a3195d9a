/**
 * Files: upload (multipart, web FormData/Blob), list, get, download, delete.
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, type CallOptions, type Client } from '../core/client.js';
import { InvalidRequestError } from '../core/errors.js';
import type { Paginator } from '../core/paginate.js';
import { readBytes } from '../core/response.js';
import { FilePageShape, FileShape } from './shapes.gen.js';
import { asBytes, checkIdempotencyKey, checkInput, deleteAt, describe, invalid, listPages, REFUSED_BEFORE_WORK } from './shared.js';
import type { FileCreateParams, FileDownloadParams, ReplicateFile } from './types.js';

const OP_CREATE = 'replicate.files.create';

function toBlob(content: FileCreateParams['content'], type: string | undefined): Blob {
  if (content instanceof Blob) return type && type !== content.type ? new Blob([content], { type }) : content;
  // bytes made in another realm (vm, iframe, Jest) too, which `instanceof` would miss
  const data = typeof content === 'string' ? content : asBytes(content);
  if (data !== undefined) return new Blob([data as BlobPart], { type: type ?? 'application/octet-stream' });
  // a web ReadableStream or a Node Readable (fs.createReadStream): left unread, with the way to pass it
  const s = content as { getReader?: unknown; pipe?: unknown } | null;
  const stream = typeof s?.getReader === 'function' || typeof s?.pipe === 'function';
  throw new InvalidRequestError(`${OP_CREATE}: content ${stream ? 'is a stream: read it into a Blob first (await new Response(stream).blob())' : `must be a Blob, File, Uint8Array, ArrayBuffer or string, got ${describe(content)}`}`, {
    path: 'content',
    operation: OP_CREATE,
  });
}

/**
 * Uploads a file (`POST /files`, multipart/form-data built with web `FormData`). Use the returned
 * `urls.get` as a model input. Not retried once it may have reached Replicate.
 *
 * @example
 * ```ts
 * const file = await createFile(client, { content: new Blob([bytes], { type: 'image/png' }), filename: 'cat.png', metadata: { job: 42 } });
 * await run(client, 'acme/upscaler', { input: { image: file.urls?.get } });
 * ```
 */
export async function createFile(client: Client, params: FileCreateParams, options?: CallOptions): Promise<ReplicateFile> {
  if (!params || typeof params !== 'object') throw new InvalidRequestError(`${OP_CREATE}: params with content are required`, { path: 'content', operation: OP_CREATE });
  // a Blob drops a type with a character outside printable ASCII: the part would go as octet-stream
  if (params.type !== undefined && (typeof params.type !== 'string' || !/^[\x20-\x7e]*$/.test(params.type))) {
    invalid(OP_CREATE, 'type', 'a MIME type in printable ASCII (as a Blob keeps it)', params.type);
  }
  const blob = toBlob(params.content, params.type);
  // the spec's metadata is a JSON object: what JSON would drop, mangle or throw on is refused here
  if (params.metadata !== undefined) checkInput(params.metadata, OP_CREATE, 'metadata');
  // a File with an empty name (a form part sent with filename="") has none: it goes as 'file'
  const filename = params.filename ?? (((params.content as { name?: unknown }).name as string | undefined) || 'file');
  // the spec's limit is 255 bytes of valid UTF-8; encoding turns a lone surrogate into U+FFFD (3 bytes), so a round trip finds it
  const bytes = typeof filename === 'string' ? new TextEncoder().encode(filename) : undefined;
  if (!bytes || bytes.length === 0 || bytes.length > 255 || new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) !== filename) {
    throw new InvalidRequestError(`${OP_CREATE}: filename must be 1 to 255 bytes of valid UTF-8 (no lone surrogate), got ${describe(filename)}`, {
      path: 'filename',
      operation: OP_CREATE,
    });
  }
  // FormData rewrites a lone CR or LF in a field as CRLF (and as %0D/%0A in a part's file name)
  if (/[\r\n]/.test(filename as string)) invalid(OP_CREATE, 'filename', 'a name without a line break (a multipart form would change it)', filename);
  checkIdempotencyKey(client, options, OP_CREATE);
  const form = new FormData();
  form.append('content', blob, filename);
  form.append('filename', filename);
  // the type asked for as given (Bun's Blob reads 'application/json' as 'application/json;charset=utf-8')
  form.append('type', params.type || blob.type || 'application/octet-stream');
  // the file name every web FormData gives a Blob ("blob"), given here: Bun would send filename="",
  // which Django reads as a plain field, not a file, so a server reading the file part misses it
  if (params.metadata !== undefined) form.append('metadata', new Blob([JSON.stringify(params.metadata)], { type: 'application/json' }), 'blob');
  // Serialise once with the runtime's own multipart encoder (web standard), so the body is plain bytes.
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  const data = new Uint8Array(await encoded.arrayBuffer());
  return request(client, { method: 'POST', path: '/files', rawBody: { data, contentType }, schema: FileShape, operation: OP_CREATE, refusedBeforeWork: REFUSED_BEFORE_WORK }, options);
}

/**
 * Lists your uploaded files across every page.
 *
 * @example
 * ```ts
 * for await (const f of listFiles(client)) console.log(f.id, f.size);
 * ```
 */
export function listFiles(client: Client, options?: CallOptions): Paginator<ReplicateFile, string> {
  return listPages(client, { path: '/files', schema: FilePageShape, operation: 'replicate.files.list' }, options);
}

/**
 * Gets a file's metadata.
 *
 * @example
 * ```ts
 * const f = await getFile(client, 'cneqzikepnug6xezperrr4z55o');
 * ```
 */
export async function getFile(client: Client, id: string, options?: CallOptions): Promise<ReplicateFile> {
  const op = 'replicate.files.get';
  return request(client, { method: 'GET', path: `/files/${pathSegment(id, 'id', op)}`, schema: FileShape, operation: op }, options);
}

/**
 * Deletes a file.
 * Retried on a 5xx or a reset; a retry answered 404 resolves (an earlier attempt's answer was lost).
 *
 * @example
 * ```ts
 * await deleteFile(client, file.id);
 * ```
 */
export async function deleteFile(client: Client, id: string, options?: CallOptions): Promise<void> {
  const op = 'replicate.files.delete';
  return deleteAt(client, `/files/${pathSegment(id, 'id', op)}`, op, options);
}

/**
 * Downloads a file's bytes through a signed download URL's parameters (`owner`, `expiry`, `signature`).
 *
 * @example
 * ```ts
 * const bytes = await downloadFile(client, file.id, { owner: 'alice', expiry: 1767225600, signature: 'WRq4Ul8NbIQDcHlzg45ShQjhWicXGNqORqk89Y3zsQU=' });
 * ```
 */
export async function downloadFile(client: Client, id: string, params: FileDownloadParams, options?: CallOptions): Promise<Uint8Array> {
  const op = 'replicate.files.download';
  const path = `/files/${pathSegment(id, 'id', op)}/download`;
  pathSegment(params?.owner, 'owner', op);
  pathSegment(params?.signature, 'signature', op);
  if (!Number.isInteger(params.expiry)) throw new InvalidRequestError(`${op}: expiry must be an integer Unix timestamp, got ${describe(params.expiry)}`, { path: 'expiry', operation: op });
  return request(
    client,
    {
      method: 'GET',
      path,
      query: { owner: params.owner, expiry: params.expiry, signature: params.signature },
      operation: op,
      accept: 'application/octet-stream',
      // read within the call's deadline; a body that breaks becomes a typed error
      parse: (res, signal) => readBytes(res, signal, op),
    },
    options,
  );
}
