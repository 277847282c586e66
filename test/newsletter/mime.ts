import { execFileSync } from "node:child_process";

/** What Python's `email` package (a real MIME parser) reads from an .eml file. */
export interface ParsedMessage {
  headers: Record<string, string>;
  contentType: string;
  parts: { contentType: string; charset: string; content: string }[];
  defects: string[];
}

const SCRIPT = `
import json, sys
from email import policy
from email.parser import BytesParser
with open(sys.argv[1], "rb") as f:
    msg = BytesParser(policy=policy.default).parse(f)
parts = [{"contentType": p.get_content_type(), "charset": p.get_content_charset() or "", "content": p.get_content()}
         for p in (msg.iter_parts() if msg.is_multipart() else [msg])]
print(json.dumps({
  "headers": {k: str(v) for k, v in msg.items()},
  "contentType": msg.get_content_type(),
  "parts": parts,
  "defects": [type(d).__name__ for d in msg.defects] + [type(d).__name__ for p in msg.walk() for d in p.defects],
}))
`;

export function parseEml(file: string): ParsedMessage {
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", SCRIPT, file], { encoding: "utf8" })) as ParsedMessage;
}
