/**
 * A loopback Replicate: a stateful fake of the Replicate HTTP API on the shared test server
 * (127.0.0.1, port 0), with the prediction lifecycle (starting → processing → succeeded / failed /
 * canceled), sync mode (`Prefer: wait`), `Cancel-After`, an SSE stream endpoint with `Last-Event-ID`
 * resume, `next`-URL pagination (and the prediction list's `created_after` / `created_before` /
 * `source` filters), multipart file uploads, signed webhooks (Standard Webhooks) and the shared
 * fault injection; `seed` gives it the account, models, versions, deployments, predictions,
 * trainings and files a test starts from. Every request is checked against ../shared/specs/replicate/openapi.json.
 *
 * @example
 * ```ts
 * const rs = await startReplicateServer({ model: (input) => ({ output: ['a', 'b'], steps: 2 }) });
 * const replicate = createReplicateClient({ apiKey: rs.token, baseURL: rs.baseURL });
 * await replicate.run('acme/echo', { input: {} });
 * rs.conformance.assertNoViolations();
 * await rs.close();
 * ```
 * @module
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { conformanceRecorder, createSpecValidator, type ConformanceRecorder, type SpecValidator } from './openapi-conformance.js';
import { loadSpec } from './openapi-load.js';
import { delay, formatSse, json, sseFrame, startTestServer, write, type RecordedRequest, type SseEventInput, type TestServer } from './test-server.js';

/** What the fake model does for one prediction (or training). */
export interface FakeRun {
  /** Final output (default `null`). */
  output?: unknown;
  /** Final status (default `succeeded`, or `failed` when `error` is set). */
  status?: 'succeeded' | 'failed' | 'canceled';
  /** Error message of a failed run. */
  error?: string;
  /** Log text of the finished run. */
  logs?: string;
  /** GETs of the prediction until it is terminal (default 2: starting → processing → terminal). */
  steps?: number;
  /** True: a create with `Prefer: wait` answers with the finished prediction (201). */
  sync?: boolean;
  /** How long a `Prefer: wait` create is held before answering (default 0). */
  holdMs?: number;
  /** `Retry-After` sent on GETs of the unfinished prediction (server hint for polling). */
  pollRetryAfter?: string;
  /** SSE events served at `urls.stream` (default: one `output` per string in `output`, then `done`). */
  events?: SseEventInput[];
  /** Delay between SSE events (default 2 ms). */
  eventDelayMs?: number;
  /** No `urls.stream` (a model without streaming). */
  noStream?: boolean;
}

/** The fake model: called once per created prediction/training with its input and target. */
export type FakeModel = (input: Record<string, unknown>, target: { kind: 'version' | 'model' | 'deployment' | 'training'; ref: string }) => FakeRun;

/** Options of {@link startReplicateServer}. */
export interface ReplicateServerOptions {
  model?: FakeModel;
  /** Bearer token the server accepts (default `r8_test_token`). */
  token?: string;
  /** Items per page of every list (default 2). */
  pageSize?: number;
  /** Signing secret of webhooks (default: random `whsec_` secret). */
  webhookSecret?: string;
  /** What the platform holds before the first request: the account, models and their versions, deployments, predictions, trainings, files. */
  seed?: ReplicateSeed;
}

/**
 * What a loopback Replicate holds at start, beside its default models (`acme/echo`, `acme/slow`,
 * `official/flux`, `replicate/hello-world`, `stability/sdxl`, each with three versions) and collections.
 * A seeded model replaces a default one of the same name.
 */
export interface ReplicateSeed {
  /** The token's account (default: the organization `acme`): the owner of the deployments created and of the files uploaded. */
  account?: { type?: 'user' | 'organization'; username: string; name?: string };
  /**
   * Models; `versions`: their version ids, newest first. A model seeded with `versions` (or made by
   * `POST /models`, which has none) knows exactly those: a deployment or training of another version
   * of it is refused (404), and deleting one removes it. Without `versions`, a model lists the three every
   * default model has and, like a default model, takes any version id.
   */
  models?: { owner: string; name: string; visibility?: 'public' | 'private'; description?: string; versions?: string[] }[];
  /** Deployments (owner: the account's unless given), running `version` of `model`. */
  deployments?: { owner?: string; name: string; model: string; version: string; hardware?: string; min_instances?: number; max_instances?: number }[];
  /** Predictions made earlier (newest first), finished unless `status` says otherwise; `source` defaults to `api`. */
  predictions?: SeedPrediction[];
  /** Trainings made earlier (newest first), finished unless `status` says otherwise. */
  trainings?: SeedPrediction[];
  /** Files uploaded earlier by the account. */
  files?: { id?: string; name: string; content: string | Uint8Array; type?: string; metadata?: Record<string, unknown> }[];
}

