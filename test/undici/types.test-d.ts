/**
 * Type-level tests of `modelwire/undici`, as a user imports it. Checked by `tsc -p tsconfig.json`
 * (the first half of `npm test`) against src/, and by `npm run check:package` against the built
 * dist/*.d.ts and dist/*.d.cts; vitest does not run `.test-d.ts` files, so nothing here executes.
 * Every `@ts-expect-error` names the misuse it stands for.
 */
import { Agent } from 'undici';
import { expectTypeOf } from 'vitest';
import { createClient, type Transport } from 'modelwire';
import { createOpenAIClient } from 'modelwire/openai';
import { undiciTransport, type UndiciProxy, type UndiciTransportOptions } from 'modelwire/undici';

expectTypeOf(undiciTransport()).toEqualTypeOf<Transport>();
expectTypeOf(undiciTransport({ connections: 64, pipelining: 1, keepAliveTimeoutMs: 30_000, connectTimeoutMs: 5000 })).toEqualTypeOf<Transport>();
// your own dispatcher (proxy, mTLS, mock)
undiciTransport({ dispatcher: new Agent({ connections: 8 }) });
// a proxy: its URL (a string or a URL), or its URL with the Proxy-Authorization value
undiciTransport({ proxy: 'http://user:pass@proxy.internal:3128' });
undiciTransport({ proxy: new URL('http://proxy.internal:3128'), connections: 16 });
undiciTransport({ proxy: { uri: 'https://proxy.internal:3129', token: 'Bearer t' } });
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
// @ts-expect-error a proxy's token is the header value, a string
undiciTransport({ proxy: { uri: 'http://proxy.internal:3128', token: 42 } });
// @ts-expect-error a proxy names its URL as uri (undici's ProxyAgent option name)
undiciTransport({ proxy: { url: 'http://proxy.internal:3128' } });
expectTypeOf<UndiciProxy['uri']>().toEqualTypeOf<string | URL>();
