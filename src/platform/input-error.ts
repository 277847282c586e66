/**
 * A problem in something the curator or a source wrote — a digest, a page's front matter —
 * named by file and line so it can be found and fixed. The message is one line.
 */
export class InputError extends Error {
  /** Eleventy prints the message alone, without a stack trace, when a build meets one. */
  readonly skipOriginalStack = true;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "InputError";
  }
}

/** The 1-based line of a character offset in a file's text, for an InputError. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