/** A prediction or training already on the platform. */
export interface SeedPrediction {
  id: string;
  model: string;
  version: string;
  input?: Record<string, unknown>;
  output?: unknown;
  status?: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  source?: 'api' | 'web';
  /** ISO 8601 (default: now). */
  created_at?: string;
  logs?: string;
}

export interface StoredPrediction {
  body: Record<string, unknown>;
  run: FakeRun;
  polls: number;
  webhook?: string;
  events: string[];
  headers: Record<string, string | string[] | undefined>;
}

/** A delivered webhook, as the receiver should see it. */
export interface SentWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number | undefined;
}

/** A running fake Replicate. */
export interface ReplicateServer {
  /** Origin `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** API root `http://127.0.0.1:<port>/v1` (pass as `baseURL`). */
  readonly baseURL: string;
  readonly token: string;
  readonly webhookSecret: string;
  /** The underlying recording, fault-injecting test server. */
  readonly server: TestServer;
  /** Conformance of every request under `/v1` against the Replicate spec (QUERY /models checked by {@link ReplicateServer.extraViolations}). */
  readonly conformance: ConformanceRecorder;
  /** Violations the shared validator cannot see (QUERY method, `Prefer` pattern). */
  readonly extraViolations: string[];
  /** operationIds exercised, including ones the shared validator does not index (QUERY /models). */
  exercised(): Set<string>;
  /** Every operationId of the spec, QUERY included. */
  specOperationIds(): string[];
  readonly predictions: Map<string, StoredPrediction>;
  readonly trainings: Map<string, StoredPrediction>;
  /** Ids of predictions/trainings cancelled through the API, in order. */
  readonly canceled: string[];
  readonly webhooksSent: SentWebhook[];
  /** Replaces the fake model. */
  setModel(model: FakeModel): void;
  /** Writes `next`/`previous` page links on another origin (e.g. a closed 127.0.0.1 port), to test that credentials are not sent there; `undefined` restores the server's own. */
  setPageLinkOrigin(origin: string | undefined): void;
  /** Prepends `n` fresh, finished predictions made on the website (`source: 'web'`) to the list (for pagination tests). */
  seedPredictions(n: number): void;
  close(): Promise<void>;
}

const PREFER = /^wait(=([1-9]|[1-9][0-9]|60))?$/;
const VERSION = 'a'.repeat(56) + '5c7d5dc6';
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

let ids = 0;
function newId(): string {
  return `p${(++ids).toString(36)}${randomBytes(8).toString('hex')}`.slice(0, 26);
}

function now(): string {
  return new Date().toISOString();
}

/** Standard Webhooks signature of a message, as Replicate computes it. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * Starts the fake Replicate.
 *
 * @example
 * ```ts
 * const rs = await startReplicateServer();
 * ```
 */
