/** How a count is written, wherever it is shown. */

/** 1120 as "1,120". */
export function thousands(n: number): string {
  return n.toLocaleString("en");
}

/** "1 paper", "63 papers"; with a qualifier, "3 more papers". */
export function paperCount(count: number, qualifier = ""): string {
  return `${count} ${qualifier ? `${qualifier} ` : ""}${count === 1 ? "paper" : "papers"}`;
}
