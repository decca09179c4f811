/*
 * report_text.c — the report's words and its frame: the labels in either
 * language, the form's defaults (issuer, place, signer made from the
 * station's name), the periods a report covers and the months or weeks it
 * is cut into. The figures come from report_tally.c; the writers lay both
 * out.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/timeutil.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "airlog/report_internal.h"

static const char *const labels[RL_COUNT_ALL][2] = {
    [RL_TITLE] = {"Báo cáo kết quả tuyên truyền cải cách hành chính trên hệ thống truyền thanh cơ sở",
                  "Report on administrative reform broadcasts by the commune loudspeaker system"},
    [RL_STATION] = {"Đài truyền thanh", "Station"},
    [RL_PERIOD] = {"Kỳ báo cáo", "Period"},
    [RL_GENERATED] = {"Ngày lập báo cáo", "Generated"},
    [RL_CHAIN] = {"Kiểm tra nhật ký phát thanh", "Airing log check"},
    [RL_CHAIN_OK] = {"Nhật ký toàn vẹn, không bị sửa đổi", "Intact: the log was not altered"},
    [RL_CHAIN_BAD] = {"KHÔNG ĐẠT: nhật ký đã bị sửa đổi ngoài phần mềm",
                      "FAILED: the log was altered outside loa"},
    [RL_CHAIN_HEAD] = {"Mã kiểm tra cuối chuỗi (SHA-256)", "Chain head (SHA-256)"},
    [RL_CHAIN_ROWS] = {"Số dòng nhật ký đã kiểm tra", "Log rows checked"},
    [RL_TOTALS] = {"Tổng hợp", "Totals"},
    [RL_ITEMS] = {"Số tin, bài", "News items"},
    [RL_AIRINGS] = {"Số lượt phát", "Airings"},
    [RL_PROGRAMMES] = {"Số buổi phát", "Programmes"},
    [RL_AIRTIME] = {"Thời lượng", "Airtime"},
    [RL_AIRTIME_HOURS] = {"Thời lượng (giờ)", "Airtime (hours)"},
    [RL_SHARE] = {"Tỷ lệ thời lượng so với tổng thời lượng tin, bài", "Share of the news items' airtime"},
    [RL_NOT_AIRED] = {"Số buổi không phát được", "Programmes not aired"},
    [RL_LATE] = {"Số buổi phát trễ", "Programmes that started late"},
    [RL_BY_STATUS] = {"Theo trạng thái", "By status"},
    [RL_STATUS] = {"Trạng thái", "Status"},
    [RL_COUNT] = {"Số buổi", "Programmes"},
    [RL_BY_TOPIC] = {"Theo chủ đề", "By topic"},
    [RL_TOPIC] = {"Chủ đề", "Topic"},
    [RL_FURNITURE] = {"Phần khung chương trình (nhạc hiệu, mở đầu, kết thúc)",
                      "Programme furniture (jingles, openings, closings)"},
    [RL_BY_MONTH] = {"Theo tháng", "By month"},
    [RL_BY_WEEK] = {"Theo tuần", "By week"},
    [RL_MONTH] = {"Tháng", "Month"},
    [RL_WEEK] = {"Tuần", "Week"},
    [RL_BY_CLIP] = {"Danh mục tin, bài đã phát", "News items aired"},
    [RL_CLIP] = {"Mã tin bài", "Clip"},
    [RL_TITLE_COL] = {"Tên tin, bài", "Title"},
    [RL_ITEM_COL] = {"Tin, bài", "Item"},
    [RL_FIRST] = {"Phát lần đầu", "First aired"},
    [RL_LAST] = {"Phát lần cuối", "Last aired"},
    [RL_RECON] = {"Đối chiếu kế hoạch và thực tế", "Planned versus aired"},
    [RL_PLANNED] = {"Số buổi theo kế hoạch", "Programmes planned"},
    [RL_PLANNED_SKIP] = {"Số buổi kế hoạch tạm ngừng (ngày nghỉ, hết hạn, chưa gán tin bài...)",
                         "Programmes the plan skips (blackout, validity, no clip...)"},
    [RL_LOGGED] = {"Số buổi kế hoạch có trong nhật ký", "Planned programmes in the log"},
    [RL_UNLOGGED] = {"Số buổi kế hoạch không có trong nhật ký", "Planned programmes missing from the log"},
    [RL_NO_PLAN] = {"Chưa có lịch phát để đối chiếu", "No schedule to compare with"},
    [RL_PROBLEMS] = {"Các buổi phát không thực hiện được hoặc bị gián đoạn",
                     "Programmes missed, failed or interrupted"},
    [RL_SKIPS] = {"Tạm ngừng theo kế hoạch (không tính là không phát được)",
                  "Planned skips (not counted as not aired)"},
    [RL_SCHEDULED] = {"Giờ phát theo lịch", "Scheduled"},
    [RL_REASON] = {"Lý do", "Reason"},
    [RL_DETAIL] = {"Chi tiết", "Detail"},
    [RL_PLAYED] = {"Đã phát (giây)", "Played (s)"},
    [RL_NOTHING] = {"Không có buổi phát nào trong kỳ báo cáo", "Nothing aired in this period"},
    [RL_MORE] =
        {"trường hợp nữa không liệt kê ở đây (xem: loa log --status missed,failed,interrupted,partial)",
         "more not listed here (see: loa log --status missed,failed,interrupted,partial)"},
    [RL_NO_TOPIC] = {"(không có chủ đề)", "(no topic)"},
    [RL_CHART] = {"Thời lượng phát (giờ)", "Airtime (hours)"},
    [RL_HOURS] = {"giờ", "h"},
    [RL_ROW] = {"Dòng nhật ký", "Log row"},
    [RL_SECONDS] = {"giây", "s"},
    [RL_AIRED_PLANNED] = {"Số buổi kế hoạch đã phát", "Planned programmes that aired"},
    [RL_ALL_TOPICS] = {"Tất cả tin, bài", "All news items"},
    [RL_NUMBER] = {"STT", "No."},
    [RL_TOTAL_ROW] = {"Tổng cộng", "Total"},
    [RL_FROM] = {"Từ", "From"},
    [RL_TO] = {"Đến", "To"},
};

const char *
report_label(const struct report *r, enum report_label_id id)
{
	return labels[id][r->lang == REPORT_EN];
}

const char *
report_status_label(const struct report *r, enum airlog_status s)
{
	static const char *const vi[AIRLOG_NSTATUS] = {"đang phát", "hoàn thành", "bị gián đoạn", "lỗi",
	                                               "bị lỡ",     "tạm ngừng",  "phát một phần"};

	if ((int)s < 0 || s >= AIRLOG_NSTATUS)
		return "?";
	return r->lang == REPORT_EN ? airlog_status_name(s) : vi[s];
}

const char *
report_reason(const struct report *r, enum reason why)
{
	return reason_words(why, r->lang != REPORT_EN);
}

char *
report_airtime(const struct report *r, int64_t ms, char *buf, size_t n)
{
	int64_t min = (ms + 30000) / 60000;

	if (r->lang == REPORT_EN)
		snprintf(buf, n, "%" PRId64 " h %02d min", min / 60, (int)(min % 60));
	else
		snprintf(buf, n, "%" PRId64 " giờ %02d phút", min / 60, (int)(min % 60));
	return buf;
}

char *
report_period_label(const struct report *r, char *buf, size_t n)
{
	const struct report_period *p = &r->period;
	char a[16], b[16];
	int en = r->lang == REPORT_EN;

	switch (p->kind) {
	case 'Q':
		snprintf(buf, n, en ? "Q%d %d" : "Quý %d/%d", p->part, p->year);
		break;
	case 'H':
		if (en)
			snprintf(buf, n, "H%d %d", p->part, p->year);
		else
			snprintf(buf, n, "6 tháng %s năm %d", p->part == 1 ? "đầu" : "cuối", p->year);
		break;
	case 'Y':
		snprintf(buf, n, en ? "Year %d" : "Năm %d", p->year);
		break;
	default:
		time_format_vn_date(p->from_ms, r->tz, a, sizeof a);
		time_format_vn_date(p->to_ms - 1, r->tz, b, sizeof b);
		snprintf(buf, n, "%s – %s", a, b);
	}
	return buf;
}

char *
report_period_words(const struct report *r, char *buf, size_t n)
{
	static const char *const roman[] = {"", "I", "II", "III", "IV"};
	const struct report_period *p = &r->period;
	char a[16], b[16];

	if (r->lang == REPORT_EN)
		return report_period_label(r, buf, n);
	switch (p->kind) {
	case 'Q':
		snprintf(buf, n, "quý %s năm %d", roman[p->part], p->year);
		break;
	case 'H':
		snprintf(buf, n, "6 tháng %s năm %d", p->part == 1 ? "đầu" : "cuối", p->year);
		break;
	case 'Y':
		snprintf(buf, n, "năm %d", p->year);
		break;
	default:
		time_format_vn_date(p->from_ms, r->tz, a, sizeof a);
		time_format_vn_date(p->to_ms - 1, r->tz, b, sizeof b);
		snprintf(buf, n, "từ ngày %s đến ngày %s", a, b);
	}
	return buf;
}

char *
report_bucket_label(const struct report *r, const struct report_bucket *b, char *buf, size_t n)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char a[16], z[16];

	if (!r->weekly) {
		if (r->lang == REPORT_EN)
			snprintf(buf, n, "%s %d", mon[b->month - 1], b->year);
		else
			snprintf(buf, n, "Tháng %d/%d", b->month, b->year);
		return buf;
	}
	time_format_vn_date(b->from_ms, r->tz, a, sizeof a);
	time_format_vn_date(b->to_ms - 1, r->tz, z, sizeof z);
	snprintf(buf, n, "%.5s – %s", a, z);
	return buf;
}

char *
report_more(const struct report *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s %" PRId64 " %s", r->lang == REPORT_EN ? "And" : "Còn",
	         r->problems_total - r->nproblems, report_label(r, RL_MORE));
	return buf;
}

const char *
report_clip_title(const struct report_clip *c)
{
	return *c->title ? c->title : c->playlist;
}

double
report_subject_share(const struct report *r)
{
	return r->content_airtime_ms > 0
	           ? 100.0 * (double)r->subject.airtime_ms / (double)r->content_airtime_ms
	           : 0;
}

/* ---- the form ---- */

