#!/usr/bin/env python3
"""Builds the Word test documents (issue 13) from the same sources as the HTML test pages:
the prose of real reports (../shared/corpus) and the golden values set into the three tables in
the official geometry of their template (make_pages.py lays them out, rowspan/colspan exactly as
the 2019 and 2021 notices do). Each article is written as WordprocessingML the way Word saves it:
colspan as <w:gridSpan>, rowspan as <w:vMerge w:val="restart"/> then <w:vMerge/>, every run in
<w:r><w:t>. Quirks agencies' documents have are added on purpose:
  - wrapped labels: a header cell whose text is two paragraphs (本年制发 / 件数);
  - tracked changes: a value first typed wrong, deleted and re-inserted (<w:del>, <w:ins>);
  - a field: the date of the signature as a DATE field's shown result;
  - a text box: the title in a drawing's text box (with the usual mc:Fallback copy);
  - a layout table: the report's first paragraphs inside a one-cell table holding another table;
  - spaced characters: a label written 不 予 公 开.
Run from the project root: python3 Tests/GDConvTests/WordDocs/make_docs.py
"""
import html, os, re, sys, zipfile
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "HTMLPages"))
import make_pages as mp  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Article(HTMLParser):
    """The article HTML as blocks: ('p', text) and ('table', [[cell]]), cell = (text lines, colspan, rowspan)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.text, self.table, self.row, self.cell = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = [[""], int(a.get("colspan") or a.get("colSpan") or 1), int(a.get("rowspan") or a.get("rowSpan") or 1)]
        elif tag == "br" and self.cell is not None:
            self.cell[0].append("")
        elif tag in ("p", "h2", "h3", "h4", "div") and self.table is None:
            self.text = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.blocks.append(("table", self.table))
            self.table = None
        elif tag in ("p", "h2", "h3", "h4", "div") and self.text is not None and self.table is None:
            if self.text.strip():
                self.blocks.append(("p", self.text.strip()))
            self.text = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0][-1] += data.replace("\xa0", " ")
        elif self.text is not None:
            self.text += data


def run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % html.escape(text, quote=False)


CENTRE = False  # value cells centred, as many agencies' forms are (set per document)


def para(inner):
    return "<w:p>%s</w:p>" % inner


def value_para(inner, text):
    """A cell's paragraph; numbers centred when the document centres its values."""
    if CENTRE and re.fullmatch(r"[-\d.,/—]+(万元)?", text or ""):
        return '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>%s</w:p>' % inner
    return para(inner)


