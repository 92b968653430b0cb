/* The floor for gdconv's text → XLSX benchmark: the same cells and merges written with
 * libxlsxwriter directly, with no parsing and no model. Build: cc floor.c -lxlsxwriter
 * Usage: floor OUTDIR COUNT */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

static void form(lxw_workbook *wb, const char *name, int rows, int cols, lxw_format *f) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            if (c == 0) worksheet_write_string(ws, r, c, "一、本年新收政府信息公开申请数量", f);
            else worksheet_write_number(ws, r, c, r * c, f);
        }
    worksheet_merge_range(ws, rows, 0, rows + 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", f);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: floor OUTDIR COUNT\n"); return 2; }
    int n = atoi(argv[2]);
    char path[4096];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/floor-%06d.xlsx", argv[1], i);
        lxw_workbook *wb = workbook_new(path);
        lxw_format *f = workbook_add_format(wb);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_font_name(f, "宋体");
        lxw_worksheet *p = workbook_add_worksheet(wb, "报告");
        for (int r = 0; r < 20; r++) worksheet_write_string(p, r, 1, "2020年，区教育局认真贯彻省、市、区关于政府信息公开的总体要求。", NULL);
        form(wb, "主动公开", 18, 4, f);
        form(wb, "依申请", 28, 10, f);
        form(wb, "复议诉讼", 4, 15, f);
        lxw_worksheet *d = workbook_add_worksheet(wb, "数据");
        for (int r = 0; r < 200; r++) {
            worksheet_write_string(d, r, 0, "requests.outcome.withheld.state_secret.natural_person", NULL);
            worksheet_write_formula_num(d, r, 5, "=IF(ISBLANK('依申请'!D4),\"\",'依申请'!D4)", NULL, 0);
        }
        if (workbook_close(wb) != LXW_NO_ERROR) return 1;
    }
    return 0;
}
