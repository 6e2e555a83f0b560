// Reading an agency's CSV manifest (sku, image_url, video_prompt, collection,
// target_surface) with a real CSV parser: quoted fields, commas and line
// breaks inside quotes, a byte-order mark and CRLF line endings all work.
// Every bad row is reported with its line number and why; the good rows go
// ahead. Only a problem that makes the whole file unreadable stops it.
//
// The text is fed to the parser a slice at a time, giving the event loop back
// between slices, and reading stops at the row limit: a file of 200,000 short
// rows never holds up the web process's other requests.
import { setImmediate as nextTurn } from "node:timers/promises";
import { parse, CsvError, type Options } from "csv-parse";
import { z } from "zod";
import { isManifestColumn, MANIFEST_COLUMNS, type ManifestColumn } from "./manifest-columns";
import { MANIFEST_SURFACE_NAMES, surfaceForManifestValue, type TargetSurface } from "~/pipeline/target-surfaces";
import { MAX_MANIFEST_BYTES } from "~/security/body-limits.server";
import { imageAddressProblem } from "~/security/image-address.server";

export const MAX_MANIFEST_ROWS = 10_000;
const REQUIRED_COLUMNS = ["sku", "image_url"] as const;
/** Far above any real row; a row this long means a quote was left open. */
const MAX_ROW_BYTES = 64 * 1024;
/** Text parsed, and rows checked, between two turns of the event loop: each takes a few milliseconds. */
const SLICE_CHARACTERS = 16 * 1024;
const ROWS_PER_TURN = 200;

export interface ManifestRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  sku: string;
  imageUrl: string;
  prompt: string | null;
  collection: string | null;
  /** The value as the agency wrote it, kept with the job. */
  targetSurface: string | null;
  /** What that value means here (shape and prompt template). */
  surface: TargetSurface | null;
}

export interface RowProblem {
  line: number;
  sku: string | null;
  reason: string;
}

export type ManifestParse = { ok: true; rows: ManifestRow[]; problems: RowProblem[] } | { ok: false; error: string };

const FILE_TOO_BIG = `The file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one by one.`;

const webAddress = z.string().superRefine((value, ctx) => {
  const problem = imageAddressProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const rowSchema = z.object({
  sku: z.string().min(1, "sku is empty").max(255, "sku is longer than 255 characters"),
  image_url: webAddress,
  video_prompt: z
    .string()
    .max(1_000, "video_prompt is longer than 1,000 characters")
    .refine((p) => p === "" || p.length >= 3, "video_prompt is shorter than 3 characters (leave it empty to use your template)"),
  collection: z.string().max(255, "collection is longer than 255 characters"),
  target_surface: z
    .string()
    .max(64, "target_surface is too long")
    .refine(
      (s) => s === "" || surfaceForManifestValue(s) !== undefined,
      (s) => ({
        message: `target_surface "${s}" is not one we know; use ${MANIFEST_SURFACE_NAMES.join(", ")} or leave it empty`,
      }),
    ),
});

class HeaderError extends Error {}

function checkHeader(names: string[]): ManifestColumn[] {
  const columns = names.map((n) => n.trim().toLowerCase());
  if (columns.every((c) => c === ""))
    throw new HeaderError("The first line is empty; it should name the columns: sku, image_url, video_prompt, collection, target_surface.");
  const unknown = columns.filter((c) => !isManifestColumn(c));
  if (unknown.length > 0) {
    throw new HeaderError(
      `The first line names column${unknown.length > 1 ? "s" : ""} we don't know: ${unknown.map((c) => `"${c}"`).join(", ")}. The columns are: ${MANIFEST_COLUMNS.join(", ")}.`,
    );
  }
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) throw new HeaderError(`The first line names "${repeated[0]}" twice.`);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new HeaderError(`The first line needs ${missing.map((c) => `a "${c}" column`).join(" and ")}.`);
  return columns as ManifestColumn[];
}

/**
 * The line a record starts on. The parser reports the line where it ends, and
 * its raw text (with any empty lines before it and the line break after it).
 * Only valid on text whose line breaks are all \n (see parseManifest).
 */
function startLine(endLine: number, raw: string | undefined): number {
  const own = (raw ?? "").replace(/^\n+/, "").replace(/\n$/, "");
  return endLine - (own.match(/\n/g)?.length ?? 0);
}

/** Structural errors after which no later row can be trusted (the parser loses track of where rows start). */
function fatalParseMessage(error: CsvError, line: number): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `Line ${line} opens a quoted field that is never closed. Add the missing " and import again; nothing was imported.`;
    case "CSV_MAX_RECORD_SIZE":
      return `Line ${line} is far too long to be one row; a quote is probably missing. Fix it and import again; nothing was imported.`;
    default:
      return `Line ${line} has a quote in the middle of a field. Put the whole field in quotes and double any quote inside it (""), then import again; nothing was imported.`;
  }
}

class NotUtf8Error extends Error {}

/**
 * The file as text, a slice at a time, with one kind of line break (CRLF and
 * old Mac CR become \n, also inside quoted fields): the parser counts lines
 * reliably only then, and a prompt loses nothing. A file refused at the row
 * limit is never decoded whole.
 */
