// The pipeline as the web process sees it: the same database, and producer
// queues that fail fast, so a route answers even while Redis is away.
import { env } from "~/config/env.server";
import { database } from "~/db.server";
import { producerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { appAdminClients } from "~/shopify-admin/app-admin-clients.server";
import { pipelineContextFromEnv, type PipelineContext } from "./context.server";

declare global {
  var __catalogMotionPipeline: PipelineContext | undefined;
}

export function webPipeline(): PipelineContext {
  if (!global.__catalogMotionPipeline) {
    const config = env();
    const connection = producerConnection(config.REDIS_URL ?? "redis://127.0.0.1:6379");
    connection.on("error", () => {});
    global.__catalogMotionPipeline = pipelineContextFromEnv(
      config,
      database(),
      createPipelineQueues(connection, config.QUEUE_PREFIX),
      appAdminClients(connection, config),
    );
  }
  return global.__catalogMotionPipeline;
}
