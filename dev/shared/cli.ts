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

/**
 * Runs a double's `main` as a command: it serves until Ctrl-C or SIGTERM, then
 * `stop` closes it (exit 0, or 1 if closing failed); a crash prints its stack
 * and exits 1.
 */
export function runCommand(main: () => Promise<{ stop(): Promise<void> }>): void {
  main().then(
    (running) => {
      const shutdown = () => {
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * The command line read by `parse`: a bad flag is printed with the usage
 * (exit 2), `--help` prints the usage (exit 0).
 */
export function readCommandLine<T extends { help: boolean }>(parse: (argv: string[]) => T, usage: string): Exclude<T, { help: true }> {
  let parsed: T;
  try {
    parsed = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliOptionsError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed as Exclude<T, { help: true }>;
}
