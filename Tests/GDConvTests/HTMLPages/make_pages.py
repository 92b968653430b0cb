#!/usr/bin/env python3
"""Builds the HTML test pages for the HTML reader (issue #8) from the official layouts.

Each page is a report "as published": the prose of a real report from ../shared/corpus (its
lines without table cells), and the three standard tables in the official HTML geometry of
../shared/spec/templates.md (rowspan/colspan exactly as the 2019 and 2021 notices lay them
out), filled with the values of that report's golden file. Each page adds the markup quirks of
real government sites. The expected values are therefore the golden files themselves; the
quirks page has its own expected file, written here from the values put into it.

Run from the repository root: python3 Tests/GDConvTests/HTMLPages/make_pages.py
The pages are committed; rerun only to change them.
"""
import html
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared"))


def fields(template):
    """Registry rows of one template, in registry order."""
    out = []
    with open(os.path.join(SHARED, "spec", "fields.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            key, tpl, table, group, row, column, kind = line.rstrip("\n").split("\t")
            if tpl == template:
                out.append(dict(key=key, table=table, group=group, row=row, column=column, kind=kind))
    return out


def golden(name):
    """key -> cell text, and the header lines, of a golden file."""
    values, units, header = {}, {}, {}
    with open(os.path.join(SHARED, "golden", name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# unit "):
                _, _, key, unit = line.split(" ", 3)
                units[key] = unit
            elif line.startswith("# "):
                k, _, v = line[2:].partition(":")
                header[k] = v.strip()
            elif line:
                k, v = line.split("\t")
                values[k] = v
    cells = {}
    for k, v in values.items():
        if v == "blank":
            cells[k] = ""
        elif v.startswith("na:"):
            cells[k] = v[3:]
        else:
            cells[k] = v + units.get(k, "")
    return cells, header


class Style:
    """How a site writes its table cells."""

    def __init__(self, upper=False, wrap="span", split_numbers=False, blank="&nbsp;", close_cells=True, tbody=True):
        self.upper, self.wrap, self.split_numbers = upper, wrap, split_numbers
        self.blank, self.close_cells, self.tbody = blank, close_cells, tbody

    def tag(self, t):
        return t.upper() if self.upper else t

    def content(self, text, label):
        if text == "":
            return self.blank
        body = html.escape(text, quote=False)
        if label:
            # Labels wrap inside narrow cells: 本年新<br />制作数量, 商业 企业.
            body = body.replace("本年新", "本年新<br />").replace("商业企业", "商业<br>企业").replace("科研机构", "科研&nbsp;机构")
            body = body.replace("自然人", "自 然 人")
        elif self.split_numbers and len(text) > 3 and text.isdigit():
            # A number cut into styled runs by the editor: <span>517</span><span>645</span>.
            body = '<span style="color:#000">%s</span><span style="font-family:Times New Roman">%s</span>' % (text[:3], text[3:])
        if self.wrap == "span":
            return '<p style="text-align:center"><span style="font-family:宋体;font-size:10.5pt">%s</span></p>' % body
        if self.wrap == "font":
            return "<%s size=2>%s</%s>" % (self.tag("font"), body, self.tag("font"))
        return body

    def cell(self, text, label=False, colspan=1, rowspan=1):
        attrs = ""
        if colspan > 1:
            attrs += ' colspan="%d"' % colspan if not self.upper else " colSpan=%d" % colspan
        if rowspan > 1:
            attrs += ' rowspan="%d"' % rowspan if not self.upper else " rowSpan=%d" % rowspan
        td = self.tag("td")
        end = "</%s>" % td if self.close_cells else ""
        return "<%s%s>%s%s" % (td, attrs, self.content(text, label), end)

    def table(self, rows):
        tr, t = self.tag("tr"), self.tag("table")
        end = "</%s>" % tr if self.close_cells else ""
        body = "\n".join("<%s>%s%s" % (tr, "".join(r), end) for r in rows)
        if self.tbody:
            body = "<tbody>\n%s\n</tbody>" % body
        return '<%s border="1" cellspacing="0" cellpadding="0" style="width:100%%;border-collapse:collapse">\n%s\n</%s>' % (t, body, t)


def present(keys, cells):
    return any(k in cells for k in keys)


def table_active(template, cells, st):
    """二: a group row, a 信息内容 header row, then the data rows. 2019 is label + 3 columns,
    the two-value groups (八)(九) spanning the last two; 2021 has one-value groups spanning all 3."""
    fs = [f for f in fields(template) if f["table"] == "主动公开"]
    rows, groups = [], []
    for f in fs:
        if not groups or groups[-1][0] != f["group"]:
            groups.append((f["group"], []))
        groups[-1][1].append(f)
    for group, gf in groups:
        if not present([f["key"] for f in gf], cells):
            continue
        columns = list(dict.fromkeys(f["column"] for f in gf))
        spans = [1] * len(columns) if len(columns) == 3 else ([1, 2] if len(columns) == 2 else [3])
        rows.append([st.cell(group, True, colspan=4)])
        rows.append([st.cell("信息内容", True)] + [st.cell(c, True, colspan=s) for c, s in zip(columns, spans)])
        for label in dict.fromkeys(f["row"] for f in gf):
            keys = [f["key"] for f in gf if f["row"] == label]
            if not present(keys, cells):
                continue
            rows.append([st.cell(label, True)] + [st.cell(cells[k], colspan=s) for k, s in zip(keys, spans) if k in cells])
    return rows


def table_requests(template, cells, st):
    """三: the 3-row applicant header, then one row per registry row with the 三、本年度办理结果
    and (三)(四)(五)[(六)] group labels as rowspan cells left of their first item."""
    fs = [f for f in fields(template) if f["table"] == "依申请"]
    order = list(dict.fromkeys((f["group"], f["row"]) for f in fs))
    rows = [
        [st.cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", True, colspan=3, rowspan=3), st.cell("申请人情况", True, colspan=7)],
        [st.cell("自然人", True, rowspan=2), st.cell("法人或其他组织", True, colspan=5), st.cell("总计", True, rowspan=2)],
        [st.cell(c, True) for c in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]],
    ]
    kept = [(g, r) for g, r in order if present([f["key"] for f in fs if (f["group"], f["row"]) == (g, r)], cells)]
    outcome_rows = [x for x in kept if x[0].startswith("三、")]
    seen_groups = set()
    for g, r in kept:
        keys = [f["key"] for f in fs if (f["group"], f["row"]) == (g, r)]
        row = []
        if not g:
            row.append(st.cell(r, True, colspan=3))
        else:
            if "三" not in seen_groups:
                seen_groups.add("三")
                row.append(st.cell("三、本年度办理结果", True, rowspan=len(outcome_rows)))
            sub = g.split(" ", 1)[1] if " " in g else None
            if sub:
                if sub not in seen_groups:
                    seen_groups.add(sub)
                    row.append(st.cell(sub, True, rowspan=sum(1 for x in kept if x[0] == g)))
                row.append(st.cell(r, True))
            else:
                row.append(st.cell(r, True, colspan=2))
        row += [st.cell(cells[k]) for k in keys if k in cells]
        rows.append(row)
    return rows


def table_litigation(cells, st):
    """四: 行政复议 | 行政诉讼 over 未经复议直接起诉 / 复议后起诉, then 15 numbers."""
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    keys = [k for k in ["review.%s" % x for x in ["upheld", "corrected", "other", "pending", "total"]]
            + ["litigation.%s.%s" % (b, x) for b in ["direct", "after_review"] for x in ["upheld", "corrected", "other", "pending", "total"]]]
    return [
        [st.cell("行政复议", True, colspan=5), st.cell("行政诉讼", True, colspan=10)],
        [st.cell(r, True, rowspan=2) for r in results] + [st.cell("未经复议直接起诉", True, colspan=5), st.cell("复议后起诉", True, colspan=5)],
        [st.cell(r, True) for r in results * 2],
        [st.cell(cells[k]) for k in keys if k in cells],
    ]


# A section heading; table 2's own 一、…数量 / 三、本年度办理结果 / 四、结转… rows are not.
HEADING = re.compile(r"^[一二三四五六]、(?!.*(数量|办理结果|结转下年度))")


def prose_parts(corpus):
    """The corpus report's prose: (kind, text) lines with table lines removed; a ('table', n)
    marker where section 二/三/四's first table line was."""
    out, section, placed = [], None, set()
    with open(os.path.join(SHARED, "corpus", corpus), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            bare = line.lstrip("#").strip()
            if not line:
                continue
            if "|" in line:
                if section in ("二", "三", "四") and section not in placed:
                    placed.add(section)
                    out.append(("table", section))
                continue
            if HEADING.match(bare):
                section = bare[0]
            level = len(line) - len(line.lstrip("#"))
            # In 二/三/四 a flattening leaves table debris around the tables: markdown captions
            # (### 第二十条第（一）项, ### (一) 予以公开) and the (本列数据…) note are cells on the
            # page, and anything after the first table line belongs to the tables.
            if section in ("二", "三", "四") and not HEADING.match(bare):
                if section in placed or level > 0 or bare.startswith("(本列") or bare.startswith("（本列"):
                    continue
            out.append(("h%d" % level if level else "p", bare))
    return out


def article(corpus, template, cells, st, paragraph_tag="p", skip_first=0):
    tables = {
        "二": table_active(template, cells, st),
        "三": table_requests(template, cells, st),
        "四": table_litigation(cells, st) if present(["review.total", "review.upheld"], cells) else [],
    }
    out = []
    for kind, text in prose_parts(corpus)[skip_first:]:
        if kind == "table":
            if tables[text]:
                out.append(st.table(tables[text]))
        elif kind.startswith("h") and kind != "h1":
            out.append("<%s>%s</%s>" % (kind, html.escape(text, quote=False), kind))
        elif HEADING.match(text):
            out.append('<p style="text-indent:2em"><strong>%s</strong></p>' % html.escape(text, quote=False))
        else:
            close = "</%s>" % paragraph_tag if paragraph_tag == "p" else ""
            out.append('<%s style="text-indent:2em">%s%s' % (paragraph_tag, html.escape(text, quote=False), close))
    return "\n".join(out)


def page_luojiang():
    """2019 template, UTF-8, a modern CMS page: the report sits inside header, navigation,
    breadcrumbs, a side bar, share buttons and a footer; the title is in the page's title bar
    above the article box; meta tags carry title, date and source."""
    cells, _ = golden("seed-luojiang-2020.golden.tsv")
    st = Style(wrap="span")
    title = "德阳市罗江区教育局2020年政府信息公开工作年度报告"
    body = article("seed-luojiang-2020.txt", "2019", cells, st)
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s_德阳市罗江区人民政府</title>
<meta name="SiteName" content="德阳市罗江区人民政府">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="%(title)s">
<meta name="PubDate" content="2021-01-22 10:12">
<meta name="ContentSource" content="罗江区教育局">
<link rel="stylesheet" href="/css/style.css">
<style>.TRS_Editor p{line-height:2em} td{border:1px solid #000}</style>
<script src="/js/jquery.min.js"></script>
</head>
<body>
<div class="top-bar"><span>今天是：<script>document.write(new Date().toLocaleDateString())</script></span> <a href="/wza">无障碍</a> <a href="/old">关怀版</a></div>
<div class="header"><img src="/images/logo.png" alt="德阳市罗江区人民政府"><form action="/search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwgk/nb">政府信息公开年报</a></li><li><a href="/hd">政民互动</a></li></ul></nav>
<div class="main">
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zwgk/nb">政府信息公开年报</a></div>
<div class="left">
<h3>政府信息公开</h3>
<ul><li><a href="/zwgk/zn">政府信息公开指南</a></li><li><a href="/zwgk/zd">政府信息公开制度</a></li><li><a href="/zwgk/nb">政府信息公开年报</a></li></ul>
<div class="hot"><h4>热点信息</h4><p>2020年罗江区教育局部门预算公开</p><p>关于2021年春季学期开学工作的通知</p></div>
</div>
<div class="right">
<div class="article">
<h1 class="title">%(title)s</h1>
<div class="info">发布时间：2021-01-22 10:12　来源：罗江区教育局　浏览次数：<span id="views">1024</span>　【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor" id="zoom">
%(body)s
</div>
<div class="share" style="display: none">分享到：一、总体情况 二、主动公开政府信息情况</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related"><h4>相关信息</h4><ul><li><a>德阳市罗江区教育局2019年政府信息公开工作年度报告</a></li><li><a>德阳市罗江区教育局2018年政府信息公开工作年度报告</a></li></ul></div>
</div>
</div>
<div class="footer"><p>主办：德阳市罗江区人民政府办公室　承办：罗江区大数据中心</p><p>网站标识码：5106260001　蜀ICP备05012345号　川公网安备 51062602000123号</p><p>地址：德阳市罗江区万安镇　联系电话：0838-3333333</p></div>
<script>var _hmt = _hmt || []; /* 一、总体情况 */</script>
</body>
</html>
""" % dict(title=title, body=body)


def page_shuyang():
    """2021 template, GB2312 declared in http-equiv (bytes are GB18030, as such pages are), an old
    site laid out in nested tables, upper-case tags and unquoted attributes, unclosed <P>,
    <FONT> around every cell, no <TBODY>, numbers cut into styled spans, no meta tags: the title
    comes from the report's own first line."""
    cells, _ = golden("002-shuyang-county-2025.golden.tsv")
    st = Style(upper=True, wrap="font", split_numbers=True, tbody=False)
    body = article("002-shuyang-county-2025.txt", "2021", cells, st, paragraph_tag="P")
    first = prose_parts("002-shuyang-county-2025.txt")[0][1]
    body = body.replace("<h1>", "<H1>")
    return """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML>
<HEAD>
<META http-equiv=Content-Type content="text/html; charset=gb2312">
<TITLE>沐阳县人民政府 - 政府信息公开</TITLE>
</HEAD>
<BODY leftMargin=0 topMargin=0>
<TABLE width=1000 align=center border=0 cellSpacing=0 cellPadding=0>
<TR><TD><IMG src="images/banner.jpg"></TD></TR>
<TR><TD>
<TABLE width="100%%"><TR><TD><A href="/">网站首页</A></TD><TD><A href="/xxgk">信息公开</A></TD><TD><A href="/nb">年度报告</A></TD><TD><A href="/hdjl">互动交流</A></TD></TR></TABLE>
</TD></TR>
<TR><TD>
<TABLE width="100%%" border=0>
<TR>
<TD width=200 vAlign=top>
<TABLE><TR><TD>信息公开目录</TD></TR><TR><TD><A href="/zn">公开指南</A></TD></TR><TR><TD><A href="/nb">公开年报</A></TD></TR></TABLE>
</TD>
<TD vAlign=top>
<DIV align=center><FONT size=5><B>%(first)s</B></FONT></DIV>
%(body)s
</TD>
</TR>
</TABLE>
</TD></TR>
<TR><TD align=center><FONT size=2>版权所有：沐阳县人民政府办公室　技术支持：县大数据管理中心</FONT></TD></TR>
</TABLE>
</BODY>
</HTML>
""" % dict(first=html.escape(first, quote=False), body=body.split("\n", 1)[1] if body.startswith("<p") else body)


def page_longgang():
    """2021 template, a page cut off inside table 2 (the excerpt ends at (三)7): the cells that
    are not on the page are absent, not blank. Group labels as rowspan cells."""
    cells, _ = golden("033-shenzhen-longgang-dept-2024-excerpt.golden.tsv")
    st = Style(wrap="none", blank="")
    body = article("033-shenzhen-longgang-dept-2024-excerpt.txt", "2021", cells, st)
    return """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>2024年政府信息公开工作年度报告</title></head>
<body><div class="con">
%s
</div></body></html>
""" % body


QUIRKS_VALUES = {
    # 二: a blank cell, a placeholder, an amount in the 万元 column.
    "active.rules.issued": "0", "active.rules.repealed": "0", "active.rules.in_force": "",
    "active.normative.issued": "3", "active.normative.repealed": "1", "active.normative.in_force": "27",
    "active.licensing.decisions": "1,204", "active.penalty.decisions": "56", "active.coercion.decisions": "/",
    "active.fees.amount": "12.75",
}


def page_quirks():
    """2021 template, written by hand to hold what real pages do to cells: a fragment without
    <html>/<body> (a CMS export), an index table (索引号 …) that is not table 1, a section heading
    as the first row of its own table, <th> headers, comments and a script inside a table, an
    element hidden with display:none holding other numbers, entities (&ldquo; &#x4E00;),
    unclosed cells, <p>&nbsp;</p> cells, a number in <b><span>, and a fee table in 六 that is
    no standard table."""
    req = {}
    base = {"natural_person": 4, "business": 1, "research": 0, "nonprofit": 0, "legal_service": 0, "other_org": 0}
    fs = [f for f in fields("2021") if f["table"] == "依申请"]
    rows = list(dict.fromkeys(f["key"].rsplit(".", 1)[0] for f in fs))
    numbers = {
        "requests.new": base, "requests.carried_over": {"natural_person": 1},
        "requests.outcome.granted": {"natural_person": 2, "business": 1},
        "requests.outcome.partial": {"natural_person": 1},
        "requests.outcome.unavailable.not_held": {"natural_person": 1},
        "requests.outcome.total": {"natural_person": 4, "business": 1},
        "requests.carried_forward": {"natural_person": 1},
    }
    for r in rows:
        vals = numbers.get(r, {})
        total = 0
        for col in ["natural_person", "business", "research", "nonprofit", "legal_service", "other_org"]:
            v = vals.get(col, 0)
            total += v
            req["%s.%s" % (r, col)] = str(v)
        req["%s.total" % r] = str(total)
    req["requests.outcome.other.unpaid_fee.research"] = ""   # a <p>&nbsp;</p> cell
    lit = {k: "0" for k in ["review.upheld", "review.corrected", "review.other", "review.pending", "review.total"]
           + ["litigation.%s.%s" % (b, x) for b in ["direct", "after_review"] for x in ["upheld", "corrected", "other", "pending", "total"]]}
    lit["review.upheld"], lit["review.total"] = "1", "1"
    cells = dict(QUIRKS_VALUES, **req, **lit)

    st = Style(wrap="none")
    t1 = table_active("2021", cells, st)
    t1.insert(0, ['<td colspan="4" style="font-weight:bold">二、主动公开政府信息情况</td>'])
    # <th> header cells, a number inside <b><span>, an unclosed cell, a comment.
    t1 = [[c.replace("<td>信息内容</td>", "<th>信息 内容</th>") for c in r] for r in t1]
    t1 = [[c.replace("<td>56</td>", "<td><b><span style='color:red'>56</span></b></td>") for c in r] for r in t1]
    t1 = [[c.replace("<td>27</td>", "<td>27<!-- 原为26 -->") for c in r] for r in t1]
    t2 = table_requests("2021", cells, st)
    t2 = [[c.replace("<td>&nbsp;</td>", "<td><p>&nbsp;</p></td>") for c in r] for r in t2]
    t2 = [[c.replace("3.危及“三安全一稳定”", "3.危及&ldquo;三安全一稳定&rdquo;") for c in r] for r in t2]
    t2[5].append('<script>document.write("<td>99</td>")</script>')
    t3 = table_litigation(cells, st)
    t3[3][0] = t3[3][0] + '<span style="display:none">7</span>'
    expected = ["# template: 2021", "# agency: 某市某区审计局", "# year: 2025", "# published: 2026-01-20", "# complete: yes"]
    for f in fields("2021"):
        if f["key"] in cells:
            v = cells[f["key"]]
            expected.append("%s\t%s" % (f["key"], "blank" if v == "" else ("na:" + v if v == "/" else v.replace(",", ""))))
    page = """<div class="article-content">
<table class="meta"><tr><td>索引号</td><td>11000000/2026-00012</td><td>发文字号</td><td></td></tr>
<tr><td>发布机构</td><td>某市某区审计局</td><td>生成日期</td><td>2026-01-20</td></tr></table>
<p style="text-align:center"><b>某市某区审计局2025年政府信息公开工作年度报告</b></p>
<p>本报告依据《中华人民共和国政府信息公开条例》编制。</p>
<p><b>&#x4E00;、总体情况</b></p>
<p>2025年，我局共收到政府信息公开申请5件。<br>其中自然人申请4件。</p>
</div>
%(t1)s
<p>三、收到和处理政府信息公开申请情况</p>
%(t2)s
<p>四、政府信息公开行政复议、行政诉讼情况</p>
%(t3)s
<p>五、存在的主要问题及改进情况</p>
<p>一是公开的主动性有待提升。</p>
<p>六、其他需要报告的事项</p>
<p>本年度收取信息处理费情况如下：</p>
<table><tr><td>收费项目</td><td>件数</td><td>金额（元）</td></tr><tr><td>信息处理费</td><td>0</td><td>0</td></tr></table>
<p>某市某区审计局<br>2026年1月20日</p>
</div>
""" % dict(t1=st.table(t1).replace("</tbody>", "").replace("<tbody>", ""), t2=st.table(t2), t3=st.table(t3))
    page = page.replace('<td colspan="4" style="font-weight:bold">二、主动公开政府信息情况</td></tr>', '<td colspan="4" style="font-weight:bold">二、主动公开政府信息情况</td>', 1)
    return page, "\n".join(expected) + "\n"


def main():
    def write(name, text, encoding="utf-8"):
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(text.encode(encoding))
    write("luojiang-2020-in-site-chrome.html", page_luojiang())
    write("shuyang-2025-gbk.html", page_shuyang(), "gb18030")
    # The same page is the web-page sample `make demo` converts.
    write(os.path.join("..", "..", "..", "samples", "shuyang-county-2025-page-gbk.html"), page_shuyang(), "gb18030")
    write("longgang-2024-cut-off.html", page_longgang())
    quirks, expected = page_quirks()
    write("quirks-2025.html", quirks)
    write("quirks-2025.expected.tsv", expected)


if __name__ == "__main__":
    sys.exit(main())
