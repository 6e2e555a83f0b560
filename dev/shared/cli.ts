// Command-line flags for the development doubles: the number rules and the
// fault flags (`--some-rate 0.1` -> faults.someRate) every double shares.
export class CliOptionsError extends Error {}

export function numberFlag(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new CliOptionsError(`--${flag} needs a number, got '${text}'`);
  return value;
}

export function countFlag(flag: string, text: string): number {
  const value = numberFlag(flag, text);
  if (!Number.isInteger(value) || value < 0) throw new CliOptionsError(`--${flag} needs a whole number, got '${text}'`);
  return value;
}

/** `<ms>` or `<min>-<max>`. */
export function rangeFlag(flag: string, text: string): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new CliOptionsError(`--${flag} needs <ms> or <min>-<max>, got '${text}'`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new CliOptionsError(`--${flag}: ${max} is less than ${min}`);
  return { min, max };
}

/** parseArgs option declarations for the fault flags. */
export function faultFlagOptions(flags: Record<string, string>): Record<string, { type: "string" }> {
  return Object.fromEntries(Object.keys(flags).map((flag) => [flag, { type: "string" as const }]));
}

/** The fault values given on the command line, keyed by fault name. */
export function readFaultFlags<F extends string>(values: Record<string, unknown>, flags: Record<string, F>): Partial<Record<F, number>> {
  const faults: Partial<Record<F, number>> = {};
  for (const [flag, fault] of Object.entries(flags) as [string, F][]) {
    const value = values[flag];
    if (typeof value === "string") faults[fault] = numberFlag(flag, value);
  }
  return faults;
}

/** The usage lines for the fault flags. */
export function faultFlagUsage(flags: Record<string, string>): string {
  return Object.keys(flags)
    .map((flag) => `  --${flag} <n>`)
    .join("\n");
}
