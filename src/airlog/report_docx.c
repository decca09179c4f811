/*
 * report_docx.c — the report as a .docx document (WordprocessingML in a zip
 * package), the editable document the commune office finishes in Word or
 * LibreOffice Writer and the leader signs. The only file that includes
 * libzip's zip.h.
 *
 * Key decisions. No maintained C library writes WordprocessingML, so the
 * parts are written here by hand, the smallest set Word and Writer both
 * open: content types, relationships, document, styles, settings, a page
 * header with the page number, and the core properties; libzip makes the
 * package. The layout follows Decree 30/2020/NĐ-CP: A4, margins 20 mm top
 * and bottom, 30 mm left, 15 mm right, Times New Roman 14 pt body (tables
 * 12 pt), the header as a borderless two-column table, the page number at
 * the top from page 2. Every part is built in memory first, so a failure
 * leaves no half-written package behind (the caller renames into place).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/timeutil.h"
#include "airlog/report_doc.h"
#define LAZY_ZIP_DEFINE
#include "airlog/zip_lazy.h"

/* A4 and the decree's margins, in twentieths of a point. */
#define PAGE_W        11906
#define PAGE_H        16838
#define MARGIN_TOP    1134 /* 20 mm */
#define MARGIN_BOTTOM 1134
#define MARGIN_LEFT   1701 /* 30 mm */
#define MARGIN_RIGHT  851  /* 15 mm */
#define TEXT_W        (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)

static const char ns_w[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char ns_r[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/* Text for an XML element or attribute: escaped, with the control
 * characters XML 1.0 cannot hold left out. */
static void
xml(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c >= 0x20 || c == '\t')
			putc(c, f);
	}
}

/* Run properties. */
enum { R_BOLD = 1, R_ITALIC = 2, R_MARK = 4, R_MONO = 8 };

