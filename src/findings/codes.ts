/**
 * Every finding code, once: its severity, the stage it arises in, the rule id `nianbao rules` lists it under, what it
 * means (for the clerk who looks it up) and the template of its message, which takes named parameters. Findings are
 * built from here only (`finding()` in ./factory.ts), so a code's severity, rule and wording are never written at
 * the place that finds it, and a code that is not in this registry does not compile (`FindingCode`).
 *
 * Messages are one or two short sentences: what is wrong, where, by how much, what to do. Lists of places, units or
 * files go into the finding's `details`, never into the sentence.
 */
import type { CrossYearRuleId, RelationRuleId } from '../formats/types.js';
import { archiveExtensions } from '../io/archives.js';

export type Severity = 'error' | 'warning' | 'info';

export const stages = ['file', 'reading', 'value', 'relation', 'crossYear', 'report', 'submission'] as const;
export type Stage = (typeof stages)[number];

export const stageLabels: Record<Stage, string> = {
  file: '文件无法读取（整份文件未能读入）',
  reading: '读取表格时发现的问题',
  value: '单元格的取值',
  relation: '合计与勾稽关系',
  crossYear: '与上年报告的衔接',
  report: '整份报告',
  submission: '汇总和报送情况',
};

export interface CodeDef<P> {
  /** the severity (for a code whose severity depends on what was found: the highest, as documented) */
  severity: Severity;
  /** the severity of one finding, when it depends on its parameters */
  severityOf?: (p: P) => Severity;
  stage: Stage;
  /** the rule id `nianbao rules` lists the code under (`balance`, `row-total`, `value-kind`, …) */
  rule?: string;
  /** what it means and what to do, in Chinese */
  describe: string;
  /** the Chinese message, from the finding's parameters */
  message: (p: P) => string;
}

const code = <P = Record<string, never>>(d: CodeDef<P>): CodeDef<P> => d;

/** A file named by its base name, as the clerk sees it in their folder. */
interface FileParams {
  /** the file's base name */
  name: string;
  /** what was found, in Chinese, shown in brackets after the file */
  detail?: string;
}
const inBrackets = (detail?: string) => (detail ? `（${detail}）` : '');
const saveAsXlsx = '请用 Excel 或 WPS 打开后“另存为”Excel 工作簿 (*.xlsx) 再提交';

/** A wrong total: where, stated, computed from which items, by how much. */
interface TotalParams {
  /** `表三“…”“（七）总计”行“自然人”列` */
  where: string;
  stated: string;
  computed: string;
  /** `本列各项`, `本行各项` or `各项` */
  basis: string;
  /** the items in words, short (`自然人（4）+ 商业企业（1），其余 4 项为 0`) */
  items: string;
  difference: string;
  /** `（其中空白按 0 计算）` or '' */
  zeroNote: string;
}
const totalMessage = (p: TotalParams) =>
  `${p.where}填报为 ${p.stated}，按${p.basis}计算应为 ${p.computed}（${p.items}），相差 ${p.difference}${p.zeroNote}。`;

interface BalanceParams {
  /** `表三“…”“自然人”列` */
  where: string;
  left: string;
  leftSum: string;
  right: string;
  rightSum: string;
  difference: string;
  zeroNote: string;
}

interface CrossYearParams {
  where: string;
  stated: string;
  /** last year's file */
  previousFile: string;
  /** the terms in words with their values */
  terms: string;
  computed: string;
  difference: string;
}
const crossYearMessage = (p: CrossYearParams) =>
  `${p.where}本年为 ${p.stated}，按上年报告（${p.previousFile}）应为 ${p.terms} = ${p.computed}，相差 ${p.difference}。`;
const softNote = '此项为提示，如有正当原因（如文件自然失效、事项调整）请在报告中说明。';

/** What a cell that cannot take part in arithmetic holds. */
export type UnusableKind = 'text' | 'error' | 'outOfRange';

interface CellParams {
  /** `表二“…”“行政许可”行“本年处理决定数量”列` */
  where: string;
}

/** A value above `floor` display units and more than `factor` times last year's is worth a look (YEAR_JUMP). */
export const yearJump = { floor: 50, factor: 10 } as const;

