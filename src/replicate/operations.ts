/**
 * The operationIds of ../shared/specs/replicate/openapi.json that `modelwire/replicate` covers, and
 * the function that implements each. The conformance suite fails if one of them is never exercised.
 * @module
 */

/**
 * Every spec operationId this package implements, mapped to its standalone function.
 *
 * @example
 * ```ts
 * COVERED_OPERATIONS['predictions.create']; // 'createPrediction'
 * ```
 */
export const COVERED_OPERATIONS = {
  'account.get': 'getAccount',
  'collections.list': 'listCollections',
  'collections.get': 'getCollection',
  'deployments.list': 'listDeployments',
  'deployments.create': 'createDeployment',
  'deployments.get': 'getDeployment',
  'deployments.update': 'updateDeployment',
  'deployments.delete': 'deleteDeployment',
  'deployments.predictions.create': 'createDeploymentPrediction',
  'files.list': 'listFiles',
  'files.create': 'createFile',
  'files.get': 'getFile',
  'files.delete': 'deleteFile',
  'files.download': 'downloadFile',
  'hardware.list': 'listHardware',
  'models.list': 'listModels',
  'models.create': 'createModel',
  'models.search': 'searchModels',
  'models.get': 'getModel',
  'models.update': 'updateModel',
  'models.delete': 'deleteModel',
  'models.examples.list': 'listModelExamples',
  'models.predictions.create': 'createPrediction',
  'models.readme.get': 'getModelReadme',
  'models.versions.list': 'listModelVersions',
  'models.versions.get': 'getModelVersion',
  'models.versions.delete': 'deleteModelVersion',
  'trainings.create': 'createTraining',
  'predictions.list': 'listPredictions',
  'predictions.create': 'createPrediction',
  'predictions.get': 'getPrediction',
  'predictions.cancel': 'cancelPrediction',
  search: 'search',
  'trainings.list': 'listTrainings',
  'trainings.get': 'getTraining',
  'trainings.cancel': 'cancelTraining',
  'webhooks.default.secret.get': 'getDefaultWebhookSecret',
} as const satisfies Record<string, string>;

/** A spec operationId covered by this package. @example `const id: ReplicateOperationId = 'predictions.get';` */
export type ReplicateOperationId = keyof typeof COVERED_OPERATIONS;
