// The transports the contract suite runs against: the same tests, every host.
import WebSocket from 'ws';
import { createClient, type CoreClient, type Transport } from '../../core/common/api/client.js';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { startServer } from '../../core/server/server.js';

export interface Harness {
  core: Core;
  client: CoreClient;
  transport: Transport;
  close(): Promise<void>;
}

export const TRANSPORTS: { name: string; make(homeDir: string): Promise<Harness> }[] = [
  {
    name: 'in-process',
    async make(homeDir) {
      const core = new Core({ homeDir });
      const transport = inProcessTransport(core, { checkOutput: true });
      return { core, transport, client: createClient(transport), close: () => core.close() };
    },
  },
  {
    name: 'websocket',
    async make(homeDir) {
      const core = new Core({ homeDir });
      const server = await startServer({ core, checkOutput: true });
      // The owner's token, as the page presents it after following the printed URL.
      const transport = await connectWebSocket(`${server.wsUrl}?token=${server.ownerToken}`, WebSocket as never);
      return {
        core,
        transport,
        client: createClient(transport),
        close: async () => {
          transport.close();
          await server.close();
          await core.close();
        },
      };
    },
  },
];
