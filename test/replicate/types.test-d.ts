/**
 * Type-level tests of `modelwire/replicate`, as a user imports it. Checked by `tsc -p tsconfig.json`
 * (the first half of `npm test`) against src/, and by `npm run check:package` against the built
 * dist/*.d.ts and dist/*.d.cts; vitest does not run `.test-d.ts` files, so nothing here executes.
 * Every `@ts-expect-error` names the misuse it stands for.
 */
import { expectTypeOf } from 'vitest';
import * as v from 'valibot';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { ModelwireError, withFallback, type Client, type Paginator, type SourceInfo, type Stream } from 'modelwire';
import {
  PredictionError,
  createDeploymentPrediction,
  createPrediction,
  createReplicateClient,
  getModelReadme,
  listPredictions,
  run,
  streamPrediction,
  verifyWebhook,
  waitForPrediction,
  type Account,
  type Deployment,
  type Hardware,
  type Model,
  type Prediction,
  type PredictionStatus,
  type ReplicateClient,
  type ReplicateStreamEvent,
  type Training,
  type VerifiedWebhook,
} from 'modelwire/replicate';

declare const client: Client;
declare const replicate: ReplicateClient;
declare const err: unknown;
const input = { prompt: 'a fox' };

// ---------------------------------------------------------------- client options

createReplicateClient({ apiKey: 'r8_x', timeoutMs: 120_000 });
createReplicateClient(client);
// @ts-expect-error unknown option key (the official client's `auth` is apiKey here)
createReplicateClient({ auth: 'r8_x' });
expectTypeOf(replicate.client).toEqualTypeOf<Client>();

// ---------------------------------------------------------------- run: the output schema types the result

expectTypeOf(run(client, 'acme/echo', { input })).toEqualTypeOf<Promise<unknown>>();
expectTypeOf(run(client, 'acme/echo', { input, output: z.array(z.string()) })).toEqualTypeOf<Promise<string[]>>();
expectTypeOf(run(client, 'acme/echo', { input, output: zm.array(zm.string()) })).toEqualTypeOf<Promise<string[]>>();
expectTypeOf(run(client, 'acme/echo', { input, output: v.array(v.string()) })).toEqualTypeOf<Promise<string[]>>();
// a transform: the output type
expectTypeOf(run(client, 'acme/echo', { input, output: z.array(z.string()).transform((a) => a.join('')) })).toEqualTypeOf<Promise<string>>();
expectTypeOf(replicate.run('acme/echo', { input, output: z.object({ text: z.string() }) })).toEqualTypeOf<Promise<{ text: string }>>();
expectTypeOf(replicate.run('acme/echo', { input })).toEqualTypeOf<Promise<unknown>>();
// @ts-expect-error input is required (a model's input is an object)
void run(client, 'acme/echo', {});
// @ts-expect-error input is an object of the model's fields, not a string
void run(client, 'acme/echo', { input: 'a fox' });
// @ts-expect-error output is a Standard Schema, not a JSON Schema
void run(client, 'acme/echo', { input, output: { type: 'array' } });
// @ts-expect-error unknown run option (a typo of timeoutMs)
void run(client, 'acme/echo', { input, timeout: 1000 });
// @ts-expect-error onProgress is told a Prediction
void run(client, 'acme/echo', { input, onProgress: (p: { progress: number }) => p.progress });

// ---------------------------------------------------------------- predictions

expectTypeOf(createPrediction(client, { model: 'acme/echo', input })).toEqualTypeOf<Promise<Prediction>>();
expectTypeOf(createPrediction(client, { version: 'v', input }, { wait: 10, cancelAfter: '5m' })).toEqualTypeOf<Promise<Prediction>>();
expectTypeOf(createDeploymentPrediction(client, 'acme/app', { input })).toEqualTypeOf<Promise<Prediction>>();
expectTypeOf(replicate.predictions.create({ model: 'acme/echo', input })).toEqualTypeOf<Promise<Prediction>>();
expectTypeOf(replicate.predictions.get('id')).toEqualTypeOf<Promise<Prediction>>();
expectTypeOf(listPredictions(client)).toEqualTypeOf<Paginator<Prediction, string>>();
expectTypeOf(replicate.predictions.list({ created_after: new Date() })).toEqualTypeOf<Paginator<Prediction, string>>();
expectTypeOf(waitForPrediction(client, 'id')).toEqualTypeOf<Promise<Prediction>>();
expectTypeOf(replicate.wait('id', { maxDelayMs: 2000 })).toEqualTypeOf<Promise<Prediction>>();
// @ts-expect-error a prediction names exactly one of model, version or deployment
void createPrediction(client, { model: 'acme/echo', version: 'v', input });
// @ts-expect-error a prediction names a model, version or deployment
void createPrediction(client, { input });
// @ts-expect-error input is required
void createPrediction(client, { model: 'acme/echo' });
// @ts-expect-error webhook events are start, output, logs or completed
void createPrediction(client, { model: 'acme/echo', input, webhook: 'https://h', webhook_events_filter: ['done'] });
// @ts-expect-error wait is a create option, not a get option
void replicate.predictions.get('id', { wait: true });
// @ts-expect-error the deployment is the path's: it is not a body field of a deployment prediction
void createDeploymentPrediction(client, 'acme/app', { deployment: 'acme/other', input });

