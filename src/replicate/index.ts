/**
 * `modelwire/replicate`: a typed client for the Replicate HTTP API. Models, versions, collections,
 * deployments, predictions (sync mode, polling, SSE streams), trainings, hardware, account, files
 * and webhooks, as standalone functions taking a core client, plus `createReplicateClient()`.
 * Web-standard only: Node 20+, Deno, Bun, workerd, edge runtimes and browsers.
 *
 * @example
 * ```ts
 * import { createReplicateClient } from 'modelwire/replicate';
 * const replicate = createReplicateClient({ apiKey: env.REPLICATE_API_TOKEN });
 * const output = await replicate.run('black-forest-labs/flux-schnell', { input: { prompt: 'a fox' } });
 * ```
 * @module
 */
export { createReplicateClient, REPLICATE_BASE_URL } from './client.js';
export type { ReplicateClient, ReplicateClientOptions } from './client.js';
export { createPrediction, createDeploymentPrediction, getPrediction, listPredictions, cancelPrediction } from './predictions.js';
export { waitForPrediction, isTerminal } from './wait.js';
export type { WaitOptions } from './wait.js';
export { streamPrediction, decodeReplicateEvent } from './stream.js';
export type { ReplicateStreamEvent, StreamOptions } from './stream.js';
export { run, parseModelRef } from './run.js';
export type { RunOptions } from './run.js';
export {
  listModels,
  getModel,
  createModel,
  updateModel,
  deleteModel,
  searchModels,
  search,
  listModelVersions,
  getModelVersion,
  deleteModelVersion,
  getModelReadme,
  listModelExamples,
} from './models.js';
export { listCollections, getCollection } from './collections.js';
export { listDeployments, getDeployment, createDeployment, updateDeployment, deleteDeployment } from './deployments.js';
export { createTraining, getTraining, listTrainings, cancelTraining } from './trainings.js';
export { listHardware, getAccount } from './account.js';
export { createFile, listFiles, getFile, deleteFile, downloadFile } from './files.js';
export { getDefaultWebhookSecret, verifyWebhook } from './webhooks.js';
export type { WebhookHeaders, WebhookRequest, VerifyWebhookOptions, VerifiedWebhook } from './webhooks.js';
export { PredictionError } from './errors.js';
export {
  PredictionSchema,
  TrainingSchema,
  AccountSchema,
  CollectionSchema,
  CollectionSummarySchema,
  DeploymentSchema,
  HardwareSchema,
  ModelSchema,
  VersionSchema,
  FileSchema,
  SearchResultSchema,
} from './schemas.js';
export type { PredictionCreateCallOptions } from './client.js';
export { COVERED_OPERATIONS } from './operations.js';
export type { ReplicateOperationId } from './operations.js';
export type {
  Prediction,
  PredictionStatus,
  PredictionMetrics,
  Training,
  Model,
  ModelVersion,
  Collection,
  CollectionSummary,
  Account,
  Deployment,
  Hardware,
  ReplicateFile,
  SearchResult,
  WebhookEventType,
  WebhookParams,
  PredictionCreateParams,
  PredictionCreateOptions,
  PredictionListParams,
  ModelCreateParams,
  ModelUpdateParams,
  ModelListParams,
  DeploymentCreateParams,
  DeploymentUpdateParams,
  TrainingCreateParams,
  FileCreateParams,
  FileDownloadParams,
} from './types.js';
