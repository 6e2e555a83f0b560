// ffprobe and ffmpeg (Debian's ffmpeg package), run as child processes with
// argument arrays (never a shell), a time cap and a cap on what they print.
import { execFile } from "node:child_process";

export class MediaToolError extends Error {}

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export function runMediaTool(tool: "ffprobe" | "ffmpeg", args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") reject(new Error(`${tool} was not found on PATH; install Debian's ffmpeg package`));
        else if (error.killed) reject(new MediaToolError(`${tool} took longer than ${Math.round(timeoutMs / 1000)} s`));
        else reject(new MediaToolError(stderr.trim().split("\n").slice(-3).join(" ") || error.message));
        return;
      }
      resolve({ stdout, stderr });
    });
  });
}
