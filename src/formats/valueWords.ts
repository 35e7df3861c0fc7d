/**
 * The words a value cell may be written with besides its digits, in one place for every reader: the units a clerk
 * writes after a number (`5件`, `3人次`; `万元`/`元` in money cells, where `元` is converted and noted) and the marks for
 * "not applicable / nothing" (`—`, `-`, `/`, `无`). classifyValue decides what each means; the text layouts and the
 * label search only need to tell a value from a label.
 */

/** longest first, so `人次` is never read as `次` after `5人` */
export const countUnits = ['件次', '人次', '件', '项', '个', '条', '宗', '次'] as const;
export const moneyUnits = ['万元', '元'] as const;
/** every unit, longest first, as a regular-expression alternation */
export const unitAlternation = [...countUnits, ...moneyUnits].sort((a, b) => b.length - a.length).join('|');

/** Marks a clerk writes for "not applicable / nothing": `—`, `-`, `/`, `\`, `无`, `－` (repeated dashes too). */
export const markPattern = /^(?:[—–\-－―─]+|[\/／\\]|无|無)$/u;
