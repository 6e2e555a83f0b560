// `npm run simulator`: the provider simulator as its own process, for the
// sandbox and manual runs. Runs until SIGINT or SIGTERM.
import { parseSimulatorArgs, USAGE } from "./cli-options";
import { readCommandLine, runCommand } from "../shared/cli";
import { startProviderSimulator } from "./server";

async function main() {
  const parsed = readCommandLine(parseSimulatorArgs, USAGE);
  const print = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const simulator = await startProviderSimulator({ ...parsed.options, log: parsed.quiet ? undefined : print });
  process.stdout.write(
    `Provider simulator listening on ${simulator.url}\n` +
      `  CreativeAI: ${simulator.url}/v1/video/generations\n` +
      `  JSON2Video: ${simulator.url}/v2/movies\n` +
      `  State:      ${simulator.url}/__simulator/state\n`,
  );
  return simulator;
}

runCommand(main);