static void
run(FILE *f, const char *text, int flags, int half_points)
{
	fputs("<w:r><w:rPr>", f);
	if (flags & R_MONO)
		fputs("<w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation "
		      "Mono\"/>",
		      f);
	if (flags & R_BOLD)
		fputs("<w:b/><w:bCs/>", f);
	if (flags & R_ITALIC)
		fputs("<w:i/><w:iCs/>", f);
	if (half_points)
		fprintf(f, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", half_points, half_points);
	if (flags & R_MARK)
		fputs("<w:highlight w:val=\"yellow\"/>", f);
	fputs("</w:rPr><w:t xml:space=\"preserve\">", f);
	xml(f, text);
	fputs("</w:t></w:r>", f);
}

enum { P_CENTER = 1, P_JUSTIFY = 2, P_INDENT = 4, P_KEEP = 8, P_TIGHT = 16, P_RIGHT = 32 };

/* A paragraph of one run. */
static void
para(FILE *f, const char *text, int pflags, int rflags, int half_points)
{
	fputs("<w:p><w:pPr>", f);
	if (pflags & P_KEEP)
		fputs("<w:keepNext/>", f);
	if (pflags & P_TIGHT)
		fputs("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>", f);
	if (pflags & P_INDENT)
		fputs("<w:ind w:firstLine=\"567\"/>", f);
	if (pflags & P_CENTER)
		fputs("<w:jc w:val=\"center\"/>", f);
	else if (pflags & P_RIGHT)
		fputs("<w:jc w:val=\"right\"/>", f);
	else if (pflags & P_JUSTIFY)
		fputs("<w:jc w:val=\"both\"/>", f);
	fputs("</w:pPr>", f);
	if (text && *text)
		run(f, text, rflags, half_points);
	fputs("</w:p>", f);
}

/* The short rule under the issuer and under the motto: an empty, tiny
 * paragraph whose bottom border spans the cell less the indents. */
static void
rule(FILE *f, int indent)
{
	fprintf(f,
	        "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" "
	        "w:color=\"000000\"/></w:pBdr>"
	        "<w:spacing w:before=\"0\" w:after=\"120\" w:line=\"60\" w:lineRule=\"exact\"/>"
	        "<w:ind w:left=\"%d\" w:right=\"%d\"/><w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>",
	        indent, indent);
}

static void
cell_open(FILE *f, int width, int shade)
{
	fprintf(f, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", width);
	if (shade)
		fputs("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/>", f);
	fputs("<w:vAlign w:val=\"center\"/></w:tcPr>", f);
}

/* A borderless table (the header and the signature) of two columns. */
static void
layout_open(FILE *f, int left, int right)
{
	fprintf(f,
	        "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
	        "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
	        "<w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
	        "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" "
	        "w:type=\"dxa\"/></w:tblCellMar>"
	        "</w:tblPr><w:tblGrid><w:gridCol w:w=\"%d\"/><w:gridCol w:w=\"%d\"/></w:tblGrid><w:tr>",
	        left + right, left, right);
}

static void
header(FILE *f, const struct report_doc *d)
{
	const int left = 3600, right = TEXT_W - left;

	layout_open(f, left, right);
	fprintf(f, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", left);
	for (int i = 0; i < d->nissuer; i++)
		para(f, d->issuer[i], P_CENTER | P_TIGHT, R_BOLD, 26);
	rule(f, 1150);
	para(f, d->number, P_CENTER | P_TIGHT, 0, 26);
	fprintf(f, "</w:tc><w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", right);
	para(f, d->motto[0], P_CENTER | P_TIGHT, R_BOLD, 24);
	para(f, d->motto[1], P_CENTER | P_TIGHT, R_BOLD, 26);
	rule(f, 1450);
	para(f, d->place_date, P_CENTER | P_TIGHT, R_ITALIC, 28);
	fputs("</w:tc></w:tr></w:tbl>", f);
	para(f, "", 0, 0, 0);
	para(f, d->title, P_CENTER | P_TIGHT | P_KEEP, R_BOLD, 28);
	para(f, d->summary, P_CENTER | P_TIGHT | P_KEEP, R_BOLD, 28);
	rule(f, TEXT_W / 2 - 900);
}

static void
table(FILE *f, const struct doc_table *t)
{
	int w[8];

	for (int c = 0; c < t->ncols; c++)
		w[c] = TEXT_W * t->widths[c] / 100;
	fprintf(
	    f,
	    "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>"
	    "<w:top w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" "
	    "w:color=\"000000\"/>"
	    "<w:bottom w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" "
	    "w:color=\"000000\"/>"
	    "<w:insideH w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/><w:insideV w:val=\"single\" "
	    "w:sz=\"4\" w:color=\"000000\"/>"
	    "</w:tblBorders><w:tblCellMar><w:top w:w=\"30\" w:type=\"dxa\"/><w:left w:w=\"80\" "
	    "w:type=\"dxa\"/>"
	    "<w:bottom w:w=\"30\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
	    "</w:tblCellMar></w:tblPr><w:tblGrid>",
	    TEXT_W);
	for (int c = 0; c < t->ncols; c++)
		fprintf(f, "<w:gridCol w:w=\"%d\"/>", w[c]);
	fputs("</w:tblGrid>", f);
	for (int r = 0; r < t->nrows; r++) {
		int head = r == 0 && !t->key_value, total = t->total && r == t->nrows - 1;
		fputs(head ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
		           : "<w:tr><w:trPr><w:cantSplit/></w:trPr>",
		      f);
		for (int c = 0; c < t->ncols; c++) {
			const char *text = t->cells[r * t->ncols + c];
			int bold = head || total || (t->key_value && c == 0);
			int mono = t->key_value && c == 1 && strlen(text) == 64 &&
			           strspn(text, "0123456789abcdef") == 64;
			cell_open(f, w[c], head);
			para(f, text,
			     P_TIGHT | (head            ? P_CENTER
			                : t->numeric[c] ? P_RIGHT
			                                : 0),
			     (bold ? R_BOLD : 0) | (mono ? R_MONO : 0), mono ? 18 : 24);
			fputs("</w:tc>", f);
		}
		fputs("</w:tr>", f);
	}
	fputs("</w:tbl>", f);
	para(f, "", P_TIGHT, 0, 12);
}

static void
blocks(FILE *f, const struct doc_block *v, int n)
{
	for (int i = 0; i < n; i++) {
		const struct doc_block *b = &v[i];
		switch (b->style) {
		case DOC_BODY:
			para(f, b->text, P_JUSTIFY | P_INDENT, 0, 28);
			break;
		case DOC_PLACEHOLDER:
			para(f, b->text, P_JUSTIFY | P_INDENT, R_ITALIC | R_MARK, 28);
			break;
		case DOC_SECTION:
		case DOC_SUBSECTION:
			para(f, b->text, P_JUSTIFY | P_INDENT | P_KEEP, R_BOLD, 28);
			break;
		case DOC_CENTER:
			para(f, b->text, P_CENTER, 0, 28);
			break;
		case DOC_CENTER_BOLD:
			para(f, b->text, P_CENTER | P_TIGHT, R_BOLD, 28);
			break;
		case DOC_NOTE:
			para(f, b->text, P_CENTER, R_ITALIC, 26);
			break;
		case DOC_PAGE_BREAK:
			fputs("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>", f);
			break;
		case DOC_TABLE:
			table(f, &b->table);
			break;
		}
	}
}

static void
signature(FILE *f, const struct report_doc *d)
{
	const int left = 4300, right = TEXT_W - left;

	para(f, "", 0, 0, 0);
	layout_open(f, left, right);
	fprintf(f, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", left);
	para(f, d->recipients_label, P_TIGHT, R_BOLD | R_ITALIC, 24);
	for (int i = 0; i < d->nrecipients; i++)
		para(f, d->recipients[i], P_TIGHT, 0, 22);
	fprintf(f, "</w:tc><w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", right);
	for (int i = 0; i < d->nsign; i++)
		para(f, d->sign[i], P_CENTER | P_TIGHT, R_BOLD, 28);
	para(f, d->sign_note, P_CENTER | P_TIGHT, R_ITALIC, 24);
	for (int i = 0; i < 4; i++)
		para(f, "", P_CENTER, 0, 28);
	para(f, d->signer, P_CENTER | P_TIGHT, R_BOLD, 28);
	fputs("</w:tc></w:tr></w:tbl>", f);
}

static void
document(FILE *f, const struct report_doc *d)
{
	fprintf(f,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	        "<w:document xmlns:w=\"%s\" xmlns:r=\"%s\"><w:body>",
	        ns_w, ns_r);
	header(f, d);
	blocks(f, d->body, d->nbody);
	signature(f, d);
	blocks(f, d->appendix, d->nappendix);
	fprintf(f,
	        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>"
	        "<w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" "
	        "w:left=\"%d\""
	        " w:header=\"567\" w:footer=\"567\" "
	        "w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>",
	        PAGE_W, PAGE_H, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT);
}

static void
styles(FILE *f, const struct report_doc *d)
{
	fprintf(
	    f,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<w:styles xmlns:w=\"%s\"><w:docDefaults><w:rPrDefault><w:rPr>"
	    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\""
	    " w:cs=\"Times New Roman\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"%s\"/>"
	    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
	    "<w:spacing w:before=\"0\" w:after=\"120\" w:line=\"288\" w:lineRule=\"auto\"/>"
	    "</w:pPr></w:pPrDefault></w:docDefaults>"
	    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
	    "<w:qFormat/></w:style>"
	    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal "
	    "Table\"/>"
	    "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
	    "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" "
	    "w:type=\"dxa\"/>"
	    "</w:tblCellMar></w:tblPr></w:style></w:styles>",
	    ns_w, d->vi ? "vi-VN" : "en-GB");
}

static void
page_header(FILE *f)
{
	fprintf(f,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	        "<w:hdr xmlns:w=\"%s\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
	        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> "
	        "PAGE </w:instrText></w:r>"
	        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t></w:r>"
	        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>",
	        ns_w);
}

static void
core(FILE *f, const struct report *r, const struct report_doc *d)
{
	char when[32];
	struct civil c;

	if (tz_from_utc("UTC", r->generated_ms, &c, NULL) != 0)
		memset(&c, 0, sizeof c);
	snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.min,
	         c.sec);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	      "<cp:coreProperties "
	      "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
	      " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
	      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>",
	      f);
	xml(f, d->doc_title);
	fputs("</dc:title><dc:creator>", f);
	xml(f, r->station);
	fprintf(f,
	        "</dc:creator><dc:language>%s</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">%s"
	        "</dcterms:created></cp:coreProperties>",
	        d->vi ? "vi-VN" : "en-GB", when);
}

/* The parts of the package, in the order they are written. */
enum {
	PART_TYPES,
	PART_RELS,
	PART_DOC_RELS,
	PART_DOC,
	PART_STYLES,
	PART_SETTINGS,
	PART_HEADER,
	PART_CORE,
	PART_APP,
	NPARTS
};

static const char *const part_names[NPARTS] = {
    "[Content_Types].xml", "_rels/.rels",       "word/_rels/document.xml.rels",
    "word/document.xml",   "word/styles.xml",   "word/settings.xml",
    "word/header1.xml",    "docProps/core.xml", "docProps/app.xml",
};

static void
fixed_part(FILE *f, int part)
{
	switch (part) {
	case PART_TYPES:
		fputs(
		    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		    "<Default Extension=\"rels\" "
		    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		    "<Override PartName=\"/word/document.xml\" "
		    "ContentType=\"application/"
		    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
		    "<Override PartName=\"/word/styles.xml\" "
		    "ContentType=\"application/"
		    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
		    "<Override PartName=\"/word/settings.xml\" "
		    "ContentType=\"application/"
		    "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
		    "<Override PartName=\"/word/header1.xml\" "
		    "ContentType=\"application/"
		    "vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
		    "<Override PartName=\"/docProps/core.xml\" "
		    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
		    "<Override PartName=\"/docProps/app.xml\" "
		    "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
		    "</Types>",
		    f);
		break;
	case PART_RELS:
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		      "<Relationship Id=\"rId1\" "
		      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		      "officeDocument\" Target=\"word/document.xml\"/>"
		      "<Relationship Id=\"rId2\" "
		      "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
		      "core-properties\" Target=\"docProps/core.xml\"/>"
		      "<Relationship Id=\"rId3\" "
		      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		      "extended-properties\" Target=\"docProps/app.xml\"/>"
		      "</Relationships>",
		      f);
		break;
	case PART_DOC_RELS:
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		      "<Relationship Id=\"rIdStyles\" "
		      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
		      "Target=\"styles.xml\"/>"
		      "<Relationship Id=\"rIdSettings\" "
		      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" "
		      "Target=\"settings.xml\"/>"
		      "<Relationship Id=\"rIdHeader\" "
		      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" "
		      "Target=\"header1.xml\"/>"
		      "</Relationships>",
		      f);
		break;
	case PART_SETTINGS:
		fprintf(f,
		        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		        "<w:settings xmlns:w=\"%s\"><w:defaultTabStop w:val=\"720\"/>"
		        "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat>"
		        "<w:compatSetting w:name=\"compatibilityMode\" "
		        "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
		        "</w:compat></w:settings>",
		        ns_w);
		break;
	case PART_APP:
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		      "<Properties "
		      "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
		      "<Application>loa " LOA_VERSION "</Application></Properties>",
		      f);
		break;
	}
}

