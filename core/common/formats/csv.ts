// RFC 4180 CSV reader. Written here because the field's CSV libraries (papaparse, csv-parse)
// are larger than this whole file and the data sets need only: quoted fields with "" escapes
// and embedded separators/newlines, CRLF or LF line ends, an optional BOM.
import { InputError } from '../types.js';

/** Splits CSV text into records of fields. A trailing line end does not make an empty record. */
export function parseCsvRecords(text: string, fileName: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let atRecordStart = true;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    atRecordStart = false;
    if (c === '"' && field === '') {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= n) throw new InputError(fileName, `unterminated quoted field starting on line ${openedOn}`);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const after = text[i];
      if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
        throw new InputError(fileName, `line ${line}: text after a closing quote`);
      }
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      atRecordStart = true;
    } else {
      field += c;
      i++;
    }
  }
  if (!atRecordStart) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Parses CSV with a header row into one object per data row; every row must have the header's width. */
export function parseCsv(text: string, fileName: string): { columns: string[]; rows: Array<Record<string, string>> } {
  const records = parseCsvRecords(text, fileName);
  const columns = records[0];
  if (columns === undefined) throw new InputError(fileName, 'empty CSV: no header row');
  const rows = records.slice(1).map((rec, r) => {
    if (rec.length !== columns.length) {
      throw new InputError(fileName, `data row ${r + 1} has ${rec.length} fields, header has ${columns.length}`);
    }
    const row: Record<string, string> = {};
    columns.forEach((col, k) => {
      row[col] = rec[k]!;
    });
    return row;
  });
  return { columns, rows };
}