def table_xml(rows, quirks):
    """rows of (lines, colspan, rowspan) → <w:tbl> with gridSpan and vMerge continuation cells."""
    pending = {}  # grid column → rows left for a vertical merge from above
    # The grid's columns and their widths (twips), as Word writes them: label columns wide,
    # value columns narrow, about the width of an A4 page's text.
    ncols = max(sum(c[1] for c in row) for row in rows)
    for row in rows:
        ncols = max(ncols, sum(c[1] for c in row))
    if ncols <= 4:
        widths = [2400] + [6600 // (ncols - 1)] * (ncols - 1) if ncols > 1 else [9000]
    elif ncols == 10:
        widths = [1400, 1400, 1500] + [670] * 7
    else:
        widths = [9000 // ncols] * ncols
    grid = "<w:tblGrid>" + "".join('<w:gridCol w:w="%d"/>' % w for w in widths) + "</w:tblGrid>"
    out = ['<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders/></w:tblPr>' + grid]
    for r, row in enumerate(rows):
        out.append("<w:tr>")
        col = 0
        cells = list(row)
        while cells or any(c >= col and v[0] > 0 for c, v in pending.items()):
            if col in pending and pending[col][0] > 0:
                left, span = pending[col]
                pending[col] = (left - 1, span)
                out.append('<w:tc><w:tcPr>%s<w:vMerge/></w:tcPr><w:p/></w:tc>' % ('<w:gridSpan w:val="%d"/>' % span if span > 1 else ""))
                col += span
                continue
            if not cells:
                break
            lines, cs, rs = cells.pop(0)
            pr = ""
            if cs > 1:
                pr += '<w:gridSpan w:val="%d"/>' % cs
            if rs > 1:
                pr += '<w:vMerge w:val="restart"/>'
                pending[col] = (rs - 1, cs)
            body = "".join(value_para(quirks.cell(" ".join(l.split())), " ".join(l.split())) for l in lines) or "<w:p/>"
            out.append("<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (pr, body))
            col += cs
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


class Quirks:
    """Rewrites of cells and paragraphs that a Word document of a real agency shows."""

    def __init__(self, on, for_pdf=False):
        self.on = on
        # A PDF is printed with the changes accepted: no tracked change in its source.
        self.tracked = for_pdf

    def cell(self, text):
        if not self.on:
            return run(text)
        if text in ("本年新制作数量", "本年制发件数"):      # a label wrapped over two paragraphs
            return run(text[:-2]) + "</w:p><w:p>" + run(text[-2:])
        if "不予公开" in text:            # spaced characters
            return run(text.replace("不予公开", "不 予 公 开"))
        if re.fullmatch(r"\d+", text) and not self.tracked and text != "0":
            self.tracked = True           # tracked change: the wrong value deleted, the right one inserted
            return ('<w:del w:id="1" w:author="办公室"><w:r><w:delText>%s9</w:delText></w:r></w:del>'
                    '<w:ins w:id="2" w:author="办公室">%s</w:ins>' % (text, run(text)))
        return run(text)


def document(blocks, title, quirks_on, for_pdf=False):
    q = Quirks(quirks_on, for_pdf)
    body = []
    if quirks_on:
        # The title in a text box (Word writes the box twice: mc:Choice and the VML mc:Fallback).
        box = '<w:txbxContent>%s</w:txbxContent>' % para(run(title))
        body.append(para('<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                         '<mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
                         '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>%s</wps:txbx></wps:wsp></a:graphicData></a:graphic>'
                         '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>%s</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>' % (box, box)))
    else:
        body.append(para(run(title)))
    paragraphs_in_layout = []
    for kind, content in blocks:
        if kind == "p":
            m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", content)
            if quirks_on and m and not for_pdf:
                # The signature date as the shown result of a DATE field.
                body.append(para('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>'
                                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>%s<w:r><w:fldChar w:fldCharType="end"/></w:r>' % run(content)))
            elif quirks_on and len(paragraphs_in_layout) < 2 and not body[1:]:
                paragraphs_in_layout.append(para(run(content)))
                if len(paragraphs_in_layout) == 2:
                    # A layout table: one cell holding the opening lines and a nested table.
                    inner = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
                    body.append("<w:tbl><w:tr><w:tc>%s%s<w:p/></w:tc></w:tr></w:tbl>" % ("".join(paragraphs_in_layout), inner))
            else:
                body.append(para(run(content)))
        else:
            body.append(table_xml(content, q))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>' % (W, "".join(body)))


def write_docx(path, doc_xml, title, author):
    core = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title><dc:creator>%s</dc:creator></cp:coreProperties>' % (html.escape(title), html.escape(author)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", doc_xml)
        z.writestr("docProps/core.xml", core)


# Only printed to PDF: the seed with three cells left empty (an empty cell prints nothing, so
# the PDF reader must place the row's other values by position, not by count).
PDF_ONLY = [
    ("luojiang-2020-blanks.docx", "seed-luojiang-2020.txt", "seed-luojiang-2020.golden.tsv", "2019", "德阳市罗江区教育局2020年政府信息公开工作年度报告", False,
     ["active.normative.new_published", "requests.outcome.granted.research", "requests.carried_over.natural_person"]),
    # Values centred in their cells (the alignment most Word forms use).
    ("shuyang-2025-centred.docx", "002-shuyang-county-2025.txt", "002-shuyang-county-2025.golden.tsv", "2021", "沐阳县人民政府2025年政府信息公开工作年度报告", False, [], True),
]

DOCS = [
    # (output, corpus report, golden, template, title, quirks)
    ("luojiang-2020.docx", "seed-luojiang-2020.txt", "seed-luojiang-2020.golden.tsv", "2019", "德阳市罗江区教育局2020年政府信息公开工作年度报告", False),
    ("shuyang-2025-quirks.docx", "002-shuyang-county-2025.txt", "002-shuyang-county-2025.golden.tsv", "2021", "沐阳县人民政府2025年政府信息公开工作年度报告", True),
]


def main():
    """The Word documents here; with --pdf-sources DIR, the sources of the PDF test files there
    (the same documents with their changes accepted and the date as plain text: a word processor
    prints a DATE field as the day it prints). PDFDocs/make_pdfs.sh turns those into PDFs."""
    out = sys.argv[sys.argv.index("--pdf-sources") + 1] if "--pdf-sources" in sys.argv else None
    global CENTRE
    for name, corpus, gold, template, title, quirks, *extra in DOCS + (PDF_ONLY if out else []):
        cells, header = mp.golden(gold)
        for key in (extra[0] if extra else []):
            cells[key] = ""
        CENTRE = len(extra) > 1 and extra[1]
        parser = Article()
        parser.feed(mp.article(corpus, template, cells, mp.Style()))
        blocks = [b for b in parser.blocks if not (b[0] == "p" and b[1] == title)]
        path = os.path.join(out or HERE, name)
        write_docx(path, document(blocks, title, quirks, for_pdf=out is not None), title, header.get("agency", ""))
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
