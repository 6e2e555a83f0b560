// Signed CreativeAI callbacks, byte for byte what the provider sends (seeds
// 001-003): the documented payload, HMAC-SHA256 of the raw body under the API
// key in X-CreativeAI-Signature, the generation id in X-CreativeAI-Delivery-Id.
import crypto from "node:crypto";
import { BENCH_MODEL } from "./seed";

export interface SignedCallback {
  generationId: string;
  body: Buffer;
  headers: Record<string, string>;
}

export function signedCompletedCallback(generationId: string, apiKey: string): SignedCallback {
  const body = Buffer.from(
    JSON.stringify({
      id: generationId,
      object: "video.generation",
      status: "completed",
      model: BENCH_MODEL,
      model_actual: BENCH_MODEL,
      prompt: "5-second product hero shot, slow camera push, clean white sweep",
      output_url: `https://cdn.creativeai.run/output/${generationId}.mp4`,
      error_message: null,
      credits: 3,
      failover_used: false,
      completed_at: new Date().toISOString(),
    }),
  );
  const signature = crypto.createHmac("sha256", apiKey).update(body).digest("hex");
  return {
    generationId,
    body,
    headers: {
      "content-type": "application/json",
      "content-length": String(body.length),
      "user-agent": "CreativeAI-Webhooks/1.0",
      "x-creativeai-event": "video.generation.completed",
      "x-creativeai-delivery-id": generationId,
      "x-creativeai-signature": `sha256=${signature}`,
    },
  };
}
