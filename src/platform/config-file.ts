import { readFileSync } from "node:fs";
import { z } from "zod";
import { capLength } from "../text/plain.ts";
import { InputError, lineAt } from "./input-error.ts";

/**
 * A JSON file the project reads its settings or labelled papers from (content/site.json, the taxonomy, the topic
 * profiles, the check sets), checked against its zod schema when it is read, so a slip stops the run with one line
 * naming the file, the line, the key and what was expected, rather than surfacing later as a wrong page or a silently
 * ignored setting. https://zod.dev/basics#handling-errors
 */

/**
 * The file's content as `schema` reads it, or an InputError naming its first problem. `schema` may depend on the
 * parsed value where a file comes in two forms (a list of papers or a set of areas), since a zod union names neither
 * form's problem. `root` names what a file's top-level list holds (`topics`), so an entry reads `topics[12]`; an
 * object's keys name themselves. https://zod.dev/api#unions
 */
export function readConfig<T>(file: string, schema: z.ZodType<T> | ((json: unknown) => z.ZodType<T>), root = ""): T {
  const text = readFileSync(file, "utf8");
  const json = parseJson(file, text);
  const result = (typeof schema === "function" ? schema(json) : schema).safeParse(json);
  if (result.success) return result.data;
  // A misspelt key also leaves the key it was meant to be missing: the misspelling is the line to show.
  const issue = result.error.issues.find((i) => i.code === "unrecognized_keys") ?? result.error.issues[0];
  // A key the schema does not know is named by itself, not by the object it is in.
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  throw new InputError(file, lineAt(text, offsetOf(text, path)), problem(issue, path, json, Array.isArray(json) ? root : ""));
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 names the offset it stopped at: "… in JSON at position 412".
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new InputError(file, position === undefined ? 1 : lineAt(text, Number(position)), `expected JSON: ${(error as Error).message}`);
  }
}

/** One line: the key path (`topics[12].secondary`), what was expected and what was found. */
function problem(issue: z.core.$ZodIssue, path: readonly PropertyKey[], json: unknown, root: string): string {
  const key = path.reduce<string>((name, step) => (typeof step === "number" ? `${name}[${step}]` : name ? `${name}.${String(step)}` : String(step)), root);
  // A record's key that its key schema refuses is what was found, and that schema's message says what was expected.
  const badKey = issue.code === "invalid_key";
  const found = badKey ? path.at(-1) : path.reduce<unknown>((value, step) => (value as Record<PropertyKey, unknown> | undefined)?.[step], json);
  // zod's own messages read "Invalid input: expected number, received string": the value found is quoted instead.
  const expected = (badKey ? issue.issues[0].message : issue.message).replace(/^Invalid input: /, "").replace(/, received \w+$/, "");
  return `${key ? `${key}: ` : ""}${expected}, ${found === undefined ? "but it is missing" : `found ${capLength(JSON.stringify(found), 80)}`}`;
}

/**
 * An object that refuses keys it does not have, naming those it has: a misspelt key would otherwise be silently
 * ignored. https://zod.dev/api#zstrictobject
 */
export function closedObject<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape, z.core.$strict> {
  const keys = Object.keys(shape).join(", ");
  return z.strictObject(shape, { error: (issue) => (issue.code === "unrecognized_keys" ? `expected no such key (the keys are ${keys})` : undefined) });
}

/** An InputError for a problem found after the file's schema passed it (two topics with one slug), at the line of `path`. */
export function configError(file: string, path: readonly PropertyKey[], reason: string): InputError {
  const text = readFileSync(file, "utf8");
  return new InputError(file, lineAt(text, offsetOf(text, path)), reason);
}

/**
 * The character offset in JSON `text` of the value at `path` (of its key, for an object's member), or of the deepest
 * part of the path the text has: a missing key is looked for in the object that lacks it.
 */
function offsetOf(text: string, path: readonly PropertyKey[]): number {
  let at = skipSpace(text, 0);
  let mark = at;
  for (const step of path) {
    const member = memberAt(text, at, step);
    if (!member) break;
    ({ mark, value: at } = member);
  }
  return mark;
}

/** Where the member `step` of the object or list starting at `at` is: its key (or, in a list, its value) and its value. */
function memberAt(text: string, at: number, step: PropertyKey): { mark: number; value: number } | undefined {
  const open = text[at];
  if (open !== "{" && open !== "[") return undefined;
  let i = skipSpace(text, at + 1);
  for (let index = 0; text[i] !== "}" && text[i] !== "]"; index++) {
    const mark = i;
    let name: unknown = index;
    if (open === "{") {
      const keyEnd = endOfValue(text, i);
      name = JSON.parse(text.slice(i, keyEnd));
      i = skipSpace(text, skipSpace(text, keyEnd) + 1);
    }
    if (name === step) return { mark, value: i };
    i = skipSpace(text, endOfValue(text, i));
    if (text[i] === ",") i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** The offset just past the JSON value starting at `at`, in text already known to parse. */
function endOfValue(text: string, at: number): number {
  if (text[at] === '"') return endOfString(text, at);
  if (text[at] !== "{" && text[at] !== "[") return at + /^[^\s,\]}]*/.exec(text.slice(at, at + 64))![0].length;
  let depth = 0;
  for (let i = at; ; i++) {
    const c = text[i];
    if (c === '"') i = endOfString(text, i) - 1;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) return i + 1;
  }
}

function endOfString(text: string, at: number): number {
  let i = at + 1;
  while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i + 1;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (/\s/.test(text[i] ?? "")) i++;
  return i;
}
