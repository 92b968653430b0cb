import Foundation

/// The language of what people read: diagnostics, errors and summaries. Machine-readable
/// output (`--format json`, `--report`, datasets) stays in English with stable keys; rule ids
/// and field keys never change.
public enum MessageLanguage: String, Sendable {
    case en, zh

    /// Chosen once at start-up (`--lang`, else the locale) and read when printing.
    nonisolated(unsafe) public static var current: MessageLanguage = .en

    /// `--lang` when given, else Chinese when `LC_ALL`, `LC_MESSAGES` or `LANG` names a Chinese
    /// locale (`zh_CN.UTF-8`), else English.
    public static func detect(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> MessageLanguage {
        if let f = flag?.lowercased() { return f.hasPrefix("zh") ? .zh : .en }
        for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let l = environment[v], !l.isEmpty { return l.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }
}

/// The one message catalogue: every line gdconv prints for people has its English form in
/// the code (as gettext keeps its msgids) and its Chinese form here, matched by pattern.
/// `{}` captures a value (a file, a number, a label) copied as is; `{m}` captures a message that
/// is itself translated (an error inside an error). A line no entry matches is printed in
/// English; `GDCONV_MESSAGES_STRICT=1` marks it, which the catalogue test uses to find gaps.
public enum MessageCatalogue {
    /// (English pattern, Chinese), most specific first.
    static let entries: [(String, String)] = helpEntries + messageEntries

    /// Warnings, rules, errors and summaries.
    static let messageEntries: [(String, String)] = [
        // Reader warnings and notes.
        ("read as {}", "按 {1} 读取"),
        ("the report is {}; {} line(s) or table(s) of site chrome around it were left out", "报告正文位于 {1}；其周围 {2} 行或表格的网站框架内容已略去"),
        ("{}: {} of {} values cut from digits run together with no separator; each is the only cut the template's identities leave", "{1}：从无分隔的连写数字中切分出 {2}/{3} 个数值；每个都是模板勾稽关系允许的唯一切分"),
        ("the tables' digits run together with no separator and no template's rows could be found in them; kept as prose", "表格数字连写无分隔，且找不到任何模板的行；按正文保留"),
        ("{} as published does not add up ({} {}): only cells a row's own digits decide were bound", "{1} 原文勾稽不平（{2} {3}）：只采用由本行数字即可确定的单元格"),
        ("{}: no way to cut its rows makes the table add up, so it was published inconsistent; only cells a row's own digits decide were bound", "{1}：任何切分都无法使表格平衡，原文不一致；只采用由本行数字即可确定的单元格"),
        ("{}: too many ways to cut its rows ({}) to solve the table as a whole; only cells a row decides on its own were bound", "{1}：行的切分方式过多（{2} 种），无法整表求解；只采用由本行即可确定的单元格"),
        ("{}: too many ways to cut it into {} cells; not bound", "{1}：切分为 {2} 格的方式过多；未采用"),
        ("{}: no cut into {} cells fits the row; not bound", "{1}：没有符合本行的 {2} 格切分；未采用"),
        ("{}: {}; the cells these differ in are not bound", "{1}：{2}；各切分不一致的单元格未采用"),
        ("row {} appears again; the first one is kept", "行 {1} 重复出现；保留第一次"),
        ("value {} disagrees with text \"{}\"; the text is what counts (edit text to change a value)", "数值 {1} 与文本“{2}”不一致；以文本为准（改数值请改 text）"),
        ("table {}: no values found; its fields are absent", "表 {1}：未找到数值；其各项缺失"),
        ("row {} has a label but no values; its fields are absent", "行 {1} 只有标签没有数值；其各项缺失"),
        ("the document has no table; if the report's tables are pictures, they cannot be read from it", "文档中没有表格；如报告表格为图片，则无法从中读取"),
        ("the page has no table; if the report's tables are images or a linked PDF, they cannot be read from it", "网页中没有表格；如报告表格为图片或链接的 PDF，则无法从中读取"),
        ("values without a row label; assigned to {} by position", "数值缺少行标签；按位置归入 {1}"),
        ("row {}: {} values for {} columns ({}): {} readings add up to the total; the cells they agree on are kept, the others left absent", "行 {1}：{2} 个数值对应 {3} 列（{4}）：有 {5} 种读法与合计相符；保留各读法一致的单元格，其余作缺失"),
        ("row {}: {} values for {} columns and no reading adds up to the row total; none is bound: {}", "行 {1}：{2} 个数值对应 {3} 列，且没有读法与本行合计相符；均未采用：{4}"),
        ("row {}: {} value(s) for {} columns ({}); which one is missing cannot be told, so none is bound: {}", "行 {1}：{2} 个数值对应 {3} 列（{4}）；无法判断缺哪一个，均未采用：{5}"),
        ("row {}: {} values for {} columns ({}): {}", "行 {1}：{2} 个数值对应 {3} 列（{4}）：{5}"),
        ("row {}: {} value(s), expected {}; the rest are absent", "行 {1}：{2} 个数值，应为 {3} 个；其余缺失"),
        ("row {}: extra value '{}' beyond the {} the template has", "行 {1}：多出数值“{2}”，超出模板的 {3} 列"),
        ("复议诉讼: {} value(s), expected {}; the rest are absent", "复议诉讼：{1} 个数值，应为 {2} 个；其余缺失"),
        ("复议诉讼: {} value(s), expected {}; extra values kept as written", "复议诉讼：{1} 个数值，应为 {2} 个；多出的数值按原文保留"),
        ("a report on {} follows the form before the 2019 template: its tables are kept as written and no field is bound", "{1} 年度的报告采用 2019 年模板之前的格式：表格按原文保留，不对应任何字段"),
        ("column header {} does not belong to the {} row {}; values read in template order", "列标题 {1} 不属于 {2} 模板的行 {3}；按模板列顺序读取"),
        ("labels of both templates found (2019: {}, 2021: {}); read as {}", "同时出现两版模板的标签（2019：{1}，2021：{2}）；按 {3} 读取"),
        ("row '{}' belongs to the {} template, not {}; kept as written", "行“{1}”属于 {2} 模板而非 {3}；按原文保留"),
        ("table {}: {} row(s) missing ({})", "表 {1}：缺少 {2} 行（{3}）"),
        ("row not recognised, kept as written: {}", "未识别的行，按原文保留：{1}"),
        ("a table of {} row(s) is no standard table; kept as written", "一个 {1} 行的表格不是标准表格；按原文保留"),
        ("the hidden model sheet could not be read ({m}); reading the form sheets only", "无法读取隐藏的模型工作表（{1}）；只读取表单工作表"),
        ("the text looks like mojibake (UTF-8 once read as GBK: {} characters such as 鈥 鏈 鍙); the source file may be damaged", "文本疑似乱码（UTF-8 曾被当作 GBK 读取：{1} 个如“鈥 鏈 鍙”的字符）；源文件可能已损坏"),
        ("{} zero-width character(s) or stray BOM(s) in the text; labels are matched without them", "文本中有 {1} 个零宽字符或多余的 BOM；匹配标签时已忽略"),
        ("{} more like this (at {})", "另有 {1} 条同类（位于 {2}）"),
        ("{} more like this", "另有 {1} 条同类"),
        ("… and {} more like these, not shown", "……另有 {1} 条同类，未显示"),
        // Check rules.
        ("no standard table of either template was found", "未找到任何模板的标准表格"),
        ("table {} is missing", "缺少表 {1}"),
        ("table {} is present", "表 {1} 存在"),
        ("table {}: every row is present", "表 {1}：各行齐全"),
        ("table {}: {} row(s) missing ({}): the report is cut off, or these could not be read in its layout", "表 {1}：缺少 {2} 行（{3}）：报告不完整，或这些行在其版式中无法读取"),
        ("table {}: {} cell(s) missing: the report is cut off, or these could not be read in its layout", "表 {1}：缺少 {2} 个单元格：报告不完整，或这些单元格在其版式中无法读取"),
        ("table {}: {} row(s) missing ({}): their digits run together and could not be cut with certainty", "表 {1}：缺少 {2} 行（{3}）：其数字连写，无法确定切分"),
        ("table {}: {} cell(s) missing: their digits run together and could not be cut with certainty", "表 {1}：缺少 {2} 个单元格：其数字连写，无法确定切分"),
        ("{} row(s) of the standard tables were not recognised and were kept as written", "标准表格中有 {1} 行未能识别，已按原文保留"),
        ("every row of the standard tables was recognised", "标准表格各行均已识别"),
        ("the report year is unknown", "报告年度未知"),
        ("the {} template fits a {} report", "{1} 模板适用于 {2} 年度的报告"),
        ("a {} report uses the {} template (2019: reports on 2019–2020; 2021: from 2021)", "{1} 年度的报告使用了 {2} 模板（2019 版：2019–2020 年度；2021 版：2021 年度起）"),
        ("{}: '{}': an amount cannot be negative", "{1}：“{2}”：金额不能为负"),
        ("{}: '{}': must be a whole number", "{1}：“{2}”：必须是整数"),
        ("{}: '{}': a count must be a non-negative whole number", "{1}：“{2}”：数量必须是非负整数"),
        ("{}: '{}' is not a number", "{1}：“{2}”不是数字"),
        ("{} numeric cell(s) hold what their fields allow", "{1} 个数值单元格符合字段要求"),
        ("{}: not assessable ({})", "{1}：无法判断（{2}）"),
        ("{}: {}, but {} (off by {})", "{1}：{2}，但 {3}（相差 {4}）"),
        ("the prose says \"{}\" but 一 总计 is not a number", "正文称“{1}”，但一、总计不是数字"),
        ("the prose \"{}\" agrees with table 2", "正文“{1}”与表 2 一致"),
        ("the prose says \"{}\" ({}) but table 2 has 一 总计 {} (with 二: {})", "正文称“{1}”（{2}），但表 2 一、总计为 {3}（含二：{4}）"),
        ("the prose says \"{}\" ({}) but table 2 has 一 总计 {}", "正文称“{1}”（{2}），但表 2 一、总计为 {3}"),
        ("the prose says \"{}\" ({}) but table 2 has 四 总计 {}", "正文称“{1}”（{2}），但表 2 四、总计为 {3}"),
        ("{}: {} 二、上年结转 {} vs {} ({}) 四、结转下年度继续办理 {}", "{1}：{2} 年二、上年结转 {3}，{4} 年（{5}）四、结转下年度继续办理 {6}"),
        // Hints.
        ("{} '{}' and {} '{}' may be one number {} split in two", "{1}“{2}”与{3}“{4}”可能是被拆成两格的一个数 {5}"),
        ("the cell '{}' at {} looks spurious: without it the rest of the row, shifted one column left, adds up", "{2} 处的“{1}”似为多余：去掉它、其后各格左移一列后本行相符"),
        // Errors.
        ("{}: error: {m}", "{1}：错误：{2}"),
        ("{}: no such file", "{1}：文件不存在"),
        ("{}: permission denied", "{1}：没有权限"),
        ("{}: is a directory, not a report file", "{1}：是目录，不是报告文件"),
        ("{}: is a directory", "{1}：是目录"),
        ("{}: cannot open: {}", "{1}：无法打开：{2}"),
        ("{}: cannot read: {}", "{1}：无法读取：{2}"),
        ("{}: cannot write: {}", "{1}：无法写入：{2}"),
        ("{}: cannot write in {}: {}", "{1}：无法在 {2} 中写入：{3}"),
        ("{}: cannot create the output directory: {}", "{1}：无法创建输出目录：{2}"),
        ("standard input is empty", "标准输入为空"),
        ("the file is empty", "文件为空"),
        ("NUL byte at offset {}: this is not a text report", "偏移 {1} 处有 NUL 字节：这不是文本报告"),
        ("NUL character after decoding (at byte {} of the UTF-8): this is not a text report", "解码后出现 NUL 字符（UTF-8 第 {1} 字节）：这不是文本报告"),
        ("not valid UTF-8 at byte offset {}", "字节偏移 {1} 处不是有效的 UTF-8"),
        ("not valid {} at byte offset {}: {}", "字节偏移 {2} 处不是有效的 {1}：{3}"),
        ("input is {} MB, larger than the limit of {} MB (--max-input-mb)", "输入为 {1} MB，超过 {2} MB 的上限（--max-input-mb）"),
        ("input larger than the limit of {} MB (--max-input-mb)", "输入超过 {1} MB 的上限（--max-input-mb）"),
        ("line {} is longer than {} KB (--max-line-kb)", "第 {1} 行长于 {2} KB（--max-line-kb）"),
        ("{} is missing: not a Word document", "缺少 {1}：不是 Word 文档"),
        ("{} is missing: not an XLSX workbook", "缺少 {1}：不是 XLSX 工作簿"),
        ("the PDF has no text layer (a scan?): it needs OCR before gdconv can read it", "PDF 没有文字层（扫描件？）：需先做 OCR 识别，gdconv 才能读取"),
        ("the PDF is encrypted; gdconv cannot read it (save an unprotected copy first)", "PDF 已加密，gdconv 无法读取（请先另存一份未加密的副本）"),
        ("not a readable PDF: {}", "不是可读取的 PDF：{1}"),
        ("not an HTML page: libxml2 found no document in it", "不是 HTML 网页：libxml2 未找到文档内容"),
        ("this is {}, not a web page", "这是{1}，不是网页"),
        ("not well-formed XML", "XML 格式不正确"),
        ("empty XML document", "XML 文档为空"),
        ("does not match the gdconv XML schema: {}", "不符合 gdconv XML 模式：{1}"),
        ("unknown format '{}' (known: {}; see --help)", "未知格式“{1}”（已知：{2}；见 --help）"),
        ("unknown format '{}' (see --help for the known ones)", "未知格式“{1}”（已知格式见 --help）"),
        ("{} is an input-only format: write {}", "{1} 只能作为输入格式：输出可用 {2}"),
        ("{} is an input-only format; write one of {}", "{1} 只能作为输入格式：输出可用 {2}"),
        ("{} is an output-only format: read {}", "{1} 只能作为输出格式：输入可用 {2}"),
        ("cannot write '{}': gdconv writes {}; give -t or another extension", "无法写入“{1}”：gdconv 可输出 {2}；请用 -t 或换一个扩展名"),
        ("--encoding {}: unknown encoding (try GB18030, GBK, BIG5, UTF-16LE)", "--encoding {1}：未知编码（可用 GB18030、GBK、BIG5、UTF-16LE）"),
        ("--template must be 2019 or 2021", "--template 只能是 2019 或 2021"),
        ("give an input report (or - for standard input); see --help", "请给出输入报告（或用 - 表示标准输入）；见 --help"),
        ("several inputs need -d OUTDIR", "多个输入需要 -d 输出目录"),
        ("-o is for one input; use -d OUTDIR", "-o 只用于单个输入；请用 -d 输出目录"),
        ("refusing to overwrite the input {}", "拒绝覆盖输入文件 {1}"),
        ("refusing to write {}: it is a symlink (gdconv never writes through one)", "拒绝写入 {1}：它是符号链接（gdconv 从不通过符号链接写入）"),
        ("refusing to write a workbook to a terminal; give -o FILE.xlsx", "拒绝把工作簿输出到终端；请用 -o 文件.xlsx"),
        ("{} and {} would both be written to {}; nothing was written", "{1} 和 {2} 会写到同一个 {3}；未写入任何文件"),
        ("{}: --strict: not written, {} error rule(s) fail, first: [{}] {m}", "{1}：--strict：未写入，{2} 条错误级规则未通过，第一条：[{3}] {4}"),
        ("{}: --strict: {} error rule(s) fail", "{1}：--strict：{2} 条错误级规则未通过"),
        ("diff needs two reports (OLD NEW), or more for a series", "diff 需要两份报告（旧 新），或多份报告生成逐年序列"),
        ("gdconv check: give at least one report (files, folders or --files-from)", "gdconv check：请至少给出一份报告（文件、目录或 --files-from）"),
        ("gdconv check: unknown rule {} (see gdconv check --list)", "gdconv check：未知规则 {1}（见 gdconv check --list）"),
        ("sum: {} follows the {} template, the first input the {} template: reports of different templates are not added up (--template {} adds the fields both templates define)", "sum：{1} 采用 {2} 模板，而第一份输入采用 {3} 模板：不同模板的报告不相加（--template {4} 可只相加两版共有的字段）"),
        ("sum: {} is the report on {}, the first input on {}: reports on different years are not added up (--allow-years to add them anyway)", "sum：{1} 是 {2} 年度的报告，而第一份输入是 {3} 年度：不同年度的报告不相加（--allow-years 可强制相加）"),
        ("sum: {}: no standard table recognised, so its template is unknown: nothing to add up", "sum：{1}：未识别出标准表格，模板未知，无可相加"),
        ("sum: no inputs", "sum：没有输入"),
        ("sum: none of the {} input(s) could be read", "sum：{1} 份输入均无法读取"),
        // Containers, budgets and the JSON reader's paths.
        ("not {}: {m}", "不是{1}：{2}"),
        ("too short to be a zip archive", "太短，不是 zip 压缩包"),
        ("ZIP64 archives are not supported", "不支持 ZIP64 压缩包"),
        ("ZIP64 entries are not supported", "不支持 ZIP64 条目"),
        ("damaged zip directory", "zip 目录已损坏"),
        ("encrypted entries are not supported", "不支持加密的条目"),
        ("no zip directory (truncated, or not a zip archive)", "没有 zip 目录（文件被截断，或不是 zip 压缩包）"),
        ("the data of {} runs past the end of the file (truncated?)", "{1} 的数据超出文件末尾（被截断？）"),
        ("the header of {} lies outside the file", "{1} 的头部位于文件之外"),
        ("the zip directory lies outside the file", "zip 目录位于文件之外"),
        ("{} cannot be decompressed (truncated deflate data)", "{1} 无法解压（deflate 数据被截断）"),
        ("{} cannot be decompressed (corrupt deflate data)", "{1} 无法解压（deflate 数据已损坏）"),
        ("{} uses zip compression method {}, which is not supported", "{1} 使用了不支持的 zip 压缩方法 {2}"),
        ("{} is larger than the limit of {} MB", "{1} 超过 {2} MB 的上限"),
        ("{} expands beyond the limit of {} MB (zip bomb?)", "{1} 解压后超过 {2} MB 的上限（压缩炸弹？）"),
        ("{} expands to {} MB, over the limit of {} MB", "{1} 解压后为 {2} MB，超过 {3} MB 的上限"),
        ("more than {} entries in the archive", "压缩包中的条目超过 {1} 个"),
        ("{m}, more than this input's budget allows (it grows with --max-input-mb, now {} MB); a report is far smaller", "{1}，超出此输入的处理上限（随 --max-input-mb 增大，目前为 {2} MB）；一份报告远小于此"),
        ("the tables hold more than {} cells (at line {})", "表格超过 {1} 个单元格（第 {2} 行）"),
        ("the PDF has {} pages", "PDF 有 {1} 页"),
        ("the PDF holds more than {} characters", "PDF 超过 {1} 个字符"),
        ("the cells hold more than {} MB of text (at {})", "单元格文字超过 {1} MB（位于 {2}）"),
        ("sheet {} has more than {} merged ranges", "工作表 {1} 的合并区域超过 {2} 个"),
        ("sheet {}: its merged ranges cover more than {} rows of cells", "工作表 {1}：合并区域覆盖超过 {2} 行单元格"),
        ("the sheets hold more than {} cells to read (at {})", "工作表中要读取的单元格超过 {1} 个（位于 {2}）"),
        ("the page has {} table cells, more than {}", "网页有 {1} 个表格单元格，超过 {2}"),
        ("the page's tables hold more than {} cells", "网页表格超过 {1} 个单元格"),
        ("the document's tables hold more than {} cells", "文档表格超过 {1} 个单元格"),
        ("XML larger than {} MB", "XML 超过 {1} MB"),
        ("XML nested deeper than {} levels at line {}", "XML 嵌套超过 {1} 层（第 {2} 行）"),
        ("a DTD is not allowed in gdconv XML", "gdconv XML 不允许 DTD"),
        ("a DOCTYPE is not allowed in gdconv XML (DTDs, external entities and entity expansion are refused)", "gdconv XML 不允许 DOCTYPE（拒绝 DTD、外部实体和实体展开）"),
        ("{}: unknown member", "{1}：未知成员"),
        ("unknown member", "未知成员"),
        ("missing", "缺失"),
        ("expected a string", "应为字符串"),
        ("expected a whole number", "应为整数"),
        ("expected an array", "应为数组"),
        ("expected an object", "应为对象"),
        ("expected true or false", "应为 true 或 false"),
        ("{}: missing", "{1}：缺失"),
        ("{}: expected a string", "{1}：应为字符串"),
        ("{}: expected a whole number", "{1}：应为整数"),
        ("{}: expected an array", "{1}：应为数组"),
        ("{}: expected an object", "{1}：应为对象"),
        ("{}: expected true or false", "{1}：应为 true 或 false"),
        ("{}: expected a date YYYY-MM-DD", "{1}：应为 YYYY-MM-DD 格式的日期"),
        // Summaries.
        ("{} input(s): {} converted, {} skipped (outputs exist; --force overwrites), {} failed; {} warning(s), {} report(s) with failed checks", "{1} 份输入：转换 {2} 份，跳过 {3} 份（输出已存在；--force 可覆盖），失败 {4} 份；警告 {5} 条，{6} 份报告校验未通过"),
        ("{} input(s): {} converted, {} skipped, {} failed; {} warning(s), {} report(s) with failed checks", "{1} 份输入：转换 {2} 份，跳过 {3} 份，失败 {4} 份；警告 {5} 条，{6} 份报告校验未通过"),
        ("{} input(s): {} converted, {} skipped, {} failed, {} not run ({}); {} warning(s), {} report(s) with failed checks", "{1} 份输入：转换 {2} 份，跳过 {3} 份，失败 {4} 份，未运行 {5} 份（{6}）；警告 {7} 条，{8} 份报告校验未通过"),
        ("  failed: {m}", "  失败：{1}"),
        ("  failed checks: {} ({})", "  校验未通过：{1}（{2}）"),
        ("  … and {} more report(s) with failed checks (see --report, or gdconv check)", "  ……另有 {1} 份报告校验未通过（见 --report 或 gdconv check）"),
        ("  … and {} more (see --report)", "  ……另有 {1} 份（见 --report）"),
        ("  {} file(s) of no format gdconv reads were left out: {} (gdconv reads {})", "  {1} 个 gdconv 不能读取的文件已略过：{2}（gdconv 可读取 {3}）"),
        ("    left out: {}", "    略过：{1}"),
        ("{}: note: read as {}, template {}, {} field(s)", "{1}：注意：按 {2} 读取，模板 {3}，{4} 个字段"),
        ("{}: finishing the reports in progress, then stopping", "{1}：完成正在处理的报告后停止"),
        ("check: {} file(s), {} rule result(s): {} pass, {} fail, {} not assessable", "check：{1} 个文件，{2} 条规则结果：通过 {3}，未通过 {4}，无法判断 {5}"),
        ("check: {} report(s): {} with a failing error rule, {} with warnings only, {} clean", "check：{1} 份报告：{2} 份有错误级规则未通过，{3} 份仅有警告，{4} 份无问题"),
        ("collect: {} report(s), {} row(s) → {}", "collect：{1} 份报告，{2} 行 → {3}"),
        ("  not read: {m}", "  未读取：{1}"),
        ("sum: {} report(s) of the {} template added up → {}", "sum：已相加 {1} 份 {2} 模板的报告 → {3}"),
        ("sum: {} report(s) of the {} template added up", "sum：已相加 {1} 份 {2} 模板的报告"),
        ("  skipped: {} is itself a gdconv sum", "  略过：{1} 本身就是 gdconv sum 的结果"),
        ("  {} placeholder or text cell(s) (/, —, 无) counted as absent in {} field(s)", "  {2} 个字段中有 {1} 个占位符或文字单元格（/、—、无），按缺失处理"),
        ("  left out (amounts with and without a stated unit): {}", "  未相加（有的注明单位、有的未注明的金额）：{1}"),
        ("  checks: every input passes, and so does the sum", "  校验：所有输入均通过，合计也通过"),
        ("  checks: every input passes, but the sum fails {} rule(s) — please report this", "  校验：所有输入均通过，但合计有 {1} 条规则未通过——请报告此问题"),
        ("  checks: {} input(s) fail a rule, so the sum may too ({} rule(s) fail on the sum):", "  校验：{1} 份输入有规则未通过，合计也可能不平（合计有 {2} 条规则未通过）："),
        ("    {}: {}", "    {1}：{2}"),
        ("    … and {} more", "    ……另有 {1} 份"),
        // Generic shapes last: an identity that holds (`依申请 自然人: 一 1 + 二 0 = 1, （七）总计 1`).
        ("{}: {} = {}, {}", "{1}：{2} = {3}，{4}"),
    ]

    private struct Compiled {
        let regex: NSRegularExpression
        let zh: String
        /// Capture numbers whose text is itself a message.
        let nested: Set<Int>
    }

    private static let compiled: [Compiled] = entries.map { en, zh in
        var pattern = "^"
        var nested = Set<Int>()
        var group = 0
        var rest = Substring(en)
        while let r = rest.range(of: "{") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<r.lowerBound]))
            let after = rest[r.upperBound...]
            if after.hasPrefix("}") {
                group += 1
                pattern += "(.+?)"
                rest = after.dropFirst()
            } else if after.hasPrefix("m}") {
                group += 1
                nested.insert(group)
                pattern += "(.+?)"
                rest = after.dropFirst(2)
            } else {
                pattern += "\\{"
                rest = after
            }
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        // The patterns are written here; one that does not compile is a programming error the
        // catalogue test catches.
        return Compiled(regex: try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]), zh: zh, nested: nested)
    }

    /// The Chinese form of an English message, nil when no entry matches.
    public static func chinese(_ message: String, depth: Int = 0) -> String? {
        let ns = message as NSString
        let whole = NSRange(location: 0, length: ns.length)
        for c in compiled {
            guard let m = c.regex.firstMatch(in: message, range: whole) else { continue }
            var out = c.zh
            for g in stride(from: m.numberOfRanges - 1, through: 1, by: -1) {
                var value = ns.substring(with: m.range(at: g))
                if c.nested.contains(g), depth < 3 {
                    if let t = chinese(value, depth: depth + 1) { value = t } else if strict { value = "⟦untranslated⟧ " + value }
                }
                out = out.replacingOccurrences(of: "{\(g)}", with: value)
            }
            return out
        }
        return nil
    }

    private static let severityWords: [String: String] = ["note": "注意", "warning": "警告", "error": "错误"]
    private static let diagnosticShape = try! NSRegularExpression(pattern: "^(.*?)(note|warning|error): \\[([^\\]]+)\\] (.*)$", options: [.dotMatchesLineSeparators])
    private static let strict = ProcessInfo.processInfo.environment["GDCONV_MESSAGES_STRICT"] == "1"

    /// A printed line in the current language: a diagnostic (`file:3:1: warning: [cat] …`) has
    /// its severity and message translated, a `gdconv: …` or `gdconv check: …` line its text, any
    /// other line as a whole. English lines are returned unchanged.
    public static func localise(_ line: String) -> String {
        guard MessageLanguage.current == .zh else { return line }
        if line.isEmpty { return line }
        let ns = line as NSString
        if let m = diagnosticShape.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) {
            let prefix = ns.substring(with: m.range(at: 1)), sev = ns.substring(with: m.range(at: 2))
            let cat = ns.substring(with: m.range(at: 3)), msg = ns.substring(with: m.range(at: 4))
            return prefix + (severityWords[sev] ?? sev) + "：[\(cat)] " + message(msg)
        }
        for p in ["gdconv diff: ", "gdconv: "] where line.hasPrefix(p) {
            return p + message(String(line.dropFirst(p.count)))
        }
        if line.hasPrefix("gdconv ") { return "gdconv " + message(String(line.dropFirst(7))) }
        return message(line)
    }

    /// A message, with a `; hint: …` translated on its own.
    static func message(_ m: String) -> String {
        if let r = m.range(of: "; hint: ") {
            return message(String(m[..<r.lowerBound])) + "；提示：" + message(String(m[r.upperBound...]))
        }
        if let t = chinese(m) { return t }
        return strict ? "⟦untranslated⟧ " + m : m
    }

    /// A help text in the current language (exact entries of the catalogue, `{}` for what the
    /// program fills in, such as the format names).
    public static func text(_ en: String) -> String {
        guard MessageLanguage.current == .zh else { return en }
        if let t = chinese(en) { return t }
        return strict ? "⟦untranslated⟧ " + en : en
    }

    /// Several lines (a summary block).
    public static func localiseLines(_ text: String) -> String {
        guard MessageLanguage.current == .zh else { return text }
        let trailing = text.hasSuffix("\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = (trailing ? lines.dropLast() : lines[...]).map(localise).joined(separator: "\n")
        return body + (trailing ? "\n" : "")
    }
}
