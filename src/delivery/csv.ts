/**
 * Comma-separated values as RFC 4180 writes them (the form spreadsheets export): fields in double quotes may hold
 * commas, doubled quotes and line breaks. Each record keeps the line it starts on, so a bad row is reported where a
 * curator can find it. https://www.rfc-editor.org/rfc/rfc4180
 */

export interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** What is wrong with how the record is written (a quote never closed, text after a closing quote); undefined if nothing. */
  problem?: string;
}

/** Every non-blank record of `text`; a byte-order mark and CRLF or LF line ends are read alike. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const source = text.replace(/^\uFEFF/, "");
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const start = line;
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      let field = "";
      if (source[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          if (i >= source.length) {
            problem ??= `a quote opened on line ${opened} is never closed`;
            break;
          }
          const c = source[i];
          if (c === '"') {
            if (source[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === "\n") line++;
          field += c;
          i++;
        }
        // Anything between the closing quote and the next comma or line end is not part of a well-formed field.
        const rest = /^[^,\r\n]*/.exec(source.slice(i))![0];
        if (rest.trim()) problem ??= `text after a closing quote: ${JSON.stringify(rest.slice(0, 40))}`;
        field += rest;
        i += rest.length;
      } else {
        const plain = /^[^,\r\n]*/.exec(source.slice(i))![0];
        field = plain;
        i += plain.length;
      }
      fields.push(field);
      if (source[i] === ",") {
        i++;
        continue;
      }
      // A line end, or the end of the text.
      if (source[i] === "\r") i++;
      if (source[i] === "\n") i++;
      line++;
      break;
    }
    if (fields.length > 1 || fields[0].trim() || problem) records.push({ line: start, fields, problem });
  }
  return records;
}
