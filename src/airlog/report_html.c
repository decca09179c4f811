/*
 * report_html.c — the report as one self-contained HTML page: the printable
 * preview of the .docx (the same document, report_doc.c), laid out on an
 * A4 page with the decree's margins by inline CSS. No scripts, no fonts, no
 * images from elsewhere: the file opens the same on a commune PC offline
 * and at the province, and prints as the document would.
 */
#include <inttypes.h>
#include <string.h>

#include "loa/report.h"
#include "airlog/report_doc.h"

static void
esc(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			putc(*s, out);
		}
	}
}

static void
tag(FILE *out, const char *open, const char *text, const char *close)
{
	fputs(open, out);
	esc(out, text);
	fputs(close, out);
}

static void
table(FILE *out, const struct doc_table *t)
{
	fprintf(out, "<table class=\"%s\"><colgroup>", t->key_value ? "data kv" : "data");
	for (int c = 0; c < t->ncols; c++)
		fprintf(out, "<col style=\"width:%d%%\">", t->widths[c]);
	fputs("</colgroup>\n", out);
	for (int r = 0; r < t->nrows; r++) {
		int head = r == 0 && !t->key_value, total = t->total && r == t->nrows - 1;
		fputs(total ? "<tr class=total>" : "<tr>", out);
		for (int c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			if (head)
				tag(out, "<th>", cell, "</th>");
			else if (t->key_value && c == 0)
				tag(out, "<th scope=row>", cell, "</th>");
			else if (t->numeric[c])
				tag(out, "<td class=n>", cell, "</td>");
			else if (strlen(cell) == 64 && strspn(cell, "0123456789abcdef") == 64)
				tag(out, "<td class=hash>", cell, "</td>");
			else
				tag(out, "<td>", cell, "</td>");
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void
blocks(FILE *out, const struct doc_block *v, int n)
{
	for (int i = 0; i < n; i++) {
		const struct doc_block *b = &v[i];
		switch (b->style) {
		case DOC_BODY:
			tag(out, "<p>", b->text, "</p>\n");
			break;
		case DOC_PLACEHOLDER:
			tag(out, "<p class=todo>", b->text, "</p>\n");
			break;
		case DOC_SECTION:
			tag(out, "<h2>", b->text, "</h2>\n");
			break;
		case DOC_SUBSECTION:
			tag(out, "<h3>", b->text, "</h3>\n");
			break;
		case DOC_CENTER:
			tag(out, "<p class=c>", b->text, "</p>\n");
			break;
		case DOC_CENTER_BOLD:
			tag(out, "<p class=\"c b\">", b->text, "</p>\n");
			break;
		case DOC_NOTE:
			tag(out, "<p class=\"c i\">", b->text, "</p>\n");
			break;
		case DOC_PAGE_BREAK:
			fputs("</section>\n<section class=page>\n", out);
			break;
		case DOC_TABLE:
			table(out, &b->table);
			break;
		}
	}
}

int
report_write_html(const struct report *r, FILE *out)
{
	struct report_doc d;

	if (report_doc_build(r, &d) != 0)
		return -1;
	fprintf(out,
	        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	        d.vi ? "vi" : "en");
	esc(out, d.doc_title);
	fputs("</title>\n<style>\n"
	      "html{background:#e8e8e8}\n"
	      "body{margin:0;font:14pt/1.3 'Times New Roman','Liberation Serif',serif;color:#000}\n"
	      "section.page{box-sizing:border-box;background:#fff;width:210mm;min-height:297mm;"
	      "margin:1em auto;padding:20mm 15mm 20mm 30mm;box-shadow:0 0 .4em #999}\n"
	      "@media (max-width:210mm){section.page{width:auto;min-height:0;margin:0;padding:1em}}\n"
	      "table.head,table.sign{width:100%;border-collapse:collapse;table-layout:fixed}\n"
	      "table.head td,table.sign td{vertical-align:top;text-align:center;padding:0}\n"
	      ".head p,.sign p{margin:0}\n"
	      ".rule{border-bottom:1px solid #000;margin:.15em auto .5em}\n"
	      "h1{font-size:14pt;text-align:center;margin:1.2em 0 0}\n"
	      "p.summary{font-weight:bold;text-align:center;margin:0}\n"
	      "h2,h3{font-size:14pt;margin:.6em 0 .3em;text-indent:1cm}\n"
	      "p{text-align:justify;text-indent:1cm;margin:0 0 .4em}\n"
	      "p.todo{font-style:italic;background:#ff0}\n"
	      "p.c{text-align:center;text-indent:0}p.b{font-weight:bold}p.i{font-style:italic}\n"
	      "table.data{width:100%;border-collapse:collapse;table-layout:fixed;font-size:12pt;margin:.3em "
	      "0 .8em}\n"
	      "table.data th,table.data td{border:1px solid #000;padding:.15em .3em;vertical-align:middle;"
	      "overflow-wrap:anywhere}\n"
	      "table.data th{background:#e7e6e6}table.kv th{text-align:left;background:none}\n"
	      "td.n{text-align:right;font-variant-numeric:tabular-nums}td.hash{font:9pt monospace}\n"
	      "tr.total td{font-weight:bold}\n"
	      ".sign .to{text-align:left}.sign .to p:first-child{font:bold italic 12pt serif}.sign .to "
	      "p{font-size:11pt}\n"
	      ".sign .who p{font-weight:bold}.sign .who "
	      "p.i{font-weight:normal;font-style:italic;font-size:12pt}\n"
	      ".sign .space{height:5em}\n"
	      "@page{size:A4;margin:0}\n"
	      "@media print{html{background:none}section.page{margin:0;box-shadow:none;break-after:page}"
	      "tr{break-inside:avoid}h2,h3{break-after:avoid}}\n"
	      "</style>\n</head>\n<body>\n<section class=page>\n<table class=head><tr><td "
	      "style=\"width:38%\">\n",
	      out);
	for (int i = 0; i < d.nissuer; i++)
		tag(out, "<p><b>", d.issuer[i], "</b></p>\n");
	fputs("<div class=rule style=\"width:35%\"></div>\n", out);
	tag(out, "<p>", d.number, "</p>\n</td><td>\n");
	tag(out, "<p style=\"font-size:12pt\"><b>", d.motto[0], "</b></p>\n");
	tag(out, "<p><b>", d.motto[1], "</b></p>\n");
	fputs("<div class=rule style=\"width:58%\"></div>\n", out);
	tag(out, "<p><i>", d.place_date, "</i></p>\n</td></tr></table>\n");
	tag(out, "<h1>", d.title, "</h1>\n");
	tag(out, "<p class=summary>", d.summary, "</p>\n");
	fputs("<div class=rule style=\"width:25%\"></div>\n", out);
	blocks(out, d.body, d.nbody);
	fputs("<table class=sign><tr><td class=to style=\"width:45%\">\n", out);
	tag(out, "<p>", d.recipients_label, "</p>\n");
	for (int i = 0; i < d.nrecipients; i++)
		tag(out, "<p>", d.recipients[i], "</p>\n");
	fputs("</td><td class=who>\n", out);
	for (int i = 0; i < d.nsign; i++)
		tag(out, "<p>", d.sign[i], "</p>\n");
	tag(out, "<p class=i>", d.sign_note, "</p>\n<div class=space></div>\n");
	tag(out, "<p>", d.signer, "</p>\n</td></tr></table>\n");
	blocks(out, d.appendix, d.nappendix);
	fputs("</section>\n</body>\n</html>\n", out);
	report_doc_free(&d);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