int
report_write_docx(const struct report *r, const char *path, const char *shown)
{
	struct report_doc d;
	char *buf[NPARTS] = {NULL};
	size_t len[NPARTS] = {0};
	zip_t *z = NULL;
	int zerr, rc = -1;

	if (report_doc_build(r, &d) != 0)
		return -1;
	for (int i = 0; i < NPARTS; i++) {
		FILE *f = open_memstream(&buf[i], &len[i]);
		if (!f) {
			error(_("out of memory"));
			goto done;
		}
		if (i == PART_DOC)
			document(f, &d);
		else if (i == PART_STYLES)
			styles(f, &d);
		else if (i == PART_HEADER)
			page_header(f);
		else if (i == PART_CORE)
			core(f, r, &d);
		else
			fixed_part(f, i);
		if (fclose(f) != 0) {
			error(_("out of memory"));
			goto done;
		}
	}
	if (!(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr))) {
		zip_error_t e;
		zip_error_init_with_code(&e, zerr);
		error(_("cannot write the document '%s': %s"), shown, zip_error_strerror(&e));
		zip_error_fini(&e);
		goto done;
	}
	for (int i = 0; i < NPARTS; i++) {
		zip_source_t *src = zip_source_buffer(z, buf[i], len[i], 0);
		if (!src || zip_file_add(z, part_names[i], src, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			error(_("cannot write the document '%s': %s"), shown, zip_strerror(z));
			zip_discard(z);
			z = NULL;
			goto done;
		}
	}
	/* The data is read at close, from the buffers above. */
	if (zip_close(z) != 0) {
		error(_("cannot write the document '%s': %s"), shown, zip_strerror(z));
		zip_discard(z);
		goto done;
	}
	rc = 0;
done:
	for (int i = 0; i < NPARTS; i++)
		free(buf[i]);
	report_doc_free(&d);
	return rc;
}
