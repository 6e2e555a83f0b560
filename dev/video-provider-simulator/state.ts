// What the simulator received and what really happened, so a test or a
// benchmark can compare the app's view of every render with the truth.
import type { ClipFault } from "./clip-render";
import type { ClipOrigin, ClipSource } from "./clip-source";

export type SimulatedProvider = "creativeai" | "json2video";

/** How a render ends, decided when it is submitted. */
export type RenderOutcome = "completed" | "failed" | "never";

export interface Submission {
  provider: SimulatedProvider;
  time: number;
  body: unknown;
  /** Null when the submission was refused. */
  generationId: string | null;
  responseStatus: number;
}

export interface CallbackAttempt {
  provider: SimulatedProvider;
  generationId: string;
  url: string;
  /** 1-based, within one delivery. */
  attempt: number;
  /** The status the payload announced (a stale out-of-order one included). */
  payloadStatus: string;
  /** Null when no answer came (timeout, refused connection). */
  statusCode: number | null;
  error: string | null;
  time: number;
}

export interface RenderRecord {
  provider: SimulatedProvider;
  id: string;
  outcome: RenderOutcome;
  /** The provider's status now, in its own words (pending, processing, running, done, ...). */
  status: string;
  finished: boolean;
  model: string;
  modelActual: string;
  failoverUsed: boolean;
  prompt: string;
  imageUrl: string;
  duration: number;
  aspectRatio: string;
  /** Where the finished file is served once completed (known from the start: it is the truth). */
  outputUrl: string | null;
  errorMessage: string | null;
  credits: number;
  invalidVideo: boolean;
  /** How the finished clip is wrong on purpose (drifted, frozen, truncated, wrong shape), or null. */
  clipFault: ClipFault | null;
  /** Real milliseconds after finishing when the output URL starts answering 404; null: it never expires. */
  urlLifetimeMs: number | null;
  /** What the file was made from, once it was first asked for (null before). */
  clip: (ClipOrigin & { source: ClipSource; bytes: number }) | null;
  callbackUrl: string | null;
  lostCallback: boolean;
  duplicateCallback: boolean;
  outOfOrderCallback: boolean;
  /** Its final callback is sent again later (a replay). */
  replayCallback: boolean;
  /** On acceptance, the final callback of the image's earlier render is sent again. */
  outOfDateCallback: boolean;
  /** JSON2Video client-data, echoed back. */
  clientData: unknown;
  submittedAt: number;
  finishedAt: number | null;
}

export interface SimulatorCounters {
  submissions: number;
  accepted: number;
  rejectedUnauthorized: number;
  rejectedInvalid: number;
  rejected429: number;
  rejected5xx: number;
  polls: number;
  poll5xx: number;
  completed: number;
  failed: number;
  callbackAttempts: number;
  callbacksDelivered: number;
  callbacksLost: number;
  /** Replayed and out-of-date callbacks sent (faults replayCallbackRate, outOfDateCallbackRate). */
  callbacksReplayed: number;
  fileDownloads: number;
  /** Downloads refused because the output URL had expired. */
  expiredDownloads: number;
}

export interface SimulatorState {
  submissions: Submission[];
  callbacks: CallbackAttempt[];
  renders: Map<string, RenderRecord>;
  counters: SimulatorCounters;
  /** Renders started and not finished (never-finishing ones stay counted). */
  inFlight: number;
  maxInFlight: number;
}

export function createSimulatorState(): SimulatorState {
  return {
    submissions: [],
    callbacks: [],
    renders: new Map(),
    counters: {
      submissions: 0,
      accepted: 0,
      rejectedUnauthorized: 0,
      rejectedInvalid: 0,
      rejected429: 0,
      rejected5xx: 0,
      polls: 0,
      poll5xx: 0,
      completed: 0,
      failed: 0,
      callbackAttempts: 0,
      callbacksDelivered: 0,
      callbacksLost: 0,
      callbacksReplayed: 0,
      fileDownloads: 0,
      expiredDownloads: 0,
    },
    inFlight: 0,
    maxInFlight: 0,
  };
}

/** Empties the state in place, so references handed out earlier stay live. */
export function clearSimulatorState(state: SimulatorState): void {
  const fresh = createSimulatorState();
  state.submissions.length = 0;
  state.callbacks.length = 0;
  state.renders.clear();
  Object.assign(state.counters, fresh.counters);
  state.inFlight = 0;
  state.maxInFlight = 0;
}

export function stateAsJson(state: SimulatorState) {
  return { ...state, renders: Object.fromEntries(state.renders) };
}
