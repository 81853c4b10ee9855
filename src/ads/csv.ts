/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break; a cell a
 * spreadsheet would read as a formula (=, +, -, @, tab, CR first) is prefixed with a quote mark.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly (string | number)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
