import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { simpleParser, type AddressObject } from "mailparser";

/** What a MIME parser reads from an .eml file: decoded headers, and the text and HTML bodies. */
export interface ParsedMessage {
  headers: Record<string, string>;
  contentType: string;
  text: string;
  html: string;
}

/** nodemailer's own parser (mailparser), on every machine. Header values decoded; addresses as written. */
export async function mailparser(file: string): Promise<ParsedMessage> {
  const message = await simpleParser(readFileSync(file));
  const raw = Object.fromEntries(message.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(":") + 1).trim()]));
  const address = (a: AddressObject | AddressObject[] | undefined) =>
    [a ?? []]
      .flat()
      .flatMap((o) => o.value)
      .map((v) => `${v.name} <${v.address}>`)
      .join(", ");
  return {
    headers: {
      From: address(message.from),
      To: address(message.to),
      Subject: message.subject ?? "",
      Date: raw["date"],
      "Message-ID": message.messageId ?? "",
      "MIME-Version": raw["mime-version"],
      ...(raw["bcc"] !== undefined && { Bcc: raw["bcc"] }),
      ...(raw["list-unsubscribe"] !== undefined && { "List-Unsubscribe": raw["list-unsubscribe"] }),
      ...(raw["list-unsubscribe-post"] !== undefined && { "List-Unsubscribe-Post": raw["list-unsubscribe-post"] }),
    },
    contentType: (message.headers.get("content-type") as { value: string }).value,
    text: message.text ?? "",
    html: message.html || "",
  };
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

/**
 * Python's strict `email` package: the parts in order, with any defect it finds. Debian's
 * Python, run only where it is installed (test/system-software.ts).
 */
export function pythonEmail(file: string): ParsedMessage & { parts: { contentType: string; charset: string; content: string }[]; defects: string[] } {
  const message = JSON.parse(execFileSync("/usr/bin/python3", ["-c", SCRIPT, file], { encoding: "utf8" }));
  const part = (type: string) => message.parts.find((p: { contentType: string }) => p.contentType === type)?.content ?? "";
  return { ...message, text: part("text/plain"), html: part("text/html") };
}

/** Every MIME parser this machine has, by name: mailparser always, Python's where installed. */
export async function mimeReaders(file: string, withPython: boolean): Promise<[string, ParsedMessage][]> {
  return [["mailparser", await mailparser(file)], ...(withPython ? [["python email", pythonEmail(file)] as [string, ParsedMessage]] : [])];
}
