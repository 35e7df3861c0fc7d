/** The little of xlsx-populate the tests use: a second writer, as a unit's own software would save a workbook. */
declare module 'xlsx-populate' {
  namespace XlsxPopulate {
    interface Cell {
      value(): unknown;
      value(v: unknown): Cell;
    }
    interface Sheet {
      name(): string;
      cell(address: string): Cell;
    }
    interface Workbook {
      sheet(name: string): Sheet | undefined;
      sheets(): Sheet[];
      addSheet(name: string): Sheet;
      deleteSheet(name: string): Workbook;
      outputAsync(): Promise<Uint8Array>;
    }
  }
  const XlsxPopulate: { fromDataAsync(data: Uint8Array): Promise<XlsxPopulate.Workbook> };
  export default XlsxPopulate;
}
