/**
 * nianbao's library API. The CLI (src/cli) is a thin shell over these functions.
 */
export * from './formats/index.js';
export { normaliseLabel, labelMatches } from './formats/labels.js';
export { tableLayout, address, parseAddress, type TableLayout, type LayoutCell } from './layout/tableLayout.js';
export * from './report/report.js';
export { reportFromNumbers } from './report/build.js';
export { toScaled, formatScaled, decimalTextToScaled, scaledToNumber, moneyScale } from './report/money.js';
export * from './findings/finding.js';
export type { GridWorkbook, GridSheet, GridCell, GridMerge } from './grid/grid.js';
export { textToGrid } from './grid/textGrid.js';
export { version, templateVersion } from './version.js';
