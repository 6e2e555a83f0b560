// Starting and stopping the development doubles' HTTP servers, the same way
// for each: listen on a given or free port, report the URL, and on stop drop
// kept-alive connections so that tests end without waiting for them.
import type http from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  url: string;
  port: number;
  /** Closes every connection, then the server. */
  close(): Promise<void>;
}

export async function listen(server: http.Server, options: { port?: number; host?: string } = {}): Promise<Listening> {
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