/* The commune's name in the station's name ("Đài truyền thanh xã Đức
 * Hòa" -> kind "xã", name "Đức Hòa"); 0 when there is none. */
static int
commune_of(const char *station, char *kind, size_t kn, char *name, size_t nn)
{
	static const char *const kinds[] = {"thị trấn ", "phường ", "xã "};
	char *key = utf8_key(station), *clean = utf8_clean(station);
	int found = 0;

	for (size_t i = 0; key && clean && i < sizeof kinds / sizeof kinds[0] && !found; i++) {
		const char *at = strstr(clean, kinds[i]);
		if (!at) {
			/* "Xã" capitalised: find it through the key, which has the
			 * same length in bytes for these words. */
			const char *k = strstr(key, kinds[i]);
			if (k && strlen(key) == strlen(clean))
				at = clean + (k - key);
		}
		if (at && at[strlen(kinds[i])]) {
			snprintf(kind, kn, "%.*s", (int)strlen(kinds[i]) - 1, kinds[i]);
			snprintf(name, nn, "%s", at + strlen(kinds[i]));
			found = 1;
		}
	}
	free(key);
	free(clean);
	return found;
}

void
report_form_defaults(struct report_form *f, const char *station)
{
	char kind[32], name[128];
	int have = commune_of(station, kind, sizeof kind, name, sizeof name);

	if (!f->issuer[0]) {
		char line[200], *up;
		snprintf(line, sizeof line, "%s %s", have ? kind : "xã",
		         have ? name : "....................");
		up = utf8_upper(line);
		snprintf(f->issuer, sizeof f->issuer, "ỦY BAN NHÂN DÂN;%s", up ? up : line);
		free(up);
	}
	if (!f->place[0])
		snprintf(f->place, sizeof f->place, "%s", have ? name : "....................");
	if (!f->issuer_words[0])
		snprintf(f->issuer_words, sizeof f->issuer_words, "Ủy ban nhân dân %s%s%s",
		         have ? kind : "xã", have ? " " : "", have ? name : "");
	if (!f->number[0])
		snprintf(f->number, sizeof f->number, "BC-UBND");
	if (!f->recipients[0])
		snprintf(f->recipients, sizeof f->recipients,
		         "UBND tỉnh (qua Sở Văn hóa, Thể thao và Du lịch);Lưu: VT, VHXH");
	if (!f->authority[0])
		snprintf(f->authority, sizeof f->authority, "TM. ỦY BAN NHÂN DÂN");
	if (!f->signer_title[0])
		snprintf(f->signer_title, sizeof f->signer_title, "CHỦ TỊCH");
	if (!f->topic[0])
		snprintf(f->topic, sizeof f->topic, "%s", TOPIC_CCHC);
}

