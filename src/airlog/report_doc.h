/*
 * report_doc.h — the report as a Vietnamese administrative document
 * (Decree 30/2020/NĐ-CP, Appendix I: the form of a "báo cáo"), built once
 * from a struct report and laid out by report_docx.c (the editable
 * document the office finishes in Word or LibreOffice Writer),
 * report_html.c (its printable preview) and report_xlsx.c (its header and
 * signature on the summary sheet). Only the report's writers include it.
 *
 * The document says in words and tables what the report's figures are:
 * the issuing body and the national motto, "Số: .../BC-UBND", the place
 * and date, the title "BÁO CÁO" with its summary line, numbered sections
 * (results in figures with a generated narrative, by topic, by month, the
 * items aired, what did not air), places left for the officer's own text
 * (marked, so they are seen and filled), "Nơi nhận" and the signature
 * block, then an appendix with the airing log's check: hashes and row
 * numbers never appear in the body.
 */
#ifndef LOA_REPORT_DOC_H
#define LOA_REPORT_DOC_H

#include "loa/report.h"

enum doc_style {
	DOC_BODY,        /* justified text, first line indented */
	DOC_PLACEHOLDER, /* the officer's text goes here: italic, highlighted */
	DOC_SECTION,     /* "I. KẾT QUẢ THỰC HIỆN": bold */
	DOC_SUBSECTION,  /* "1. Kết quả chung": bold */
	DOC_CENTER,      /* centred: the appendix's title lines */
	DOC_CENTER_BOLD, /* centred, bold */
	DOC_NOTE,        /* centred, italic: "(Kèm theo Báo cáo số ...)" */
	DOC_PAGE_BREAK,  /* the appendix starts on a new page */
	DOC_TABLE,       /* a table (block's table) */
};

struct doc_table {
	int ncols;      /* columns */
	int nrows;      /* rows, the heading row first */
	int widths[8];  /* each column's share of the text width, in percent */
	int numeric[8]; /* 1: the column holds numbers (right-aligned) */
	int total;      /* 1: the last row is a total (bold) */
	int key_value;  /* 1: no heading row; the first column is bold (label: value) */
	char **cells;   /* nrows * ncols strings, row by row */
};

struct doc_block {
	enum doc_style style;   /* what it is */
	char *text;             /* its text (not for tables and page breaks) */
	struct doc_table table; /* DOC_TABLE */
};

struct report_doc {
	int vi;        /* 1: Vietnamese, 0: English */
	char **issuer; /* the issuing body's lines ("ỦY BAN NHÂN DÂN", "XÃ ĐỨC HÒA") */
	int nissuer;
	char number[96];        /* "Số:      /BC-UBND" */
	char motto[2][96];      /* the national name and motto */
	char place_date[256];   /* "Đức Hòa, ngày 05 tháng 10 năm 2026" */
	char title[64];         /* "BÁO CÁO" */
	char summary[800];      /* "Kết quả tuyên truyền ... quý III năm 2026" */
	struct doc_block *body; /* the body, in order */
	int nbody;
	char recipients_label[64]; /* "Nơi nhận:" */
	char **recipients;         /* "- UBND tỉnh ...;" lines */
	int nrecipients;
	char **sign; /* "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH" */
	int nsign;
	char sign_note[96];         /* "(Ký, ghi rõ họ tên, đóng dấu)" */
	char signer[128];           /* the signer's name, or "" */
	struct doc_block *appendix; /* after a page break */
	int nappendix;
	char doc_title[848]; /* for the file's properties and the html <title> */
};

/* Builds the document of r. 0, or -1 (out of memory, printed). */
int report_doc_build(const struct report *r, struct report_doc *d);
void report_doc_free(struct report_doc *d);

#endif
