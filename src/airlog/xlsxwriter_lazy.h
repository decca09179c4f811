/*
 * xlsxwriter_lazy.h — libxlsxwriter loaded on first use (include/loa/lazy.h); written by
 * scripts/lazy-header.py: each function the module calls goes through
 * lazy_fn(). Included after <xlsxwriter.h>, by the module that includes it.
 */
#ifndef LOA_XLSXWRITER_LAZY_H
#define LOA_XLSXWRITER_LAZY_H

#include "loa/lazy.h"

#define LAZY_XLSXWRITER_FUNCTIONS(X)                                                                         \
	X(chart_add_series)                                                                                  \
	X(chart_legend_set_position)                                                                         \
	X(chart_series_set_name)                                                                             \
	X(chart_title_set_name)                                                                              \
	X(format_set_align)                                                                                  \
	X(format_set_bg_color)                                                                               \
	X(format_set_bold)                                                                                   \
	X(format_set_border)                                                                                 \
	X(format_set_font_color)                                                                             \
	X(format_set_font_name)                                                                              \
	X(format_set_italic)                                                                                 \
	X(format_set_num_format)                                                                             \
	X(format_set_text_wrap)                                                                              \
	X(lxw_strerror)                                                                                      \
	X(workbook_add_chart)                                                                                \
	X(workbook_add_format)                                                                               \
	X(workbook_add_worksheet)                                                                            \
	X(workbook_close)                                                                                    \
	X(workbook_new)                                                                                      \
	X(worksheet_freeze_panes)                                                                            \
	X(worksheet_insert_chart)                                                                            \
	X(worksheet_merge_range)                                                                             \
	X(worksheet_set_column)                                                                              \
	X(worksheet_set_paper)                                                                               \
	X(worksheet_write_boolean)                                                                           \
	X(worksheet_write_datetime)                                                                          \
	X(worksheet_write_number)                                                                            \
	X(worksheet_write_string)

enum {
#define LAZY_XLSXWRITER_INDEX(f) LAZY_XLSXWRITER_##f,
	LAZY_XLSXWRITER_FUNCTIONS(LAZY_XLSXWRITER_INDEX)
#undef LAZY_XLSXWRITER_INDEX
};

extern struct lazy_lib xlsxwriter_lazy;

/* Defined once, in the module's file that defines LAZY_XLSXWRITER_DEFINE. */
#ifdef LAZY_XLSXWRITER_DEFINE
#define LAZY_XLSXWRITER_NAME(f) #f,
static const char *const lazy_xlsxwriter_names[] = {LAZY_XLSXWRITER_FUNCTIONS(LAZY_XLSXWRITER_NAME)};
#undef LAZY_XLSXWRITER_NAME
static lazy_fn_t lazy_xlsxwriter_fns[sizeof lazy_xlsxwriter_names / sizeof lazy_xlsxwriter_names[0]];
struct lazy_lib xlsxwriter_lazy = {LOA_SONAME_XLSXWRITER, lazy_xlsxwriter_names, lazy_xlsxwriter_fns, NULL};
#endif

#define chart_add_series                                                                                     \
	((__typeof__(&chart_add_series))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_chart_add_series))
#define chart_legend_set_position                                                                            \
	((__typeof__(&chart_legend_set_position))lazy_fn(&xlsxwriter_lazy,                                   \
	                                                 LAZY_XLSXWRITER_chart_legend_set_position))
#define chart_series_set_name                                                                                \
	((__typeof__(&chart_series_set_name))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_chart_series_set_name))
#define chart_title_set_name                                                                                 \
	((__typeof__(&chart_title_set_name))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_chart_title_set_name))
#define format_set_align                                                                                     \
	((__typeof__(&format_set_align))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_align))
#define format_set_bg_color                                                                                  \
	((__typeof__(&format_set_bg_color))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_bg_color))
#define format_set_bold                                                                                      \
	((__typeof__(&format_set_bold))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_bold))
#define format_set_border                                                                                    \
	((__typeof__(&format_set_border))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_border))
#define format_set_font_color                                                                                \
	((__typeof__(&format_set_font_color))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_font_color))
#define format_set_font_name                                                                                 \
	((__typeof__(&format_set_font_name))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_font_name))
#define format_set_italic                                                                                    \
	((__typeof__(&format_set_italic))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_italic))
#define format_set_num_format                                                                                \
	((__typeof__(&format_set_num_format))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_num_format))
#define format_set_text_wrap                                                                                 \
	((__typeof__(&format_set_text_wrap))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_format_set_text_wrap))
#define lxw_strerror ((__typeof__(&lxw_strerror))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_lxw_strerror))
#define workbook_add_chart                                                                                   \
	((__typeof__(&workbook_add_chart))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_workbook_add_chart))
#define workbook_add_format                                                                                  \
	((__typeof__(&workbook_add_format))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_workbook_add_format))
#define workbook_add_worksheet                                                                               \
	((__typeof__(&workbook_add_worksheet))lazy_fn(&xlsxwriter_lazy,                                      \
	                                              LAZY_XLSXWRITER_workbook_add_worksheet))
#define workbook_close                                                                                       \
	((__typeof__(&workbook_close))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_workbook_close))
#define workbook_new ((__typeof__(&workbook_new))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_workbook_new))
#define worksheet_freeze_panes                                                                               \
	((__typeof__(&worksheet_freeze_panes))lazy_fn(&xlsxwriter_lazy,                                      \
	                                              LAZY_XLSXWRITER_worksheet_freeze_panes))
#define worksheet_insert_chart                                                                               \
	((__typeof__(&worksheet_insert_chart))lazy_fn(&xlsxwriter_lazy,                                      \
	                                              LAZY_XLSXWRITER_worksheet_insert_chart))
#define worksheet_merge_range                                                                                \
	((__typeof__(&worksheet_merge_range))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_worksheet_merge_range))
#define worksheet_set_column                                                                                 \
	((__typeof__(&worksheet_set_column))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_worksheet_set_column))
#define worksheet_set_paper                                                                                  \
	((__typeof__(&worksheet_set_paper))lazy_fn(&xlsxwriter_lazy, LAZY_XLSXWRITER_worksheet_set_paper))
#define worksheet_write_boolean                                                                              \
	((__typeof__(&worksheet_write_boolean))lazy_fn(&xlsxwriter_lazy,                                     \
	                                               LAZY_XLSXWRITER_worksheet_write_boolean))
#define worksheet_write_datetime                                                                             \
	((__typeof__(&worksheet_write_datetime))lazy_fn(&xlsxwriter_lazy,                                    \
	                                                LAZY_XLSXWRITER_worksheet_write_datetime))
#define worksheet_write_number                                                                               \
	((__typeof__(&worksheet_write_number))lazy_fn(&xlsxwriter_lazy,                                      \
	                                              LAZY_XLSXWRITER_worksheet_write_number))
#define worksheet_write_string                                                                               \
	((__typeof__(&worksheet_write_string))lazy_fn(&xlsxwriter_lazy,                                      \
	                                              LAZY_XLSXWRITER_worksheet_write_string))

#endif