declare const prediction: Prediction;
expectTypeOf(prediction.id).toEqualTypeOf<string>();
expectTypeOf(prediction.output).toEqualTypeOf<unknown>();
expectTypeOf(prediction.urls?.stream).toEqualTypeOf<string | undefined>();
// the status offers the known values and accepts ones Replicate adds later
expectTypeOf<'succeeded'>().toMatchTypeOf<Prediction['status']>();
expectTypeOf<PredictionStatus>().toMatchTypeOf<Prediction['status']>();

// ---------------------------------------------------------------- streams: the event type narrows the payload

expectTypeOf(streamPrediction(client, prediction)).toEqualTypeOf<Promise<Stream<ReplicateStreamEvent>>>();
expectTypeOf(replicate.stream('https://stream.replicate.com/v1/files/x', { idleTimeoutMs: 10_000 })).toEqualTypeOf<Promise<Stream<ReplicateStreamEvent>>>();
declare const event: ReplicateStreamEvent;
if (event.type === 'output') expectTypeOf(event.data).toEqualTypeOf<string>();
if (event.type === 'done') expectTypeOf(event.data).toEqualTypeOf<Record<string, unknown>>();
// @ts-expect-error only the done event has a reason: narrow first
void event.reason;

// ---------------------------------------------------------------- the other resources

expectTypeOf(replicate.models.get('acme/echo')).toEqualTypeOf<Promise<Model>>();
expectTypeOf(replicate.models.list()).toEqualTypeOf<Paginator<Model, string>>();
expectTypeOf(replicate.models.delete('acme/echo')).toEqualTypeOf<Promise<void>>();
expectTypeOf(getModelReadme(client, 'acme/echo')).toEqualTypeOf<Promise<string>>();
expectTypeOf(replicate.deployments.get('acme/app')).toEqualTypeOf<Promise<Deployment>>();
expectTypeOf(replicate.trainings.get('id')).toEqualTypeOf<Promise<Training>>();
expectTypeOf(replicate.hardware.list()).toEqualTypeOf<Promise<Hardware[]>>();
expectTypeOf(replicate.account.get()).toEqualTypeOf<Promise<Account>>();
expectTypeOf(replicate.files.download('id', { owner: 'o', expiry: 1, signature: 's' })).toEqualTypeOf<Promise<Uint8Array>>();
// @ts-expect-error a model is created with its visibility and hardware
void replicate.models.create({ owner: 'acme', name: 'echo' });
// @ts-expect-error visibility is public or private
void replicate.models.create({ owner: 'acme', name: 'echo', visibility: 'internal', hardware: 'cpu' });
// @ts-expect-error min_instances is a number
void replicate.deployments.update('acme/app', { min_instances: '1' });
// @ts-expect-error a training needs its destination
void replicate.trainings.create('acme/echo', 'v', { input });

// ---------------------------------------------------------------- fallback: every wrapped method answers with a promise

const both = withFallback(replicate, createReplicateClient({ baseURL: 'http://127.0.0.1:9000/v1' }));
// run is generic in its output schema: it keeps its own signature (the result has source at run time only)
expectTypeOf(both.run('acme/echo', { input, output: z.array(z.string()) })).toEqualTypeOf<Promise<string[]>>();
expectTypeOf(both.run('acme/echo', { input })).toEqualTypeOf<Promise<unknown>>();
expectTypeOf(both.predictions.get('id')).toEqualTypeOf<Promise<Prediction & SourceInfo>>();
// a paginator is handed out once its first page failed over or not
expectTypeOf(both.predictions.list()).toEqualTypeOf<Promise<Paginator<Prediction, string> & SourceInfo>>();
expectTypeOf(both.hardware.list()).toEqualTypeOf<Promise<Hardware[] & SourceInfo>>();
expectTypeOf(both.models.delete('acme/echo')).toEqualTypeOf<Promise<void>>();

// ---------------------------------------------------------------- webhooks

expectTypeOf(verifyWebhook({ headers: new Headers(), body: '{}' }, 'whsec_x')).toEqualTypeOf<Promise<VerifiedWebhook>>();
expectTypeOf(replicate.webhooks.verify).toEqualTypeOf<typeof verifyWebhook>();
// @ts-expect-error the body is the raw text or bytes (a parsed object no longer verifies)
void verifyWebhook({ headers: new Headers(), body: { id: 'p' } }, 'whsec_x');

// ---------------------------------------------------------------- PredictionError

if (err instanceof PredictionError) {
  expectTypeOf(err).toMatchTypeOf<ModelwireError>();
  expectTypeOf(err.predictionId).toEqualTypeOf<string>();
  expectTypeOf(err.prediction.logs).toEqualTypeOf<string | null | undefined>();
  expectTypeOf(err.code).toMatchTypeOf<string>();
}
