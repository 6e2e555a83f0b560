// A stand-in for the app's callback route in tests and benchmarks: a local
// HTTP server that keeps the exact bytes and headers of every POST and answers
// as told (2xx, an error status, or too slowly).
import http from "node:http";
import { listen } from "../shared/listen";

export interface ReceivedCallback {
  path: string;
  headers: Headers;
  rawBody: string;
  time: number;
}

export interface ReceiverAnswer {
  status: number;
  /** Wait this long before answering (a slow or hanging endpoint). */
  delayMs?: number;
}

export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  answerWith(answer: ReceiverAnswer): void;
  /** Resolves once `count` callbacks have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  stop(): Promise<void>;
}

export async function startCallbackReceiver(answer: ReceiverAnswer = { status: 200 }): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  let current = answer;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      received.push({ path: request.url ?? "/", headers, rawBody: Buffer.concat(chunks).toString("utf8"), time: Date.now() });
      for (const wake of waiters) wake();
      const { status, delayMs = 0 } = current;
      const timer = setTimeout(() => {
        timers.delete(timer);
        response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "error");
      }, delayMs);
      timers.add(timer);
    });
  });
  const listening = await listen(server);

  return {
    url: listening.url,
    received,
    answerWith(next) {
      current = next;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          cleanup();
          resolve(received.slice(0, count));
        };
        const timeout = setTimeout(() => {
          cleanup();
          reject(new Error(`Expected ${count} callbacks within ${timeoutMs} ms, received ${received.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timeout);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      await listening.close();
    },
  };
}