function* textSlices(input: string | Uint8Array): Generator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let carried = "";
  const length = typeof input === "string" ? input.length : input.byteLength;
  for (let start = 0; start < length; start += SLICE_CHARACTERS) {
    const last = start + SLICE_CHARACTERS >= length;
    let slice: string;
    try {
      slice =
        typeof input === "string"
          ? input.slice(start, start + SLICE_CHARACTERS)
          : decoder.decode(input.subarray(start, start + SLICE_CHARACTERS), { stream: !last });
    } catch {
      throw new NotUtf8Error();
    }
    slice = carried + slice;
    // A \r at the end may be the first half of a \r\n in the next slice, and a
    // string may end a slice in the middle of a character (a surrogate pair).
    carried = !last && /[\r\uD800-\uDBFF]$/.test(slice) ? slice.slice(-1) : "";
    if (carried) slice = slice.slice(0, -1);
    yield slice.replace(/\r\n?/g, "\n");
    if (last) break;
  }
}

type ParsedRecord = { record: Record<ManifestColumn, string>; info: { lines: number }; raw: string };

const NOT_UTF8 = "The file isn't UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and import it again.";
const EMPTY_FILE = "The file is empty.";
export const TOO_MANY_ROWS = `The file has more than ${MAX_MANIFEST_ROWS.toLocaleString("en-US")} rows. Split it into files of up to ${MAX_MANIFEST_ROWS.toLocaleString("en-US")} rows and import them one by one.`;

/**
 * The file's records, read a slice at a time; stops at the first fatal
 * problem or as soon as there are more rows than a manifest may have.
 */
async function readRecords(
  input: string | Uint8Array,
  problems: RowProblem[],
): Promise<{ ok: true; records: ParsedRecord[] } | { ok: false; error: string }> {
  const records: ParsedRecord[] = [];
  let stop: string | null = null;
  const options: Options = {
    bom: true,
    columns: checkHeader,
    info: true,
    raw: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: false,
    max_record_size: MAX_ROW_BYTES,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      if (!error || stop) return;
      if (error.code === "CSV_RECORD_INCONSISTENT_COLUMNS") {
        problems.push({
          line: startLine(Number(error.lines), raw),
          sku: null,
          reason:
            "has a different number of fields than the first line (a comma too many or too few, or a field with a comma that needs quotes)",
        });
      } else {
        stop = fatalParseMessage(error, startLine(Number(error.lines), raw));
      }
    },
  };
  const parser = parse(options);
  let failure: unknown = null;
  parser.on("data", (record: ParsedRecord) => records.push(record));
  parser.on("error", (error) => {
    failure ??= error;
  });
  const ended = new Promise<void>((resolve) => {
    parser.once("end", resolve);
    parser.once("error", () => resolve());
  });
  let blank = true;
  try {
    for (const slice of textSlices(input)) {
      blank &&= /^[\s\uFEFF]*$/.test(slice);
      parser.write(slice);
      await nextTurn();
      if (records.length + problems.length > MAX_MANIFEST_ROWS) stop = TOO_MANY_ROWS;
      if (stop || failure) break;
    }
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    stop = NOT_UTF8;
  }
  if (blank && !stop && !failure) stop = EMPTY_FILE;
  if (!stop && !failure) {
    parser.end();
    await ended;
  }
  parser.destroy();
  if (failure instanceof HeaderError) return { ok: false, error: failure.message };
  if (failure instanceof CsvError) return { ok: false, error: fatalParseMessage(failure, Number(failure.lines)) };
  if (failure) throw failure;
  if (stop) return { ok: false, error: stop };
  if (records.length + problems.length > MAX_MANIFEST_ROWS) return { ok: false, error: TOO_MANY_ROWS };
  return { ok: true, records };
}

export async function parseManifest(input: string | Uint8Array): Promise<ManifestParse> {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_MANIFEST_BYTES) return { ok: false, error: FILE_TOO_BIG };
  const problems: RowProblem[] = [];
  const read = await readRecords(input, problems);
  if (!read.ok) return read;

  const rows: ManifestRow[] = [];
  for (const [index, { record, info, raw }] of read.records.entries()) {
    if (index % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    const line = startLine(info.lines, raw);
    const fields = Object.fromEntries(MANIFEST_COLUMNS.map((c) => [c, record[c] ?? ""]));
    const parsed = rowSchema.safeParse(fields);
    if (!parsed.success) {
      problems.push({ line, sku: fields.sku || null, reason: parsed.error.issues.map((i) => i.message).join("; ") });
      continue;
    }
    const row = parsed.data;
    rows.push({
      line,
      sku: row.sku,
      imageUrl: row.image_url,
      prompt: row.video_prompt || null,
      collection: row.collection || null,
      targetSurface: row.target_surface ? row.target_surface.toLowerCase() : null,
      surface: row.target_surface ? surfaceForManifestValue(row.target_surface)! : null,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { ok: true, rows, problems };
}
