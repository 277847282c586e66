import { cleanPaperText } from "../stages/clean.ts";

/** A worker thread's share of the clean stage (src/stages/clean.ts starts it through src/workers.ts). */
export function run(items: { titleRaw: string; abstractRaw: string }[]): ReturnType<typeof cleanPaperText>[] {
  return items.map(cleanPaperText);
}
