/**
 * Type-level tests of `modelwire/undici`, as a user imports it. Checked by `tsc -p tsconfig.json`
 * (the first half of `npm test`); vitest does not run `.test-d.ts` files, so nothing here executes.
 * Every `@ts-expect-error` names the misuse it stands for.
 */
import { Agent } from 'undici';
import { expectTypeOf } from 'vitest';
import { createClient, type Transport } from 'modelwire';
import { createOpenAIClient } from 'modelwire/openai';
import { undiciTransport, type UndiciTransportOptions } from 'modelwire/undici';

expectTypeOf(undiciTransport()).toEqualTypeOf<Transport>();
expectTypeOf(undiciTransport({ connections: 64, pipelining: 1, keepAliveTimeoutMs: 30_000, connectTimeoutMs: 5000 })).toEqualTypeOf<Transport>();
// your own dispatcher (proxy, mTLS, mock)
undiciTransport({ dispatcher: new Agent({ connections: 8 }) });
// a transport plugs into every client
createClient({ baseURL: 'http://127.0.0.1:8000', transport: undiciTransport() });
createOpenAIClient({ transport: undiciTransport() });
expectTypeOf<UndiciTransportOptions['connections']>().toEqualTypeOf<number | undefined>();

// @ts-expect-error connections is a number (Infinity for no limit), not null
undiciTransport({ connections: null });
// @ts-expect-error undici's own option names are not these options (keepAliveTimeout is keepAliveTimeoutMs)
undiciTransport({ keepAliveTimeout: 1000 });
// @ts-expect-error a dispatcher is an undici Dispatcher, not a fetch function
undiciTransport({ dispatcher: fetch });
// @ts-expect-error the transport is the result of undiciTransport(), not the factory itself
createClient({ baseURL: 'http://h', transport: undiciTransport });
