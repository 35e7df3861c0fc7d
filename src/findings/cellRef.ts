/** `三、依申请公开!J14`, quoting sheet names the way spreadsheets do when they need it. */
export function cellRef(sheet: string | undefined, cell: string): string {
  if (!sheet) return cell;
  return `${quotedSheet(sheet)}!${cell}`;
}

// a batch names the same few sheets in every file: each name is tested once (kept small: names are few)
const quotedNames = new Map<string, string>();

function quotedSheet(sheet: string): string {
  let quoted = quotedNames.get(sheet);
  if (quoted === undefined) {
    quoted = /^[\p{L}\p{N}_、，（）]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
    if (quotedNames.size >= 256) quotedNames.clear();
    quotedNames.set(sheet, quoted);
  }
  return quoted;
}
