/**
 * The loopback OIP test platform (test/helpers/oip-server.ts) as a child process for benchmarks:
 * prints `PORT <n>`, keeps no request history (1M-element bodies would pile up).
 */
import { startOipServer } from '../../test/helpers/oip-server.js';

let drop: (() => void) | undefined;
const server = await startOipServer({ loaded: ['mlp'], testServer: { onRequest: () => drop?.() } });
drop = () => {
  server.http.requests.length = 0;
};
console.log(`PORT ${server.http.port}`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