export const findingCodes = {
  // ── files that cannot be read at all: one error each, the batch goes on ──
  FILE_NOT_FOUND: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '文件不存在或无法打开。',
    message: (p) => `文件“${p.name}”不存在或无法打开${inBrackets(p.detail)}。`,
  }),
  FILE_EMPTY: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '文件是 0 字节的空文件：请重新导出或重新提交。',
    message: (p) => `文件“${p.name}”是空文件（0 字节），没有任何内容，请重新导出或重新提交。`,
  }),
  FILE_TOO_LARGE: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '文件超过大小上限（工作簿默认 20 MB），不像一份统计表，未读取。',
    message: (p) => `文件“${p.name}”过大${inBrackets(p.detail)}，不像一份年度报告统计表，未读取；请检查是否提交错了文件。`,
  }),
  NOT_A_WORKBOOK: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '文件内容不是 Excel 工作簿（可能只是改了扩展名）。',
    message: (p) => `文件“${p.name}”不是 Excel 工作簿${inBrackets(p.detail)}；${saveAsXlsx}。`,
  }),
  ZIP_CORRUPT: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '工作簿已损坏、无法解压（常见于下载或拷贝不完整）：请重新导出或重新提交。',
    message: (p) => `文件“${p.name}”已损坏，无法解压${inBrackets(p.detail)}；可能是下载或拷贝不完整，请重新导出或重新提交。`,
  }),
  ZIP_BOMB: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '工作簿声明的解压后大小远超正常统计表，为安全起见未解压。',
    message: (p) => `文件“${p.name}”解压后的内容异常巨大${inBrackets(p.detail)}，为安全起见拒绝读取；请检查是否提交错了文件。`,
  }),
  ENCRYPTED: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '工作簿设置了打开密码：请取消密码后重新提交。',
    message: (p) => `文件“${p.name}”设置了打开密码（已加密），无法读取；请取消密码后另存为 Excel 工作簿 (*.xlsx) 再提交。`,
  }),
  LEGACY_XLS_NO_CONVERTER: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '旧版 Excel 97-2003（.xls）或 WPS（.et）文件，本机没有 LibreOffice 无法转换：请另存为 Excel 工作簿（*.xlsx）。',
    message: (p) => `文件“${p.name}”是旧版 Excel 97-2003 格式（.xls/.et），无法直接读取${inBrackets(p.detail)}；${saveAsXlsx}。`,
  }),
  ODS_NO_CONVERTER: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: 'OpenDocument（.ods）文件，本机没有 LibreOffice 无法转换：请另存为 Excel 工作簿（*.xlsx）。',
    message: (p) => `文件“${p.name}”是 OpenDocument 表格（.ods），无法直接读取${inBrackets(p.detail)}；${saveAsXlsx}。`,
  }),
  CONVERT_FAILED: code<FileParams & { document?: boolean }>({
    severity: 'error',
    stage: 'file',
    describe: 'LibreOffice 转换旧格式文件失败（文件可能已损坏）：请另存为 .xlsx（文档另存为 .docx）后提交。',
    message: (p) =>
      p.document
        ? `文件“${p.name}”无法用 LibreOffice Writer 转换${inBrackets(p.detail)}：请用 Word 或 WPS 打开后另存为 .docx 再提交。`
        : `文件“${p.name}”无法转换为 Excel 工作簿${inBrackets(p.detail)}；${saveAsXlsx}。`,
  }),
  NOT_A_DOCUMENT: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '扩展名是 .docx，内容却不是 Word 文档。',
    message: (p) => `文件“${p.name}”不是 Word 文档${inBrackets(p.detail ?? '无法识别')}，无法读取。`,
  }),
  DOC_NO_CONVERTER: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '旧版 Word（.doc）或 WPS 文字（.wps）文档，本机没有 LibreOffice Writer 无法转换：请另存为 .docx。',
    message: (p) =>
      `文件“${p.name}”是旧版 Word（.doc）或 WPS 文字（.wps）文档，本机没有安装 LibreOffice Writer，无法转换：请另存为 .docx 后提交，或安装 libreoffice-writer-nogui。`,
  }),
  PDF_NO_TEXT_LAYER: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: 'PDF 没有文字层（扫描件或图片），其中的数字无法读取：请提供 Word、网页或文字版本。',
    message: (p) => `文件“${p.name}”：该 PDF 没有文字层（可能是扫描件或图片），无法读取其中的数字：请提供原始的 Word、网页或文字版本。`,
  }),
  PDF_UNREADABLE: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: 'PDF 已损坏、设置了密码，或扩展名是 .pdf 而内容不是 PDF。',
    message: (p) => `文件“${p.name}”${p.detail ? `：${p.detail}` : '无法作为 PDF 读取'}。`,
  }),
  NO_WORKSHEETS: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '工作簿中没有任何工作表。',
    message: (p) => `文件“${p.name}”中没有任何工作表，请检查是否提交错了文件。`,
  }),
  SHEET_TOO_LARGE: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '工作表的行数或单元格数超过上限，不像一份统计表，未读取。',
    message: (p) => `文件“${p.name}”中的工作表过大${inBrackets(p.detail)}，不像一份年度报告统计表；请删除多余的行和单元格后再提交。`,
  }),
  READ_FAILED: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '读取文件时出错（原因见说明）。',
    message: (p) => `文件“${p.name}”无法读取${inBrackets(p.detail)}；${saveAsXlsx}。`,
  }),
  UNSUPPORTED_FILE_TYPE: code<FileParams & { extension: string }>({
    severity: 'error',
    stage: 'file',
    describe: '不支持的文件类型：请提供 .xlsx 工作簿、.html 网页、.txt 文本、.docx/.doc/.wps 文档、PDF 或 nianbao 导出的 .json。',
    message: (p) =>
      `文件“${p.name}”的类型（${p.extension || '无扩展名'}）无法读取：请提供 Excel 工作簿（.xlsx）、网页（.html）、文本（.txt/.md）、Word 文档（.docx/.doc/.wps）、PDF 或报告数据（.json）。`,
  }),
  ARCHIVE_NOT_OPENED: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: `文件是压缩包（${archiveExtensions.join('/')}）：nianbao 不打开压缩包，请解压后把其中的统计表放进来。`,
    message: (p) => `文件“${p.name}”是压缩包，nianbao 不打开压缩包：请解压后把其中的统计表放进报送文件夹（或直接选中它们），再检查或汇总。`,
  }),
  HTML_TOO_LARGE: code<FileParams & { size: string; limit: string }>({
    severity: 'error',
    stage: 'file',
    describe: '网页文件过大，未读取。',
    message: (p) => `文件“${p.name}”过大（${p.size}），超过网页报告的上限 ${p.limit}，未读取。`,
  }),
  HTML_TABLE_TOO_LARGE: code<FileParams & { table: number; limit: number }>({
    severity: 'error',
    stage: 'file',
    describe: '网页中的表格行列数超过上限，未读取。',
    message: (p) => `文件“${p.name}”的第 ${p.table} 个表格合并范围过大（超过 ${p.limit} 个单元格），未读取。`,
  }),
  NOT_A_REPORT: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: 'JSON 文件不是 nianbao 导出的报告数据，或缺少报告的数据项。',
    message: (p) => `文件“${p.name}”不是 nianbao 导出的报告数据${inBrackets(p.detail)}。`,
  }),
  TIMEOUT: code<FileParams & { seconds: number }>({
    severity: 'error',
    stage: 'file',
    describe: '读取该文件超过时间上限，已跳过（文件可能过大或已损坏）。',
    message: (p) => `文件“${p.name}”读取超过 ${p.seconds} 秒仍未完成，已跳过（文件可能过大或已损坏）。`,
  }),
  OWN_FEEDBACK_FILE: code<FileParams & { kind: 'summary' | 'untouchedCopy' }>({
    severity: 'info',
    stage: 'file',
    describe: '这是 nianbao 生成的审核意见副本（单位尚未修改）或审核情况表，不是报送材料：检查和汇总时跳过。',
    message: (p) =>
      p.kind === 'summary'
        ? `“${p.name}”是 nianbao 生成的审核情况表，不是报送材料，已跳过。`
        : `“${p.name}”是 nianbao 生成的审核意见副本（单位尚未修改），不是报送材料，已跳过。`,
  }),
  WORKER_CRASHED: code<FileParams>({
    severity: 'error',
    stage: 'file',
    describe: '读取该文件时处理进程异常退出，已跳过（文件可能过大或已损坏）。',
    message: (p) => `文件“${p.name}”读取时处理进程异常退出${inBrackets(p.detail)}，已跳过（文件可能过大或已损坏）。`,
  }),

  // ── reading the tables ──
  TABLE_NOT_FOUND: code<{ table: string; missing: string }>({
    severity: 'error',
    stage: 'reading',
    describe: '找不到某张统计表（按表头和行标签都找不到）：请确认三张表都在工作簿或报告中。',
    message: (p) => `未找到${p.table}：${p.missing}。该表的数据均未读取，请确认文件中包含此表且表头、行标签未被改动。`,
  }),
  ROW_NOT_FOUND: code<{ table: string; row: string; near?: string }>({
    severity: 'error',
    stage: 'reading',
    describe: '找到了表，但缺少某一行（如报告被截断、行标签被改动）：该行的数不计入任何核对，也不会被当作 0。',
    message: (p) =>
      `${p.table}中未找到${p.row}，该行数据未读取（未作任何推测）。` +
      (p.near ? `上下两行之间的${p.near}可能就是这一行（标签与官方写法不符）。` : ''),
  }),
  COLUMN_NOT_FOUND: code<{ table: string; column: string }>({
    severity: 'error',
    stage: 'reading',
    describe: '找到了表，但缺少某一列：该列的数不计入任何核对。',
    message: (p) => `${p.table}中未找到“${p.column}”列，该列数据未读取（未作任何推测）。`,
  }),
  VALUE_COUNT_MISMATCH: code<{ table: string; row: string; found: number; columns: number }>({
    severity: 'error',
    stage: 'reading',
    describe: '文本报告中某行的数值个数与表的列数不符，无法确定各数值属于哪一列，不作猜测：请核对原文。',
    message: (p) => `${p.table}${p.row}有 ${p.found} 个数值，而该表有 ${p.columns} 列，无法确定各数值属于哪一列，该行数据未读取；请核对原文。`,
  }),
  ROW_POSITIONS_AMBIGUOUS: code<{ table: string; row: string; columns: number }>({
    severity: 'error',
    stage: 'reading',
    describe:
      '文本报告中某行有空栏，但栏数与表的列数对不上（空栏可能被合并或省略），无法确定各数值属于哪一列，该行不读取、不作猜测：请核对原文。',
    message: (p) =>
      `${p.table}${p.row}中有空栏，但栏数与该表的 ${p.columns} 列对不上（空栏可能被合并或省略），无法确定各数值属于哪一列，该行数据未读取（未作任何推测）。`,
  }),
  LABEL_IN_VALUE_CELL: code<{ table: string; row: string; cell: string; text: string; column: string; count: number }>({
    severity: 'error',
    stage: 'reading',
    describe:
      '按标签定位到的某行，数值位置上却是标签文字（表头行被当成数据行、标题行被当成数据，或行标签的后半截错入第一个数值格）：该行排列与表头不符，其余数值也可能错位，整行不读取、不作猜测，请核对原文。',
    message: (p) =>
      `${p.table}${p.row}：${p.cell} 在“${p.column}”列的数值位置上写的是标签文字“${p.text}”，该行与表头没有对齐，其 ${p.count} 个数值均未读取（未作任何推测），请核对原文。`,
  }),
  CELL_CLAIMED_TWICE: code<{ cell: string; count: number }>({
    severity: 'error',
    stage: 'reading',
    describe: '按标签定位时，两个以上的数据项落在同一个单元格上（表格被压平后行或列重叠），无法确定这个数属于哪一项：这些项都不读取、不作猜测，请核对原文。',
    message: (p) => `${p.cell} 同时对应 ${p.count} 个数据项（表格的行或列重叠），无法确定这个数属于哪一项，这些项都未读取（未作任何推测）。`,
  }),
  REPORT_YEAR_MISMATCH: code<{ stated: number; expected: number }>({
    severity: 'warning',
    stage: 'reading',
    describe: '文件中写明的报告年度与要求的年度不同。',
    message: (p) => `文件中的报告年度为 ${p.stated} 年，而本次处理的是 ${p.expected} 年度，请核对。`,
  }),
  REPORT_YEAR_CONFLICT: code<{ statements: string; used: number }>({
    severity: 'warning',
    stage: 'reading',
    describe: '报告中不同位置写的年度互相矛盾（如标题与统计期限）。',
    message: (p) => `报告年度前后不一致：${p.statements}。已按 ${p.used} 年读取，请核对。`,
  }),
  REPORT_YEAR_FROM_PUBLICATION: code<{ year: number; line: string; where: string }>({
    severity: 'info',
    stage: 'reading',
    describe:
      '标题和统计期限都没有写明年度，已按发布日期推定报告年度：年度报告在次年 1 月至 3 月发布，所以 1—3 月发布的报告按上一年度读取；其他月份发布的不作推定。',
    message: (p) => `标题和统计期限均未写明年度，按发布日期（${p.where}“${p.line}”）推定为 ${p.year} 年度报告，请核对。`,
  }),
  REPORT_YEAR_PUBLICATION_CONFLICT: code<{ stated: number; statedWhere: string; derived: number; line: string; where: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '发布日期推定的年度（1—3 月发布的为上一年度）与标题或统计期限写明的年度不同；以写明的年度为准。',
    message: (p) =>
      `${p.statedWhere}写明 ${p.stated} 年，而发布日期（${p.where}“${p.line}”）对应 ${p.derived} 年度报告；已按写明的 ${p.stated} 年读取，请核对。`,
  }),
  REPORT_YEAR_UNREADABLE: code<{ text: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '“报告年度”填写的内容无法识别为年份。',
    message: (p) => `报告年度“${p.text}”不是年份（应填写如 2025），无法确认报告年度。`,
  }),
  REPORT_YEAR_UNSUPPORTED: code<{ year: number; earliest: number }>({
    severity: 'warning',
    stage: 'reading',
    describe: '报告年度早于最早的统计表格式（2019 年度），没有对应的格式。',
    message: (p) => `报告年度 ${p.year} 年早于现行统计表格式施行的 ${p.earliest} 年度，无法核对所用格式。`,
  }),
  FORMAT_FROM_YEAR: code<{ year: number; format: string; issuedBy: string }>({
    severity: 'info',
    stage: 'reading',
    describe: '表格标签不足以判断所用格式（如只有部分表格），已按报告年度确定格式。',
    message: (p) => `表格标签不足以判断所用格式，已按报告年度 ${p.year} 年采用 ${p.format} 版格式（${p.issuedBy}）读取。`,
  }),
  FORMAT_UNDETERMINED: code<{ assumed: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '表格标签不足以判断所用格式，文中也没有写明年度：暂按现行格式查找，请核对或指明年度。',
    message: (p) =>
      `无法确定所用统计表格式：表格标签不足以区分 2019 版与 2021 版，文中也未写明报告年度。已暂按 ${p.assumed} 版查找，请核对，或用 --year 指明年度。`,
  }),
  METADATA_FORMAT_MISMATCH: code<{ metadata: string; detected: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '模板隐藏信息所记的格式与表中标签不符，已按标签识别。',
    message: (p) => `模板元数据标明为 ${p.metadata} 版统计表，但表格标签是 ${p.detected} 版格式，已按 ${p.detected} 版读取。`,
  }),
  DATE_UNREADABLE: code<{ text: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '“填报日期”无法识别为日期（可写作 2026-01-20 或 2026年1月20日）。',
    message: (p) => `填报日期“${p.text}”无法识别为日期（可写作 2026-01-20 或 2026年1月20日）。`,
  }),
  UNIT_CONVERTED: code<CellParams & { text: string; wan: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '金额单元格带了“元”等单位，已换算为万元；请改为以万元填写的数字。',
    message: (p) => `${p.where}：“${p.text}”以元为单位，本栏单位为万元，已换算为 ${p.wan} 万元，请核对。`,
  }),
  MONEY_ROUNDED: code<CellParams & { text: string; used: string }>({
    severity: 'warning',
    stage: 'reading',
    describe:
      '金额超过 4 位小数（万元），已按四舍五入计为 4 位小数（官方精度）并计入合计；说明中给出填报值和采用值，汇总表分单位明细的该单元格有批注。',
    message: (p) => `${p.where}：金额“${p.text}”超过 4 位小数（单位：万元），已按四舍五入计为 ${p.used} 万元，请核对并保留不超过 4 位小数。`,
  }),
  UNIT_NAME_SUSPICIOUS: code<{ problem: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '单位名称异常（过长、像路径或像公式），请核对。',
    message: (p) => `单位名称${p.problem}，请核对“基本信息”中的单位名称。`,
  }),
  FILE_EXTENSION_MISMATCH: code<FileParams & { extension: string; actual: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '文件扩展名是 .xlsx，内容却是旧版 .xls 或 .ods，已转换读取；请另存为真正的 .xlsx。',
    message: (p) => `文件“${p.name}”的扩展名是 ${p.extension}，内容却是 .${p.actual} 格式，已自动转换后读取；${saveAsXlsx}。`,
  }),
  FORMULA_NOT_EVALUATED: code<{ count: number; example: string; inputs: number }>({
    severity: 'error',
    // only totals among them: they are recomputed from their items, so a warning
    severityOf: (p) => (p.inputs > 0 ? 'error' : 'warning'),
    stage: 'reading',
    describe:
      '文件中的公式没有保存计算结果，且无法由 nianbao 计算（只计算单元格引用、SUM 和加减）；每个文件只报一次。只涉及合计项时为警告（合计按分项重新计算），涉及填报项时为错误。用 Excel、WPS 或 LibreOffice 打开并保存即可。',
    message: (p) =>
      `${p.count} 个单元格的公式${p.example ? `（如 ${p.example}）` : ''}没有保存计算结果，nianbao 也无法计算；` +
      `${p.inputs > 0 ? `其中 ${p.inputs} 个是填报项，不参与计算和汇总` : '它们都是合计项，已按各分项重新计算'}。请用 Excel、WPS 或 LibreOffice 打开、保存后再提交。`,
  }),
  EXPLANATION_UNREADABLE: code<{ sheet: string; row: number; table?: string; tableText: string; itemText: string }>({
    severity: 'warning',
    stage: 'reading',
    describe: '“情况说明”中某行所选的表或行（项目）无法识别，这条说明未使用：请从下拉列表中选择。',
    message: (p) =>
      `“${p.sheet}”第 ${p.row} 行${p.table ? `所选的行（项目）“${p.itemText}”不是${p.table}的行` : `所选的表“${p.tableText}”无法识别`}，这条说明未使用：请从下拉列表中选择。`,
  }),
  EXPLAINED: code<{ explains: string; message: string; explanation: string }>({
    severity: 'info',
    stage: 'reading',
    describe:
      '单位在“情况说明”中说明了该警告（如规范性文件自然失效），警告记为“已说明”；说明内容见 explanation。错误不能以说明代替改正。',
    message: (p) => `已说明（原为警告 ${p.explains}）：${p.message} 单位说明：${p.explanation}`,
  }),
  EXPLANATION_UNUSED: code<{ sheet: string; item: string }>({
    severity: 'info',
    stage: 'reading',
    describe: '“情况说明”中的某条说明没有对应的警告（可能数据已改正），未使用。',
    message: (p) => `“${p.sheet}”中对${p.item}的说明没有对应的警告（可能数据已改正），未使用。`,
  }),
  TEXT_TABLE_MISMATCH: code<{ sentence: string; what: string; stated: number; where: string; inTable: number }>({
    severity: 'warning',
    stage: 'reading',
    describe: '报告正文写的数字（如“予以公开5件”）与统计表中的对应数字不一致：说明中引用了原句、指出单元格和两个数字，请核对。',
    message: (p) => `正文写“${p.sentence}”，即${p.what} ${p.stated} 件，而${p.where}为 ${p.inTable}，请核对正文与表格。`,
  }),
  TEMPLATE_LAYOUT_CHANGED: code<{ table: string }>({
    severity: 'info',
    stage: 'reading',
    describe: '表格不在模板原来的位置（插入或删除了行列、改了工作表名），已按标签找到数据。',
    message: (p) => `${p.table}不在模板原有位置（工作表被改名，或插入、删除了行列），已按表头和行标签查找数据。`,
  }),
  TEXT_NUMBER: code<CellParams & { text: string }>({
    severity: 'info',
    stage: 'reading',
    describe: '数字以文本形式保存，已按数字读取。',
    message: (p) => `${p.where}：“${p.text}”是以文本形式存储的数字，已按数字读取。`,
  }),
  UNIT_SUFFIX: code<CellParams & { text: string; unit: string; number: string }>({
    severity: 'info',
    stage: 'reading',
    describe: '数字后带有“件”“项”等单位，已按数字读取。',
    message: (p) => `${p.where}：“${p.text}”带有单位“${p.unit}”，已按数字 ${p.number} 读取。`,
  }),
  FULL_WIDTH_DIGITS: code<CellParams & { text: string }>({
    severity: 'info',
    stage: 'reading',
    describe: '使用了全角数字（如 １２），已按数字读取。',
    message: (p) => `${p.where}：全角数字“${p.text}”已按数字读取。`,
  }),

  // ── single cells ──
  NOT_A_NUMBER: code<CellParams & { kind: UnusableKind; text: string }>({
    severity: 'error',
    stage: 'value',
    rule: 'value-kind',
    describe: '数值单元格中是文字或错误值（如 #REF!），无法参与计算（没有保存结果的公式见 FORMULA_NOT_EVALUATED）',
    message: (p) =>
      ({
        text: `${p.where}应填写数字，实际为文字“${p.text}”，无法参与计算。`,
        error: `${p.where}为错误值“${p.text}”，无法参与计算，请检查该单元格的公式或改填数字。`,
        outOfRange: `${p.where}的数值“${p.text}”超出可精确计算的范围，请核实。`,
      })[p.kind],
  }),
  BLANK_INPUT: code<CellParams & { usedIn: string }>({
    severity: 'warning',
    stage: 'value',
    rule: 'blank',
    describe: '单元格为空白：无数据应填 0；仅在提示中列出的核对里按 0 计算',
    message: (p) =>
      p.usedIn
        ? `${p.where}为空白。无数据时应填 0；本次检查仅在${p.usedIn}的核对中将其按 0 计算，请补填。`
        : `${p.where}为空白。无数据时应填 0，请补填（该格不参与合计核对）。`,
  }),
  NOT_APPLICABLE_MARK: code<CellParams & { mark: string; usedIn: string }>({
    severity: 'warning',
    stage: 'value',
    rule: 'not-applicable',
    describe: '单元格填写了“—”“-”“/”“无”等标记：应填 0；仅在提示中列出的核对里按 0 计算',
    message: (p) =>
      `${p.where}填写了“${p.mark}”。统计表中无数据应填 0；本次检查${p.usedIn ? `仅在${p.usedIn}的核对中将其按 0 计算` : '未将其用于任何合计核对'}，请改填数字。`,
  }),
  DOMAIN_NEGATIVE: code<CellParams & { text: string; what: '金额' | '数量' }>({
    severity: 'error',
    stage: 'value',
    rule: 'domain',
    describe: '数量和金额不能为负数',
    message: (p) => `${p.where}为负数“${p.text}”，此处${p.what}不能为负。`,
  }),
  DOMAIN_FRACTION: code<CellParams & { text: string }>({
    severity: 'error',
    stage: 'value',
    rule: 'domain',
    describe: '数量必须是整数',
    message: (p) => `${p.where}为小数“${p.text}”，此处应填写整数。`,
  }),
  DOMAIN_MONEY_PRECISION: code<CellParams & { text: string }>({
    severity: 'error',
    stage: 'value',
    rule: 'domain',
    describe: '金额（单位：万元）最多保留 4 位小数，按万分之一万元精确计算',
    message: (p) => `${p.where}金额“${p.text}”超过 4 位小数（单位：万元），无法精确计算，请保留不超过 4 位小数。`,
  }),

  // ── sums and balances of the definition (one code per rule id of the formats) ──
  RESULTS_TOTAL: code<TotalParams>({
    severity: 'error',
    stage: 'relation',
    rule: 'results-total',
    describe: '表三每一列：（七）总计 = （一）至（六）各分项之和',
    message: totalMessage,
  }),
  ROW_TOTAL: code<TotalParams>({
    severity: 'error',
    stage: 'relation',
    rule: 'row-total',
    describe: '表三每一行：总计 = 各类申请人之和',
    message: totalMessage,
  }),
  REVIEW_TOTAL: code<TotalParams>({
    severity: 'error',
    stage: 'relation',
    rule: 'review-total',
    describe: '表四：行政复议、行政诉讼各部分的总计 = 各结果之和',
    message: totalMessage,
  }),
  BALANCE: code<BalanceParams>({
    severity: 'error',
    stage: 'relation',
    rule: 'balance',
    describe: '表三每一列：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理',
    message: (p) =>
      `${p.where}不满足勾稽关系：${p.left} = ${p.leftSum}，应等于 ${p.right} = ${p.rightSum}，相差 ${p.difference}${p.zeroNote}。`,
  }),
  TYPED_OVER_TOTAL: code<TotalParams>({
    severity: 'error',
    stage: 'relation',
    rule: 'typed-over-total',
    describe:
      '用本工具模板填报的文件中，合计单元格的公式被改成手填数字且与各项之和不符（在该合计单元格报告一次，说明填报数、计算数和差额）',
    message: (p) =>
      `${p.where}本应由公式计算，现为手填数字 ${p.stated}，与按${p.basis}计算的 ${p.computed}（${p.items}）不符，相差 ${p.difference}${p.zeroNote}。请恢复公式或改正数字。`,
  }),
  NOT_ASSESSABLE: code<{ table: string; along: string; what: string; count: number; example: string }>({
    severity: 'info',
    stage: 'relation',
    rule: 'not-assessable',
    describe: '某项合计或勾稽关系因所用单元格无法读取（文字、错误值、未找到）而未核对，不视为通过',
    message: (p) =>
      `${p.table}${p.along}无法核对${p.what}：${p.count > 1 ? `${p.count} 处数值不可用，如` : ''}${p.example}。该项核对未进行，不视为通过。`,
  }),

  // ── last year's report ──
  CARRY_OVER: code<CrossYearParams>({
    severity: 'error',
    stage: 'crossYear',
    rule: 'carry-over',
    describe: '本年“二、上年结转”应等于上年“四、结转下年度继续办理”（每一列）',
    message: crossYearMessage,
  }),
  IN_FORCE: code<CrossYearParams>({
    severity: 'warning',
    stage: 'crossYear',
    rule: 'in-force',
    describe: '表二规章、规范性文件：本年现行有效件数 = 上年现行有效件数 + 本年新制发 − 本年废止',
    message: (p) => crossYearMessage(p) + softNote,
  }),
  ITEMS_2019: code<CrossYearParams>({
    severity: 'warning',
    stage: 'crossYear',
    rule: 'items-2019',
    describe: '2019 版表二：本年项目数量 = 上年项目数量 + 本年增/减',
    message: (p) => crossYearMessage(p) + softNote,
  }),
  CROSS_YEAR_NOT_ASSESSABLE: code<{ why: string; rule: string }>({
    severity: 'info',
    stage: 'crossYear',
    rule: 'cross-year',
    describe: '未提供上年报告（或上年报告不可比），跨年度核对未进行，不视为通过',
    message: (p) => `${p.why}，无法核对：${p.rule}。该项未核对，不视为通过。`,
  }),
  UNIT_MISMATCH_PREVIOUS: code<{ previousFile: string; previousUnit: string; unit: string }>({
    severity: 'warning',
    stage: 'crossYear',
    rule: 'previous-unit',
    describe: '提供的上年报告属于其他单位，不与其比较',
    message: (p) => `上年报告 ${p.previousFile} 属于“${p.previousUnit}”，与本报告的“${p.unit}”不是同一单位，未与其比较跨年度数据。`,
  }),
  PREVIOUS_YEAR_MISMATCH: code<{ previousFile: string; previousYear: number; year: number }>({
    severity: 'warning',
    stage: 'crossYear',
    rule: 'previous-year',
    describe: '提供的上年报告不是本报告年度的上一年，不与其比较',
    message: (p) =>
      `上年报告 ${p.previousFile} 的报告年度为 ${p.previousYear} 年，不是本报告（${p.year} 年）的上一年，未与其比较跨年度数据。`,
  }),
  YEAR_JUMP: code<CellParams & { now: string; before: string; factor: number }>({
    severity: 'warning',
    stage: 'crossYear',
    rule: 'year-jump',
    describe: `某项数值超过 ${yearJump.floor} 且超过上年同项的 ${yearJump.factor} 倍，请核实是否填错`,
    message: (p) => `${p.where}本年为 ${p.now}，上年为 ${p.before}，超过上年的 ${p.factor} 倍，请核实是否填错（例如多填了一位数或单位不对）。`,
  }),

  // ── the report as a whole ──
  FORMAT_YEAR_MISMATCH: code<{ year: number; expected: string; expectedIssuedBy: string; actual: string; actualIssuedBy: string }>({
    severity: 'warning',
    stage: 'report',
    rule: 'format-year',
    describe: '统计表的格式与报告年度不符（每种格式只适用于它施行的年度）',
    message: (p) =>
      `${p.year} 年度的报告应使用 ${p.expected} 年版统计表（${p.expectedIssuedBy}），本文件却是 ${p.actual} 年版（${p.actualIssuedBy}）。` +
      `已按 ${p.actual} 年版读取和检查，请改用正确格式的模板重新填报。`,
  }),
  BASIC_INFO_INCOMPLETE: code<{ missing: string }>({
    severity: 'warning',
    stage: 'report',
    rule: 'basic-info',
    describe: '基本信息不完整（单位名称、报告年度；模板文件还需填报人、联系电话、填报日期）',
    message: (p) => `基本信息不完整：缺少${p.missing}，请补填。`,
  }),

  // ── submissions and sums ──
  SUBMISSION_MISSING: code<{ unit: string; code?: string }>({
    severity: 'warning',
    stage: 'submission',
    describe: '名单内单位没有报送文件。',
    message: (p) => `名单内单位“${p.unit}”${p.code ? `（${p.code}）` : ''}没有报送文件。`,
  }),
  DUPLICATE_SUBMISSION: code<{ unit: string; count: number; chosen: string; reason: string }>({
    severity: 'warning',
    stage: 'submission',
    describe: '同一单位报送了多份文件：都已列出，合计只计一份（说明中写明用了哪一份、为什么）。',
    message: (p) => `单位“${p.unit}”报送了 ${p.count} 个文件；汇总只计一次，采用 ${p.chosen}，因为${p.reason}。`,
  }),
  SUBMITTED_LATE: code<{ file: string; unit: string; filled: string; deadline: string; byOption: boolean }>({
    severity: 'warning',
    stage: 'submission',
    describe: '填报日期晚于报送期限（默认次年 1 月 31 日，可用 --deadline 指定）。',
    message: (p) => `文件 ${p.file}（${p.unit}）的填报日期 ${p.filled} 晚于报送截止日期 ${p.deadline}${p.byOption ? '（--deadline）' : ''}。`,
  }),
  UNIT_NOT_IN_ROSTER: code<{ file: string; unit: string }>({
    severity: 'warning',
    stage: 'submission',
    describe: '报送的单位不在名单中（已计入合计，请核对名单或单位名称）。',
    message: (p) => `文件 ${p.file} 的单位“${p.unit}”不在报送名单中（按统一社会信用代码、单位名称和文件名均未匹配）；已计入汇总，请核实名单。`,
  }),
  FILE_NAME_OTHER_UNIT: code<{ file: string; unit: string; named: string }>({
    severity: 'warning',
    stage: 'submission',
    describe: '文件名是名单中另一个单位的名称，表中填写的却是这个单位（常见于借用别的单位的表格后忘了改基本信息）：已按表中内容计入，请核对。',
    message: (p) =>
      `文件“${p.file}”看文件名是“${p.named}”的，表中填写的单位却是“${p.unit}”，已按表中内容计为“${p.unit}”；如果是借用了别的单位的表格而忘了改基本信息，请让“${p.named}”改正后重新报送。`,
  }),
  SUMMARY_AMONG_UNITS: code<{ file: string; unit: string }>({
    severity: 'error',
    stage: 'submission',
    describe:
      '报送文件中混有一份汇总表（nianbao 生成的汇总，或带有“分单位明细”“报送情况”工作表）：它不计入合计（否则各单位会被重复计算），在报送情况中列出；请把它移出报送文件夹。全部输入都是汇总表时（市级汇总各县汇总）照常汇总。',
    message: (p) =>
      `文件 ${p.file} 是一份汇总表（${p.unit}），不是单位报送的统计表，已排除、未计入合计；如是上次汇总留下的文件，请把它移出报送文件夹。`,
  }),
  FORMAT_MISMATCH_IN_SUMMARY: code<{ file: string; unit: string; used: string; year: number; expected: string }>({
    severity: 'error',
    stage: 'submission',
    describe: '单位所用表格格式与汇总年度的格式不同（如 2025 年度交了 2019 版表格）：不计入合计，请按本年度模板重新填报。',
    message: (p) =>
      `文件 ${p.file}（${p.unit}）使用的是 ${p.used} 版统计表，本次 ${p.year} 年度汇总使用 ${p.expected} 版，该单位未计入汇总合计；请该单位按 ${p.expected} 版模板重新填报。`,
  }),
  REPORT_YEAR_MISMATCH_IN_SUMMARY: code<{ file: string; unit: string; stated: number; year: number }>({
    severity: 'error',
    stage: 'submission',
    describe: '单位报送的是其他年度的报告。',
    message: (p) => `文件 ${p.file}（${p.unit}）填报的是 ${p.stated} 年度，本次汇总的是 ${p.year} 年度；请核实是否报错了文件。`,
  }),
  SUM_INCOMPLETE: code<{ item: string; units: readonly string[] }>({
    severity: 'warning',
    stage: 'submission',
    describe: '汇总表某项合计不完整：有单位该项不是可汇总的数字，未计入；逐个单位的原因（文字、错误值、无法计算的公式、未找到、小数件数等）见 details。',
    message: (p) =>
      `汇总数“${p.item}”不完整：${p.units.length} 个单位（${p.units.slice(0, 3).join('、')}${p.units.length > 3 ? ' 等' : ''}）该项不是可汇总的数字，未计入合计。`,
  }),
} as const satisfies Record<string, CodeDef<never>>;

