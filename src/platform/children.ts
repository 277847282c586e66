import { spawn } from "node:child_process";
import { onExit } from "signal-exit";

/**
 * Child processes that must not outlive the build that started them: a stopped build must not go on writing into its
 * folder. Each child runs as a process group of its own (`detached`), so that what it starts in turn goes with it —
 * Pagefind's npm wrapper runs the Pagefind binary as a child of its own, which signalling the wrapper alone would leave
 * running. When this process is stopped by a signal, every group still running is sent SIGTERM (signal-exit runs the
 * handler, then lets the signal end this process). https://nodejs.org/api/child_process.html#optionsdetached
 */

/** The process groups running, by their leaders' ids. */
const running = new Set<number>();
let stopsGroups = false;

function stopGroups(): void {
  for (const group of running) {
    try {
      process.kill(-group, "SIGTERM");
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * Runs `command` with `args` in a process group of its own, its output on this process's; resolves when it exits with
 * status 0 and fails naming `name` otherwise.
 */
export function runChild(name: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  if (!stopsGroups) onExit(stopGroups);
  stopsGroups = true;
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "inherit", "inherit"], detached: true });
    if (child.pid !== undefined) running.add(child.pid);
    child.on("error", (error) => {
      if (child.pid !== undefined) running.delete(child.pid);
      fail(error);
    });
    child.on("close", (code, signal) => {
      if (child.pid !== undefined) running.delete(child.pid);
      if (code === 0) done();
      else fail(new Error(`${name} failed (exit ${code ?? signal})`));
    });
  });
}