/* ---- periods ---- */

static int
period_bounds(const char *zone, int y1, int m1, int y2, int m2, struct report_period *p)
{
	struct civil a = {.year = y1, .month = m1, .day = 1}, b = {.year = y2, .month = m2, .day = 1};

	return tz_to_utc(zone, &a, &p->from_ms) == 0 && tz_to_utc(zone, &b, &p->to_ms) == 0 ? 0 : -1;
}

int
report_period_parse(char kind, const char *text, const char *zone, struct report_period *p)
{
	struct time_reading how;
	int year, part;

	memset(p, 0, sizeof *p);
	if (time_read_period(text, kind, &year, &part, &how) != 0)
		return -1;
	p->kind = kind;
	p->year = year;
	p->part = part;
	if (kind == 'Y')
		return period_bounds(zone, p->year, 1, p->year + 1, 1, p);
	if (kind == 'Q')
		return part == 4 ? period_bounds(zone, p->year, 10, p->year + 1, 1, p)
		                 : period_bounds(zone, p->year, 3 * part - 2, p->year, 3 * part + 1, p);
	return part == 2 ? period_bounds(zone, p->year, 7, p->year + 1, 1, p)
	                 : period_bounds(zone, p->year, 1, p->year, 7, p);
}

/* The civil date one day after c. */
static void
next_day(struct civil *c)
{
	if (++c->day > civil_days_in_month(c->year, c->month)) {
		c->day = 1;
		if (++c->month > 12) {
			c->month = 1;
			c->year++;
		}
	}
}