export async function startReplicateServer(options: ReplicateServerOptions = {}): Promise<ReplicateServer> {
  const token = options.token ?? 'r8_test_token';
  const pageSize = options.pageSize ?? 2;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64')}`;
  let model: FakeModel = options.model ?? (() => ({ output: ['hello'], steps: 2 }));
  const validator: SpecValidator = createSpecValidator('replicate/openapi.json', { basePath: '/v1' });
  const conformance = conformanceRecorder(validator, { ignore: (r) => !r.path.startsWith('/v1/') || r.method === 'QUERY' });
  const extraViolations: string[] = [];
  const extraExercised = new Set<string>();
  const predictions = new Map<string, StoredPrediction>();
  const predictionOrder: string[] = [];
  const trainings = new Map<string, StoredPrediction>();
  const canceled: string[] = [];
  const webhooksSent: SentWebhook[] = [];
  const models = new Map<string, Record<string, unknown>>();
  const deployments = new Map<string, Record<string, unknown>>();
  const files = new Map<string, { meta: Record<string, unknown>; bytes: Buffer }>();
  /** Version ids of the models whose versions are not the default three, newest first. */
  const modelVersions = new Map<string, string[]>();
  const seed = options.seed ?? {};
  const account = seed.account
    ? { type: seed.account.type ?? 'user', username: seed.account.username, name: seed.account.name ?? seed.account.username }
    : { type: 'organization', username: 'acme', name: 'Acme Corp', github_url: 'https://github.com/acme', avatar_url: null };
  let origin = '';
  let pageLinkOrigin: string | undefined;

  const modelObj = (owner: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    url: `https://replicate.com/${owner}/${name}`,
    owner,
    name,
    description: `The ${name} model`,
    visibility: 'public',
    github_url: null,
    paper_url: null,
    license_url: null,
    run_count: 42,
    cover_image_url: null,
    default_example: null,
    latest_version: { id: VERSION, created_at: '2026-01-01T00:00:00Z', cog_version: '0.16.7', openapi_schema: {} },
    is_official: owner === 'official',
    a_field_from_the_future: { nested: true },
    ...extra,
  });
  for (const [o, n] of [
    ['acme', 'echo'],
    ['acme', 'slow'],
    ['official', 'flux'],
    ['replicate', 'hello-world'],
    ['stability', 'sdxl'],
  ] as const) {
    models.set(`${o}/${n}`, modelObj(o, n));
  }
  const versionObj = (id: string, i: number): Record<string, unknown> => ({ id, created_at: new Date(Date.UTC(2026, 2 - i, 1)).toISOString().replace('.000', ''), cog_version: '0.16.7', openapi_schema: { components: {} } });
  const versionsOf = (ref: string): Record<string, unknown>[] => (modelVersions.get(ref) ?? [VERSION, 'b'.repeat(64), 'c'.repeat(64)]).map(versionObj);
  for (const m of seed.models ?? []) {
    const ref = `${m.owner}/${m.name}`;
    if (m.versions) modelVersions.set(ref, [...m.versions]);
    const latest = m.versions ? m.versions[0] : VERSION;
    models.set(ref, modelObj(m.owner, m.name, { visibility: m.visibility ?? 'public', ...(m.description !== undefined && { description: m.description }), latest_version: latest === undefined ? null : versionObj(latest, 0) }));
  }
  const collections = [
    { name: 'Super resolution', slug: 'super-resolution', description: 'Upscalers', models: ['acme/echo', 'stability/sdxl'] },
    { name: 'Image generation', slug: 'text-to-image', description: 'Images from text', models: ['official/flux'] },
    { name: 'Language models', slug: 'language-models', description: 'LLMs', models: ['acme/slow'] },
  ];

  /** Why `version` of `model` cannot be deployed (undefined: it can). */
  const unknownVersion = (model: string, version: string): string | undefined => {
    if (!models.has(model)) return `Model ${model} not found`;
    const ids = modelVersions.get(model);
    return ids === undefined || ids.includes(version) ? undefined : `Version ${version} of ${model} not found`; // a default model takes any version
  };
  const deploymentObj = (owner: string, name: string, b: Record<string, unknown>): Record<string, unknown> => ({
    owner,
    name,
    current_release: {
      number: 1,
      model: b.model,
      version: b.version,
      created_at: now(),
      created_by: { ...account, avatar_url: 'https://x/a.png' },
      configuration: { hardware: b.hardware ?? 'cpu', min_instances: b.min_instances ?? 0, max_instances: b.max_instances ?? 1 },
    },
  });
  for (const d of seed.deployments ?? []) {
    const owner = d.owner ?? account.username;
    deployments.set(`${owner}/${d.name}`, deploymentObj(owner, d.name, d));
  }

  const checkOpExtras = (req: RecordedRequest): void => {
    if (!req.path.startsWith('/v1/')) return;
    const prefer = req.headers.prefer;
    if (prefer !== undefined && !PREFER.test(String(prefer))) extraViolations.push(`${req.method} ${req.path}: Prefer "${String(prefer)}" does not match ${PREFER}`);
    if (req.method === 'QUERY') {
      if (req.path !== '/v1/models') extraViolations.push(`QUERY ${req.path}: no such operation`);
      else {
        const ct = String(req.headers['content-type'] ?? '').split(';')[0];
        if (ct !== 'text/plain') extraViolations.push(`QUERY /v1/models: content-type ${ct} is not text/plain`);
        if (req.body.length === 0) extraViolations.push('QUERY /v1/models: missing required text/plain body');
        extraExercised.add('models.search');
      }
    }
  };

  const predictionJson = (id: string, p: StoredPrediction): Record<string, unknown> => ({
    ...p.body,
    urls: {
      get: `${origin}/v1/predictions/${id}`,
      cancel: `${origin}/v1/predictions/${id}/cancel`,
      web: `https://replicate.com/p/${id}`,
      ...(p.run.noStream ? {} : { stream: `${origin}/stream/${id}` }),
    },
  });

  const finish = (p: StoredPrediction): void => {
    const run = p.run;
    const status = run.status ?? (run.error ? 'failed' : 'succeeded');
    Object.assign(p.body, {
      status,
      output: status === 'succeeded' ? (run.output ?? null) : null,
      error: run.error ?? null,
      logs: run.logs ?? 'done\n',
      completed_at: now(),
      metrics: { predict_time: 0.5, total_time: 0.7, tokens: 12 },
    });
    void sendWebhook(p, 'completed');
  };

  const advance = (p: StoredPrediction): void => {
    if (TERMINAL.has(String(p.body.status))) return;
    p.polls++;
    if (p.polls >= (p.run.steps ?? 2)) finish(p);
    else if (p.polls >= 1) Object.assign(p.body, { status: 'processing', started_at: p.body.started_at ?? now(), logs: 'working…\n' });
  };

  const sendWebhook = async (p: StoredPrediction, event: 'start' | 'completed'): Promise<void> => {
    if (!p.webhook) return;
    const filter = p.body.webhook_events_filter as string[] | undefined;
    if (filter && !filter.includes(event)) return;
    const body = JSON.stringify(predictionJson(String(p.body.id), p));
    const id = `msg_${randomBytes(8).toString('hex')}`;
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(webhookSecret, id, ts, body) };
    const sent: SentWebhook = { url: p.webhook, headers, body, status: undefined };
    webhooksSent.push(sent);
    if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(p.webhook)) return; // never leave loopback
    try {
      const res = await fetch(p.webhook, { method: 'POST', headers, body });
      sent.status = res.status;
      await res.arrayBuffer();
    } catch {
      sent.status = 0;
    }
  };

  const createRun = async (req: RecordedRequest, res: ServerResponse, target: { kind: 'version' | 'model' | 'deployment'; ref: string }): Promise<void> => {
    const body = req.json() as Record<string, unknown>;
    const input = (body.input ?? {}) as Record<string, unknown>;
    const run = model(input, target);
    const id = newId();
    const p: StoredPrediction = {
      run,
      polls: 0,
      webhook: typeof body.webhook === 'string' ? body.webhook : undefined,
      events: [],
      headers: req.headers,
      body: {
        id,
        model: target.kind === 'version' ? modelOfVersion(String(body.version)) : target.ref,
        version: target.kind === 'version' ? String(body.version).split(':').pop() : 'hidden',
        ...(target.kind === 'deployment' ? { deployment: target.ref } : {}),
        input,
        logs: '',
        output: null,
        data_removed: false,
        error: null,
        status: 'starting',
        created_at: now(),
        source: 'api',
        webhook_events_filter: body.webhook_events_filter,
        cancel_after: req.headers['cancel-after'],
        brand_new_api_field: 'tolerated',
      },
    };
    predictions.set(id, p);
    predictionOrder.unshift(id);
    void sendWebhook(p, 'start');
    const prefer = req.headers.prefer;
    if (prefer !== undefined) {
      if (run.holdMs) await delay(run.holdMs);
      if (run.sync) {
        p.body.started_at = now();
        finish(p);
        return json(res, 201, predictionJson(id, p));
      }
      Object.assign(p.body, { status: 'processing', started_at: now() });
      return json(res, 202, predictionJson(id, p));
    }
    json(res, 201, predictionJson(id, p));
  };

  /** The model of a version id (`owner/name:id` or `id`): the seeded model that has it, else `acme/echo`. */
  const modelOfVersion = (version: string): string => {
    const named = /^([^/:]+\/[^/:]+):/.exec(version)?.[1];
    if (named) return named;
    for (const [ref, ids] of modelVersions) if (ids.includes(version)) return ref;
    return 'acme/echo';
  };

  const page = <T>(req: RecordedRequest, items: T[], listPath: string): Record<string, unknown> => {
    const cursor = Number(req.query.get('cursor') ?? '0');
    const slice = items.slice(cursor, cursor + pageSize);
    const keep = new URLSearchParams(req.query);
    const link = (at: number): string => {
      keep.set('cursor', String(at));
      return `${pageLinkOrigin ?? origin}/v1${listPath}?${keep.toString()}`;
    };
    return {
      next: cursor + pageSize < items.length ? link(cursor + pageSize) : null,
      previous: cursor > 0 ? link(Math.max(0, cursor - pageSize)) : null,
      results: slice,
    };
  };

  const streamRun = async (req: RecordedRequest, res: ServerResponse, id: string): Promise<void> => {
    const p = predictions.get(id);
    if (!p) return json(res, 404, { detail: 'Not found' });
    const events: SseEventInput[] =
      p.run.events ??
      [
        ...(Array.isArray(p.run.output) ? p.run.output : [p.run.output]).map((o, i) => sseFrame({ event: 'output', id: `${i + 1}`, data: String(o) })),
        sseFrame({ event: 'logs', data: 'finished' }),
        sseFrame({ event: 'done', data: '{}' }),
      ];
    const lastId = req.headers['last-event-id'];
    let start = 0;
    if (typeof lastId === 'string') {
      const at = events.findIndex((e) => typeof e === 'object' && e !== null && (e as { id?: string }).id === lastId);
      start = at + 1;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.flushHeaders();
    for (let i = start; i < events.length; i++) {
      if (i > start) await delay(p.run.eventDelayMs ?? 2);
      if (res.destroyed) return;
      await write(res, formatSse(events[i] as SseEventInput));
    }
    res.end();
  };

  const notFound = (res: ServerResponse, what = 'Not found'): void => json(res, 404, { detail: what, status: 404 });

  const handler = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    const { method, path } = req;
    if (path.startsWith('/stream/')) return streamRun(req, res, path.slice('/stream/'.length));
    if (!path.startsWith('/v1/')) return notFound(res);
    const p = path.slice(3);
    if (!(method === 'GET' && p === '/search') && req.headers.authorization !== `Bearer ${token}`) {
      return json(res, 401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 });
    }
    let m: RegExpExecArray | null;

    // Predictions
    if (p === '/predictions' && method === 'POST') return createRun(req, res, { kind: 'version', ref: String((req.json() as { version?: unknown }).version) });
    if (p === '/predictions' && method === 'GET') {
      // the spec's filters: created_after (at or after), created_before, source=web (the last 14 days only)
      const after = req.query.get('created_after');
      const before = req.query.get('created_before');
      const source = req.query.get('source');
      const at = (id: string): number => Date.parse(String(predictions.get(id)!.body.created_at));
      const list = predictionOrder
        .filter((id) => (after === null || at(id) >= Date.parse(after)) && (before === null || at(id) < Date.parse(before)))
        .filter((id) => source === null || (predictions.get(id)!.body.source === source && at(id) >= Date.now() - 14 * 86_400_000))
        .map((id) => predictionJson(id, predictions.get(id)!));
      return json(res, 200, page(req, list, '/predictions'));
    }
    if ((m = /^\/predictions\/([^/]+)$/.exec(p)) && method === 'GET') {
      const pred = predictions.get(m[1]!);
      if (!pred) return notFound(res);
      advance(pred);
      const headers: Record<string, string> = {};
      if (pred.run.pollRetryAfter && !TERMINAL.has(String(pred.body.status))) headers['retry-after'] = pred.run.pollRetryAfter;
      return json(res, 200, predictionJson(m[1]!, pred), headers);
    }
    if ((m = /^\/predictions\/([^/]+)\/cancel$/.exec(p)) && method === 'POST') {
      const pred = predictions.get(m[1]!);
      if (!pred) return notFound(res);
      canceled.push(m[1]!);
      if (!TERMINAL.has(String(pred.body.status))) Object.assign(pred.body, { status: 'canceled', completed_at: now() });
      return json(res, 200, predictionJson(m[1]!, pred));
    }
    if ((m = /^\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(p)) && method === 'POST') {
      const ref = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
      if (!models.has(ref)) return notFound(res, `Model ${ref} not found`);
      return createRun(req, res, { kind: 'model', ref });
    }
    if ((m = /^\/deployments\/([^/]+)\/([^/]+)\/predictions$/.exec(p)) && method === 'POST') {
      const ref = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
      if (!deployments.has(ref)) return notFound(res, `Deployment ${ref} not found`);
      return createRun(req, res, { kind: 'deployment', ref });
    }

    // Models
    if (p === '/models' && method === 'GET') {
      const list = [...models.values()];
      if (req.query.get('sort_direction') === 'asc') list.reverse();
      return json(res, 200, page(req, list, '/models'));
    }
    if (p === '/models' && method === 'QUERY') {
      const q = req.text().toLowerCase();
      return json(res, 200, page(req, [...models.values()].filter((x) => `${x.owner}/${x.name} ${x.description}`.toLowerCase().includes(q)), '/models'));
    }
    if (p === '/models' && method === 'POST') {
      const b = req.json() as Record<string, unknown>;
      const ref = `${b.owner}/${b.name}`;
      if (models.has(ref)) return json(res, 409, { detail: `A model named ${ref} already exists`, status: 409 });
      const created = modelObj(String(b.owner), String(b.name), { visibility: b.visibility, description: b.description ?? null, latest_version: null, run_count: 0 });
      models.set(ref, created);
      modelVersions.set(ref, []);
      return json(res, 201, created);
    }
    if (p === '/search' && method === 'GET') {
      const q = (req.query.get('query') ?? '').toLowerCase();
      if (!q) return json(res, 400, { detail: 'Query parameter "query" is required' });
      const limit = Number(req.query.get('limit') ?? 20);
      const hits = [...models.values()].filter((x) => `${x.owner}/${x.name}`.includes(q)).slice(0, limit);
      return json(res, 200, {
        query: q,
        models: hits.map((model) => ({ model, metadata: { generated_description: 'generated', score: 1.5, tags: ['t'] } })),
        collections: collections.filter((c) => c.slug.includes(q)).map((c) => ({ name: c.name, slug: c.slug, description: c.description, models: c.models })),
        pages: [{ name: 'Guide', href: '/docs/guide' }],
      });
    }
    if ((m = /^\/models\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p))) {
      const ref = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
      const found = models.get(ref);
      const rest = m[3] ?? '';
      if (!found) return notFound(res, `Model ${ref} not found`);
      if (rest === '' && method === 'GET') return json(res, 200, found);
      if (rest === '' && method === 'PATCH') {
        Object.assign(found, req.json());
        return json(res, 200, found);
      }
      if (rest === '' && method === 'DELETE') {
        models.delete(ref);
        res.writeHead(204).end();
        return;
      }
      if (rest === '/readme' && method === 'GET') {
        const text = `# ${ref}\n\nA README.\n`;
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      if (rest === '/examples' && method === 'GET') {
        const ex = [1, 2, 3].map((i) => ({ id: `ex${i}`, model: ref, version: VERSION, input: { i }, output: `out${i}`, data_removed: false, error: null, status: 'succeeded', created_at: now(), urls: { get: `${origin}/v1/predictions/ex${i}`, cancel: `${origin}/v1/predictions/ex${i}/cancel`, web: 'https://replicate.com/p/x' } }));
        return json(res, 200, page(req, ex, `/models/${m[1]}/${m[2]}/examples`));
      }
      const versions = versionsOf(ref);
      if (rest === '/versions' && method === 'GET') return json(res, 200, page(req, versions, `/models/${m[1]}/${m[2]}/versions`));
      let v: RegExpExecArray | null;
      if ((v = /^\/versions\/([^/]+)$/.exec(rest))) {
        const version = versions.find((x) => x.id === v![1]);
        if (!version) return notFound(res, 'Version not found');
        if (method === 'GET') return json(res, 200, version);
        if (method === 'DELETE') {
          const ids = modelVersions.get(ref); // a default model's three stay
          if (ids) modelVersions.set(ref, ids.filter((id) => id !== v![1]));
          res.writeHead(202).end();
          return;
        }
      }
      if ((v = /^\/versions\/([^/]+)\/trainings$/.exec(rest)) && method === 'POST') {
        const unknown = unknownVersion(ref, v[1]!);
        if (unknown) return notFound(res, unknown);
        const body = req.json() as Record<string, unknown>;
        const run = model((body.input ?? {}) as Record<string, unknown>, { kind: 'training', ref });
        const id = newId();
        const t: StoredPrediction = {
          run,
          polls: 0,
          events: [],
          headers: req.headers,
          body: { id, model: ref, version: v[1], input: body.input, status: 'starting', logs: '', error: null, created_at: now(), source: 'api', destination: body.destination },
        };
        trainings.set(id, t);
        return json(res, 201, { ...t.body, urls: { get: `${origin}/v1/trainings/${id}`, cancel: `${origin}/v1/trainings/${id}/cancel` } });
      }
      return notFound(res);
    }

    // Trainings
    const trainingJson = (id: string, t: StoredPrediction): Record<string, unknown> => ({
      ...t.body,
      output: t.body.status === 'succeeded' ? { version: 'd'.repeat(64), weights: 'https://replicate.delivery/w.tar' } : null,
      urls: { get: `${origin}/v1/trainings/${id}`, cancel: `${origin}/v1/trainings/${id}/cancel` },
    });
    if (p === '/trainings' && method === 'GET') return json(res, 200, page(req, [...trainings.entries()].reverse().map(([id, t]) => trainingJson(id, t)), '/trainings'));
    if ((m = /^\/trainings\/([^/]+)(\/cancel)?$/.exec(p))) {
      const t = trainings.get(m[1]!);
      if (!t) return notFound(res);
      if (!m[2] && method === 'GET') {
        advance(t);
        return json(res, 200, trainingJson(m[1]!, t));
      }
      if (m[2] && method === 'POST') {
        canceled.push(m[1]!);
        if (!TERMINAL.has(String(t.body.status))) Object.assign(t.body, { status: 'canceled', completed_at: now() });
        return json(res, 200, trainingJson(m[1]!, t));
      }
    }

    // Deployments
    if (p === '/deployments' && method === 'GET') return json(res, 200, page(req, [...deployments.values()], '/deployments'));
    if (p === '/deployments' && method === 'POST') {
      const b = req.json() as Record<string, unknown>;
      const ref = `${account.username}/${b.name}`;
      if (deployments.has(ref)) return json(res, 409, { detail: 'Deployment already exists' });
      const unknown = unknownVersion(String(b.model), String(b.version));
      if (unknown) return notFound(res, unknown);
      const d = deploymentObj(account.username, String(b.name), b);
      deployments.set(ref, d);
      return json(res, 200, d);
    }
    if ((m = /^\/deployments\/([^/]+)\/([^/]+)$/.exec(p))) {
      const ref = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
      const d = deployments.get(ref) as { current_release: { number: number; version: string; configuration: Record<string, unknown> } } | undefined;
      if (!d) return notFound(res, 'Deployment not found');
      if (method === 'GET') return json(res, 200, d);
      if (method === 'PATCH') {
        const b = req.json() as Record<string, unknown>;
        const unknown = b.version === undefined ? undefined : unknownVersion(String((d as unknown as { current_release: { model: string } }).current_release.model), String(b.version));
        if (unknown) return notFound(res, unknown);
        d.current_release.number++;
        if (b.version) d.current_release.version = String(b.version);
        for (const k of ['hardware', 'min_instances', 'max_instances']) if (b[k] !== undefined) d.current_release.configuration[k] = b[k];
        return json(res, 200, d);
      }
      if (method === 'DELETE') {
        deployments.delete(ref);
        res.writeHead(204).end();
        return;
      }
    }

    // Collections, hardware, account, webhooks
    if (p === '/collections' && method === 'GET') return json(res, 200, page(req, collections.map(({ models: _m, ...c }) => c), '/collections'));
    if ((m = /^\/collections\/([^/]+)$/.exec(p)) && method === 'GET') {
      const c = collections.find((x) => x.slug === m![1]);
      if (!c) return notFound(res, 'Collection not found');
      return json(res, 200, { ...c, full_description: null, models: c.models.map((r) => models.get(r)).filter(Boolean) });
    }
    if (p === '/hardware' && method === 'GET') return json(res, 200, [{ name: 'CPU', sku: 'cpu' }, { name: 'Nvidia T4 GPU', sku: 'gpu-t4' }, { name: 'Nvidia A100 (80GB) GPU', sku: 'gpu-a100-large' }]);
    if (p === '/account' && method === 'GET') return json(res, 200, account);
    if (p === '/webhooks/default/secret' && method === 'GET') return json(res, 200, { key: webhookSecret });

    // Files
    if (p === '/files' && method === 'POST') {
      const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: new Uint8Array(req.body) }).formData();
      const content = form.get('content');
      if (!(content instanceof Blob)) return json(res, 400, { detail: 'content is required' });
      const bytes = Buffer.from(await content.arrayBuffer());
      const metadataPart = form.get('metadata');
      const metadata = metadataPart instanceof Blob ? JSON.parse(await metadataPart.text()) : typeof metadataPart === 'string' ? JSON.parse(metadataPart) : {};
      const id = `f${newId()}`;
      const meta = {
        id,
        name: (content as File).name ?? form.get('filename'),
        // the part's own Content-Type header: Bun's parser types a part by its file name's extension instead
        content_type: /name="content"[^\r]*\r\nContent-Type: ([^\r]+)\r\n/i.exec(Buffer.from(req.body).toString('latin1'))?.[1] || content.type || String(form.get('type') ?? 'application/octet-stream'),
        size: bytes.length,
        checksums: { sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') },
        metadata,
        created_at: now(),
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
        urls: { get: `${origin}/v1/files/${id}` },
      };
      files.set(id, { meta, bytes });
      return json(res, 201, meta);
    }
    if (p === '/files' && method === 'GET') return json(res, 200, page(req, [...files.values()].map((f) => f.meta), '/files'));
    if ((m = /^\/files\/([^/]+)(\/download)?$/.exec(p))) {
      const f = files.get(m[1]!);
      if (!f) return json(res, 404, { detail: 'File not found' });
      if (m[2] && method === 'GET') {
        if (req.query.get('owner') !== account.username || !req.query.get('signature')) return json(res, 404, { detail: 'File not found' });
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.bytes.length });
        res.end(f.bytes);
        return;
      }
      if (method === 'GET') return json(res, 200, f.meta);
      if (method === 'DELETE') {
        files.delete(m[1]!);
        res.writeHead(204).end();
        return;
      }
    }
    return notFound(res, `no route ${method} ${path}`);
  };

  const seeded = (s: SeedPrediction): StoredPrediction => {
    const status = s.status ?? 'succeeded';
    const done = TERMINAL.has(status);
    const created = s.created_at ?? now();
    return {
      run: { output: s.output ?? null, status: done ? (status as FakeRun['status']) : 'succeeded', logs: s.logs ?? '' },
      polls: 0,
      events: [],
      headers: {},
      body: {
        id: s.id,
        model: s.model,
        version: s.version,
        input: s.input ?? {},
        output: status === 'succeeded' ? (s.output ?? null) : null,
        logs: s.logs ?? '',
        data_removed: false,
        error: status === 'failed' ? 'seeded failure' : null,
        status,
        created_at: created,
        ...(status !== 'starting' && { started_at: created }),
        ...(done && { completed_at: created, metrics: { predict_time: 0.5, total_time: 0.7 } }),
        source: s.source ?? 'api',
      },
    };
  };
  for (const s of [...(seed.predictions ?? [])].reverse()) {
    predictions.set(s.id, seeded(s));
    predictionOrder.unshift(s.id);
  }
  for (const s of [...(seed.trainings ?? [])].reverse()) trainings.set(s.id, seeded(s));
  for (const f of seed.files ?? []) {
    const bytes = Buffer.from(f.content);
    const id = f.id ?? `f${newId()}`;
    const meta = {
      id,
      name: f.name,
      content_type: f.type ?? 'application/octet-stream',
      size: bytes.length,
      checksums: { sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') },
      metadata: f.metadata ?? {},
      created_at: now(),
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      urls: { get: '' },
    };
    files.set(id, { meta, bytes });
  }

  const server = await startTestServer(handler, {
    onRequest: (req) => {
      conformance.record(req);
      checkOpExtras(req);
    },
  });
  origin = server.url;
  for (const [id, f] of files) f.meta.urls = { get: `${origin}/v1/files/${id}` };

  return {
    url: server.url,
    baseURL: `${server.url}/v1`,
    token,
    webhookSecret,
    server,
    conformance,
    extraViolations,
    exercised: () => new Set([...conformance.exercised, ...extraExercised]),
    specOperationIds: () => {
      const doc = loadSpec('replicate/openapi.json');
      const out: string[] = [];
      for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) if (op && typeof op === 'object' && 'operationId' in op) out.push(String((op as { operationId: unknown }).operationId));
      return out;
    },
    predictions,
    trainings,
    canceled,
    webhooksSent,
    setModel(next) {
      model = next;
    },
    setPageLinkOrigin(next) {
      pageLinkOrigin = next;
    },
    seedPredictions(n) {
      for (let i = 0; i < n; i++) {
        const id = newId();
        predictions.set(id, {
          run: { output: `seed${i}` },
          polls: 0,
          events: [],
          headers: {},
          body: { id, model: 'acme/echo', version: VERSION, input: { i }, output: `seed${i}`, logs: '', data_removed: false, error: null, status: 'succeeded', created_at: now(), source: 'web' },
        });
        predictionOrder.unshift(id);
      }
    },
    close: () => server.close(),
  };
}
