import { spawn, type ChildProcess } from "node:child_process";
import { onExit } from "signal-exit";

/**
 * Child processes that must not outlive the build that started them: a stopped build must not go on writing into its
 * folder. On POSIX systems each child runs as a process group of its own (`detached`), so that what it starts in turn
 * goes with it — Pagefind's npm wrapper runs the Pagefind binary as a child of its own, which signalling the wrapper
 * alone would leave running — and when this process exits or is stopped by a signal (signal-exit runs the handler, then
 * lets the signal end this process), every group still running is sent SIGTERM. Being groups of their own, the children
 * no longer receive what a terminal sends its foreground group (Ctrl-C reaches them through this handler); a SIGKILL of
 * this process leaves them running, as it leaves any child. On Windows, where there are no process groups, the child
 * itself is stopped. https://nodejs.org/api/child_process.html#optionsdetached
 */

const GROUPS = process.platform !== "win32";

/** The children running. */
const running = new Set<ChildProcess>();
let stopsChildren = false;

function stop(child: ChildProcess): void {
  try {
    if (GROUPS && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    else child.kill();
  } catch {
    // Gone meanwhile.
  }
}

/**
 * Runs `command` with `args`, its output on this process's; resolves when it exits with status 0 and fails naming `name`
 * otherwise. A child that fails has what it started stopped with it.
 */
export function runChild(name: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  if (!stopsChildren) onExit(() => running.forEach(stop));
  stopsChildren = true;
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "inherit", "inherit"], detached: GROUPS });
    running.add(child);
    child.on("error", (error) => {
      running.delete(child);
      fail(error);
    });
    child.on("close", (code, signal) => {
      running.delete(child);
      if (code === 0) return done();
      stop(child);
      fail(new Error(`${name} failed (exit ${code ?? signal})`));
    });
  });
}
