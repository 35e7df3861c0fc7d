/**
 * Finding codes that do not come from a rule of a format definition: what reading a file, matching submissions and
 * summing can report. With the rule catalogue (src/check/catalogue.ts) this is the full list a clerk can look a code
 * up in (`nianbao rules`); a test holds every code the code base emits to being listed in one or the other.
 */
import type { Severity } from './finding.js';

export interface CodeEntry {
  code: string;
  severity: Severity;
  /** where it arises */
  stage: 'file' | 'reading' | 'submission';
  /** what it means and what to do, in Chinese */
  description: string;
}

export const stageLabels: Record<CodeEntry['stage'], string> = {
  file: '文件无法读取（整份文件未能读入）',
  reading: '读取表格时发现的问题',
  submission: '汇总和报送情况',
};

export const nonRuleCodes: readonly CodeEntry[] = [
  // files that cannot be read at all: one error each, the batch goes on
  { code: 'FILE_NOT_FOUND', severity: 'error', stage: 'file', description: '文件不存在或无法打开。' },
  { code: 'FILE_EMPTY', severity: 'error', stage: 'file', description: '文件是 0 字节的空文件：请重新导出或重新提交。' },
  { code: 'FILE_TOO_LARGE', severity: 'error', stage: 'file', description: '文件超过大小上限（默认 20 MB），不像一份统计表，未读取。' },
  { code: 'NOT_A_WORKBOOK', severity: 'error', stage: 'file', description: '文件内容不是 Excel 工作簿（可能只是改了扩展名）。' },
  { code: 'ZIP_CORRUPT', severity: 'error', stage: 'file', description: '工作簿已损坏、无法解压（常见于下载或拷贝不完整）：请重新导出或重新提交。' },
  { code: 'ZIP_BOMB', severity: 'error', stage: 'file', description: '工作簿声明的解压后大小远超正常统计表，为安全起见未解压。' },
  { code: 'ENCRYPTED', severity: 'error', stage: 'file', description: '工作簿设置了打开密码：请取消密码后重新提交。' },
  { code: 'LEGACY_XLS_NO_CONVERTER', severity: 'error', stage: 'file', description: '旧版 Excel 97-2003（.xls）或 WPS（.et）文件，本机没有 LibreOffice 无法转换：请另存为 Excel 工作簿（*.xlsx）。' },
  { code: 'ODS_NO_CONVERTER', severity: 'error', stage: 'file', description: 'OpenDocument（.ods）文件，本机没有 LibreOffice 无法转换：请另存为 Excel 工作簿（*.xlsx）。' },
  { code: 'CONVERT_FAILED', severity: 'error', stage: 'file', description: 'LibreOffice 转换旧格式文件失败（文件可能已损坏）：请另存为 .xlsx 后提交。' },
  { code: 'NO_WORKSHEETS', severity: 'error', stage: 'file', description: '工作簿中没有任何工作表。' },
  { code: 'SHEET_TOO_LARGE', severity: 'error', stage: 'file', description: '工作表的行数或单元格数超过上限，不像一份统计表，未读取。' },
  { code: 'READ_FAILED', severity: 'error', stage: 'file', description: '读取文件时出错（原因见说明）。' },
  { code: 'UNSUPPORTED_FILE_TYPE', severity: 'error', stage: 'file', description: '不支持的文件类型：请提供 .xlsx 工作簿、.html 网页、.txt 文本、.docx/.doc/.wps 文档、PDF 或 nianbao 导出的 .json。' },
  { code: 'HTML_TOO_LARGE', severity: 'error', stage: 'file', description: '网页文件过大，未读取。' },
  { code: 'HTML_TABLE_TOO_LARGE', severity: 'error', stage: 'file', description: '网页中的表格行列数超过上限，未读取。' },
  { code: 'NOT_A_DOCUMENT', severity: 'error', stage: 'file', description: '扩展名是 .docx，内容却不是 Word 文档。' },
  { code: 'DOC_NO_CONVERTER', severity: 'error', stage: 'file', description: '旧版 Word（.doc）或 WPS 文字（.wps）文档，本机没有 LibreOffice Writer 无法转换：请另存为 .docx。' },
  { code: 'PDF_NO_TEXT_LAYER', severity: 'error', stage: 'file', description: 'PDF 没有文字层（扫描件或图片），其中的数字无法读取：请提供 Word、网页或文字版本。' },
  { code: 'PDF_UNREADABLE', severity: 'error', stage: 'file', description: 'PDF 已损坏、设置了密码，或扩展名是 .pdf 而内容不是 PDF。' },
  { code: 'NOT_A_REPORT', severity: 'error', stage: 'file', description: 'JSON 文件不是 nianbao 导出的报告数据。' },
  { code: 'TIMEOUT', severity: 'error', stage: 'file', description: '读取该文件超过时间上限，已跳过（文件可能过大或已损坏）。' },
  { code: 'OWN_FEEDBACK_FILE', severity: 'info', stage: 'file', description: '这是 nianbao 生成的审核意见副本（单位尚未修改）或审核情况表，不是报送材料：检查和汇总时跳过。' },
  { code: 'WORKER_CRASHED', severity: 'error', stage: 'file', description: '读取该文件时处理进程异常退出，已跳过（文件可能过大或已损坏）。' },
  // reading the tables
  { code: 'TABLE_NOT_FOUND', severity: 'error', stage: 'reading', description: '找不到某张统计表（按表头和行标签都找不到）：请确认三张表都在工作簿或报告中。' },
  { code: 'ROW_NOT_FOUND', severity: 'error', stage: 'reading', description: '找到了表，但缺少某一行（如报告被截断）：该行的数不计入任何核对，也不会被当作 0。' },
  { code: 'COLUMN_NOT_FOUND', severity: 'error', stage: 'reading', description: '找到了表，但缺少某一列：该列的数不计入任何核对。' },
  { code: 'VALUE_COUNT_MISMATCH', severity: 'error', stage: 'reading', description: '文本报告中某行的数值个数与表的列数不符，无法确定各数值属于哪一列，不作猜测：请核对原文。' },
  { code: 'ROW_POSITIONS_AMBIGUOUS', severity: 'error', stage: 'reading', description: '文本报告中某行有空栏，但栏数与表的列数对不上（空栏可能被合并或省略），无法确定各数值属于哪一列，该行不读取、不作猜测：请核对原文。' },
  { code: 'TEXT_TABLE_MISMATCH', severity: 'warning', stage: 'reading', description: '报告正文写的数字（如“予以公开5件”）与统计表中的对应数字不一致：说明中引用了原句、指出单元格和两个数字，请核对。' },
  { code: 'REPORT_YEAR_MISMATCH', severity: 'warning', stage: 'reading', description: '文件中写明的报告年度与要求的年度不同。' },
  { code: 'REPORT_YEAR_CONFLICT', severity: 'warning', stage: 'reading', description: '报告中不同位置写的年度互相矛盾（如标题与统计期限）。' },
  { code: 'REPORT_YEAR_UNREADABLE', severity: 'warning', stage: 'reading', description: '“报告年度”填写的内容无法识别为年份。' },
  { code: 'REPORT_YEAR_UNSUPPORTED', severity: 'warning', stage: 'reading', description: '报告年度早于 2019 年，没有对应的统计表格式。' },
  { code: 'FORMAT_FROM_YEAR', severity: 'info', stage: 'reading', description: '表格标签不足以判断所用格式（如只有部分表格），已按报告年度确定格式。' },
  { code: 'FORMAT_UNDETERMINED', severity: 'warning', stage: 'reading', description: '表格标签不足以判断所用格式，文中也没有写明年度：暂按现行格式查找，请核对或指明年度。' },
  { code: 'METADATA_FORMAT_MISMATCH', severity: 'warning', stage: 'reading', description: '模板隐藏信息所记的格式与表中标签不符，已按标签识别。' },
  { code: 'DATE_UNREADABLE', severity: 'warning', stage: 'reading', description: '“填报日期”无法识别为日期（可写作 2026-01-20 或 2026年1月20日）。' },
  { code: 'UNIT_CONVERTED', severity: 'warning', stage: 'reading', description: '金额单元格带了“元”等单位，已换算为万元；请改为以万元填写的数字。' },
  { code: 'MONEY_ROUNDED', severity: 'warning', stage: 'reading', description: '金额超过 4 位小数（万元），已按四舍五入计为 4 位小数（官方精度）并计入合计；说明中给出填报值和采用值，汇总表分单位明细的该单元格有批注。' },
  { code: 'UNIT_NAME_SUSPICIOUS', severity: 'warning', stage: 'reading', description: '单位名称异常（过长、像路径或像公式），请核对。' },
  { code: 'FILE_EXTENSION_MISMATCH', severity: 'warning', stage: 'reading', description: '文件扩展名是 .xlsx，内容却是旧版 .xls 或 .ods，已转换读取；请另存为真正的 .xlsx。' },
  { code: 'FORMULA_NOT_EVALUATED', severity: 'error', stage: 'reading', description: '文件中的公式没有保存计算结果，且无法由 nianbao 计算（只计算单元格引用、SUM 和加减）；每个文件只报一次。只涉及合计项时为警告（合计按分项重新计算），涉及填报项时为错误。用 Excel、WPS 或 LibreOffice 打开并保存即可。' },
  { code: 'EXPLANATION_UNREADABLE', severity: 'warning', stage: 'reading', description: '“情况说明”中某行所选的表或行（项目）无法识别，这条说明未使用：请从下拉列表中选择。' },
  { code: 'EXPLAINED', severity: 'info', stage: 'reading', description: '单位在“情况说明”中说明了该警告（如规范性文件自然失效），警告记为“已说明”；说明内容见 explanation。错误不能以说明代替改正。' },
  { code: 'EXPLANATION_UNUSED', severity: 'info', stage: 'reading', description: '“情况说明”中的某条说明没有对应的警告（可能数据已改正），未使用。' },
  { code: 'TEMPLATE_LAYOUT_CHANGED', severity: 'info', stage: 'reading', description: '表格不在模板原来的位置（插入或删除了行列、改了工作表名），已按标签找到数据。' },
  { code: 'TEXT_NUMBER', severity: 'info', stage: 'reading', description: '数字以文本形式保存，已按数字读取。' },
  { code: 'UNIT_SUFFIX', severity: 'info', stage: 'reading', description: '数字后带有“件”“项”等单位，已按数字读取。' },
  { code: 'FULL_WIDTH_DIGITS', severity: 'info', stage: 'reading', description: '使用了全角数字（如 １２），已按数字读取。' },
  // submissions and sums
  { code: 'SUBMISSION_MISSING', severity: 'warning', stage: 'submission', description: '名单内单位没有报送文件。' },
  { code: 'DUPLICATE_SUBMISSION', severity: 'warning', stage: 'submission', description: '同一单位报送了多份文件：都已列出，合计只计一份（说明中写明用了哪一份、为什么）。' },
  { code: 'SUBMITTED_LATE', severity: 'warning', stage: 'submission', description: '填报日期晚于次年 1 月 31 日的报送期限。' },
  { code: 'UNIT_NOT_IN_ROSTER', severity: 'warning', stage: 'submission', description: '报送的单位不在名单中（已计入合计，请核对名单或单位名称）。' },
  { code: 'SUMMARY_AMONG_UNITS', severity: 'error', stage: 'submission', description: '报送文件中混有一份汇总表（nianbao 生成的汇总，或带有“分单位明细”“报送情况”工作表）：它不计入合计（否则各单位会被重复计算），在报送情况中列出；请把它移出报送文件夹。全部输入都是汇总表时（市级汇总各县汇总）照常汇总。' },
  { code: 'FORMAT_MISMATCH_IN_SUMMARY', severity: 'error', stage: 'submission', description: '单位所用表格格式与汇总年度的格式不同（如 2025 年度交了 2019 版表格）：不计入合计，请按本年度模板重新填报。' },
  { code: 'REPORT_YEAR_MISMATCH_IN_SUMMARY', severity: 'error', stage: 'submission', description: '单位报送的是其他年度的报告。' },
  { code: 'SUM_INCOMPLETE', severity: 'warning', stage: 'submission', description: '汇总表某项合计不完整：有单位该项不是可汇总的数字，未计入；说明中逐个单位写明原因（文字、错误值、无法计算的公式、未找到、小数件数等）。' },
];
