/** `三、依申请公开!J14`, quoting sheet names the way spreadsheets do when they need it. */
export function cellRef(sheet: string | undefined, cell: string): string {
  if (!sheet) return cell;
  const quoted = /^[\p{L}\p{N}_、，（）]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${cell}`;
}
