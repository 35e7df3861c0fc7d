/**
 * exceljs's streaming workbook writer on its own: the package's entry loads the whole library (the reader, CSV,
 * the in-memory workbook; about 0.23 s of module compiling), the writer alone about a third of that.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';
  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