int
report_period_range(const char *from, const char *to, const char *zone, struct report_period *p)
{
	struct civil a, b;

	memset(p, 0, sizeof *p);
	p->kind = 'R';
	struct time_reading how;
	struct civil today;

	time_today(zone, &today);
	if (time_read_date(from, &today, 1, &a, &how) != 0 || time_read_date(to, &today, 1, &b, &how) != 0)
		return -1;
	next_day(&b);
	if (tz_to_utc(zone, &a, &p->from_ms) != 0 || tz_to_utc(zone, &b, &p->to_ms) != 0)
		return -1;
	return p->to_ms <= p->from_ms ? -2 : 0;
}

/* Months of the period (or weeks, Monday first, for periods up to 62 days). */
int
report_make_buckets(struct report *r)
{
	const struct report_period *p = &r->period;
	struct civil c, n;
	int64_t at, next;
	int off;

	r->weekly = p->to_ms - p->from_ms <= 62LL * 86400000;
	if (tz_from_utc(r->tz, p->from_ms, &c, &off) != 0)
		return error(_("cannot use the station's time zone: '%s'"), r->tz);
	c.hour = c.min = c.sec = 0;
	at = p->from_ms;
	while (at < p->to_ms) {
		n = c;
		if (r->weekly) {
			int wd = civil_weekday(&c); /* 0 = Sunday */
			int days = wd == 0 ? 1 : 8 - wd;
			for (int i = 0; i < days; i++)
				next_day(&n);
		} else {
			n.day = 1;
			if (++n.month > 12) {
				n.month = 1;
				n.year++;
			}
		}
		if (tz_to_utc(r->tz, &n, &next) != 0)
			return -1;
		if (next > p->to_ms)
			next = p->to_ms;
		r->buckets = report_grow(r->buckets, r->nbuckets, sizeof *r->buckets);
		r->buckets[r->nbuckets] = (struct report_bucket){
		    .from_ms = at, .to_ms = next, .year = c.year, .month = c.month, .day = c.day};
		r->nbuckets++;
		at = next;
		c = n;
	}
	return 0;
}
