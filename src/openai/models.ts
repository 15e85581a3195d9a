/**
 * Models: `GET /models`, `GET /models/{model}`, `DELETE /models/{model}`.
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, requestParsed, type CallOptions, type Client } from '../core/client.js';
import { readJson } from '../core/response.js';
import type { APIError, NotFoundError } from '../core/errors.js';
import { validate } from '../core/schema.js';
import { ModelDeletedShape, ModelListShape, ModelShape } from './shapes.gen.js';
import type { Model, ModelDeleted, ModelList } from './types.js';

/**
 * Lists the models the server serves. OpenAI, vLLM, Ollama, llama.cpp, Groq and Fireworks answer
 * `{ object: 'list', data: [...] }`; TGI's single model object and Together's bare array are
 * normalised to that shape.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { listModels } from 'modelwire/openai';
 *
 * const client = createClient({ baseURL: 'https://api.openai.com/v1', apiKey: process.env.OPENAI_API_KEY });
 * const { data } = await listModels(client);
 * console.log(data.map((m) => m.id));
 * ```
 */
export async function listModels(client: Client, options?: CallOptions): Promise<ModelList> {
  const operation = 'openai.models.list';
  // read and checked inside the call (parse), so a list that fails validation carries the answer's request id
  return requestParsed(
    client,
    {
      method: 'GET',
      path: '/models',
      operation,
      parse: async (res, signal) => {
        const body = await readJson(res, signal, operation);
        let list: unknown = body;
        if (Array.isArray(body)) list = { object: 'list', data: body };
        else if (body !== null && typeof body === 'object' && !('data' in body) && typeof (body as { id?: unknown }).id === 'string') {
          list = { object: 'list', data: [body] };
        }
        return validate(ModelListShape, list, options?.validation ?? client.validation, operation);
      },
    },
    options,
  );
}

/** `/models/{id}` with the id as one path segment ("." and ".." would be resolved away, reaching another endpoint). */
function modelPath(model: string, operation: string): string {
  return `/models/${pathSegment(model, 'model', operation)}`;
}

/**
 * Retrieves one model by id (the id is URL-encoded, so `meta-llama/Llama-3.1-8B` is safe).
 *
 * @example
 * ```ts
 * const model = await retrieveModel(client, 'gpt-4o-mini');
 * console.log(model.owned_by);
 * ```
 */
export async function retrieveModel(client: Client, model: string, options?: CallOptions): Promise<Model> {
  const operation = 'openai.models.retrieve';
  return request(client, { method: 'GET', path: modelPath(model, operation), schema: ModelShape, operation }, options);
}

/**
 * Deletes a model you own (OpenAI: fine-tuned models). Most self-hosted servers answer 404 or 405,
 * which surface as {@link NotFoundError} / {@link APIError}.
 *
 * @example
 * ```ts
 * const res = await deleteModel(client, 'ft:gpt-4o-mini:acme:suffix:abc123');
 * console.log(res.deleted);
 * ```
 */
export async function deleteModel(client: Client, model: string, options?: CallOptions): Promise<ModelDeleted> {
  const operation = 'openai.models.delete';
  return request(client, { method: 'DELETE', path: modelPath(model, operation), schema: ModelDeletedShape, operation }, options);
}
