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
  /** `GET /account`: get the authenticated account. */
  'account.get': 'getAccount',
  /** `GET /collections`: list collections of models. */
  'collections.list': 'listCollections',
  /** `GET /collections/{collection_slug}`: get a collection of models. */
  'collections.get': 'getCollection',
  /** `GET /deployments`: list deployments. */
  'deployments.list': 'listDeployments',
  /** `POST /deployments`: create a deployment. */
  'deployments.create': 'createDeployment',
  /** `GET /deployments/{deployment_owner}/{deployment_name}`: get a deployment. */
  'deployments.get': 'getDeployment',
  /** `PATCH /deployments/{deployment_owner}/{deployment_name}`: update a deployment. */
  'deployments.update': 'updateDeployment',
  /** `DELETE /deployments/{deployment_owner}/{deployment_name}`: delete a deployment. */
  'deployments.delete': 'deleteDeployment',
  /** `POST /deployments/{deployment_owner}/{deployment_name}/predictions`: create a prediction using a deployment. */
  'deployments.predictions.create': 'createDeploymentPrediction',
  /** `GET /files`: list files. */
  'files.list': 'listFiles',
  /** `POST /files`: create a file. */
  'files.create': 'createFile',
  /** `GET /files/{file_id}`: get a file. */
  'files.get': 'getFile',
  /** `DELETE /files/{file_id}`: delete a file. */
  'files.delete': 'deleteFile',
  /** `GET /files/{file_id}/download`: download a file. */
  'files.download': 'downloadFile',
  /** `GET /hardware`: list available hardware for models. */
  'hardware.list': 'listHardware',
  /** `GET /models`: list public models. */
  'models.list': 'listModels',
  /** `POST /models`: create a model. */
  'models.create': 'createModel',
  /** `QUERY /models`: search public models. */
  'models.search': 'searchModels',
  /** `GET /models/{model_owner}/{model_name}`: get a model. */
  'models.get': 'getModel',
  /** `PATCH /models/{model_owner}/{model_name}`: update metadata for a model. */
  'models.update': 'updateModel',
  /** `DELETE /models/{model_owner}/{model_name}`: delete a model. */
  'models.delete': 'deleteModel',
  /** `GET /models/{model_owner}/{model_name}/examples`: list examples for a model. */
  'models.examples.list': 'listModelExamples',
  /** `POST /models/{model_owner}/{model_name}/predictions`: create a prediction using an official model. */
  'models.predictions.create': 'createPrediction',
  /** `GET /models/{model_owner}/{model_name}/readme`: get a model's README. */
  'models.readme.get': 'getModelReadme',
  /** `GET /models/{model_owner}/{model_name}/versions`: list model versions. */
  'models.versions.list': 'listModelVersions',
  /** `GET /models/{model_owner}/{model_name}/versions/{version_id}`: get a model version. */
  'models.versions.get': 'getModelVersion',
  /** `DELETE /models/{model_owner}/{model_name}/versions/{version_id}`: delete a model version. */
  'models.versions.delete': 'deleteModelVersion',
  /** `POST /models/{model_owner}/{model_name}/versions/{version_id}/trainings`: create a training. */
  'trainings.create': 'createTraining',
  /** `GET /predictions`: list predictions. */
  'predictions.list': 'listPredictions',
  /** `POST /predictions`: create a prediction. */
  'predictions.create': 'createPrediction',
  /** `GET /predictions/{prediction_id}`: get a prediction. */
  'predictions.get': 'getPrediction',
  /** `POST /predictions/{prediction_id}/cancel`: cancel a prediction. */
  'predictions.cancel': 'cancelPrediction',
  /** `GET /search`: search models, collections, and docs (beta). */
  search: 'search',
  /** `GET /trainings`: list trainings. */
  'trainings.list': 'listTrainings',
  /** `GET /trainings/{training_id}`: get a training. */
  'trainings.get': 'getTraining',
  /** `POST /trainings/{training_id}/cancel`: cancel a training. */
  'trainings.cancel': 'cancelTraining',
  /** `GET /webhooks/default/secret`: get the signing secret for the default webhook. */
  'webhooks.default.secret.get': 'getDefaultWebhookSecret',
} as const satisfies Record<string, string>;

/** A spec operationId covered by this package. @example `const id: ReplicateOperationId = 'predictions.get';` */
export type ReplicateOperationId = keyof typeof COVERED_OPERATIONS;