export type FindingCode = keyof typeof findingCodes;
export type ParamsOf<C extends FindingCode> = Parameters<(typeof findingCodes)[C]['message']>[0];
export const findingCodeList = Object.keys(findingCodes) as FindingCode[];

/** Why a whole file could not be read: the codes of stage `file` (a test holds the two lists equal). */
export const fileFailureCodes = [
  'FILE_NOT_FOUND',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'NOT_A_WORKBOOK',
  'ZIP_CORRUPT',
  'ZIP_BOMB',
  'ENCRYPTED',
  'LEGACY_XLS_NO_CONVERTER',
  'ODS_NO_CONVERTER',
  'CONVERT_FAILED',
  'NOT_A_DOCUMENT',
  'DOC_NO_CONVERTER',
  'PDF_NO_TEXT_LAYER',
  'PDF_UNREADABLE',
  'NO_WORKSHEETS',
  'SHEET_TOO_LARGE',
  'READ_FAILED',
  'UNSUPPORTED_FILE_TYPE',
  'ARCHIVE_NOT_OPENED',
  'HTML_TOO_LARGE',
  'HTML_TABLE_TOO_LARGE',
  'NOT_A_REPORT',
  'TIMEOUT',
  'OWN_FEEDBACK_FILE',
  'WORKER_CRASHED',
] as const satisfies readonly FindingCode[];
export type FileFailureCode = (typeof fileFailureCodes)[number];
/** How a cell was read when it was more than a plain number. */
export const readingNoteCodes = ['TEXT_NUMBER', 'UNIT_SUFFIX', 'UNIT_CONVERTED', 'FULL_WIDTH_DIGITS', 'MONEY_ROUNDED'] as const satisfies readonly FindingCode[];
export type ReadingNoteCode = (typeof readingNoteCodes)[number];

/** The code of each rule id of the format definitions. */
export const ruleCodes: Record<RelationRuleId | CrossYearRuleId, FindingCode> = {
  'results-total': 'RESULTS_TOTAL',
  'row-total': 'ROW_TOTAL',
  'review-total': 'REVIEW_TOTAL',
  balance: 'BALANCE',
  'carry-over': 'CARRY_OVER',
  'in-force': 'IN_FORCE',
  'items-2019': 'ITEMS_2019',
};

/** The message of a code, from its parameters (for failures that are not yet findings). */
export function messageOf<C extends FindingCode>(code: C, params: ParamsOf<C>): string {
  // the compiler refuses an unregistered code; this is for callers from plain JavaScript and casts
  if (!Object.hasOwn(findingCodes, code)) throw new Error(`finding code ${String(code)} is not in the registry (src/findings/codes.ts)`);
  return (findingCodes[code].message as (p: ParamsOf<C>) => string)(params);
}
