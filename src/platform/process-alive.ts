/** Whether a process of this id is running (one of another user's too): signal 0 tests for it without sending anything. https://nodejs.org/api/process.html#processkillpid-signal */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
