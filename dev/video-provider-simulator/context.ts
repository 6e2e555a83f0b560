// What every route of the simulator shares for one running instance.
import type { Faults } from "./faults";
import type { Random } from "../shared/random";
import type { Scheduler } from "./scheduler";
import type { SimulatorState } from "./state";

export interface RenderTimeRange {
  min: number;
  max: number;
}

export interface SimulatorContext {
  apiKey: string;
  /** The simulator's own origin, for output URLs (known once it listens). */
  baseUrl(): string;
  state: SimulatorState;
  faults(): Faults;
  random: Random;
  scheduler: Scheduler;
  renderTimeMs: RenderTimeRange;
  /** Per image, a way to send its latest render's final callback again (callback-replays.ts). */
  finalCallbacks: Map<string, () => Promise<boolean>>;
  log(line: string): void;
}
