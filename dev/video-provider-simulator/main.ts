// `npm run simulator`: the provider simulator as its own process, for the
// sandbox and manual runs. Runs until SIGINT or SIGTERM.
import { CliOptionsError, parseSimulatorArgs, USAGE } from "./cli-options";
import { startProviderSimulator } from "./server";

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseSimulatorArgs>;
  try {
    parsed = parseSimulatorArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliOptionsError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const print = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const simulator = await startProviderSimulator({ ...parsed.options, log: parsed.quiet ? undefined : print });
  process.stdout.write(
    `Provider simulator listening on ${simulator.url}\n` +
      `  CreativeAI: ${simulator.url}/v1/video/generations\n` +
      `  JSON2Video: ${simulator.url}/v2/movies\n` +
      `  State:      ${simulator.url}/__simulator/state\n`,
  );
  const shutdown = () => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
