import { cleanPaperText } from "./clean.ts";

/** A worker thread's share of the clean stage (src/ingest/stages/clean.ts starts it through src/platform/workers.ts). */
export function run(items: { titleRaw: string; abstractRaw: string }[]): ReturnType<typeof cleanPaperText>[] {
  return items.map(cleanPaperText);
}
