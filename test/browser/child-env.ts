// The environment the app's own processes (and the build) get from a test run:
// the test runner's variables left out, so they run as they would outside it.
export function withoutVitestVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^(VITEST|VITE_|TEST_)/.test(entry[0]) && !["NODE_ENV", "DATABASE_URL", "REDIS_URL"].includes(entry[0]),
    ),
  );
}
