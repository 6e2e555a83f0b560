// Files the import page hands to the browser without a request: the skipped
// rows and the sample template. Written as spreadsheets expect: a UTF-8 byte
// order mark (so non-ASCII titles open intact), CRLF, every field quoted, and
// a cell that would run as a formula made plain text.

function cell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvText(rows: (string | number | null)[][]): string {
  return `\uFEFF${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

export function downloadCsv(fileName: string, rows: (string | number | null)[][]): void {
  const url = URL.createObjectURL(new Blob([csvText(rows)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
