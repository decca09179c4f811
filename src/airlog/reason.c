/*
 * reason.c — the closed list of reason codes, their words in Vietnamese
 * and English, and the codes of reasons written before codes existed.
 *
 * Key decision: the words live here, in both languages, rather than in the
 * message catalogue. A report is written in the language the district
 * reads, whatever the language of the PC that writes it, so its words
 * cannot follow LANG; a listing on the officer's terminal asks for the
 * catalogue's language (i18n_language) and gets the same words.
 *
 * Old rows (schema 5 and before) kept only a sentence, in whatever language
 * the daemon ran in. reason_from_text() matches the sentences loa wrote
 * then, word for word, with %s, %d and %ld standing for any text; nothing
 * new is ever written that needs it.
 */
#include <stddef.h>
#include <string.h>

#include "loa/reason.h"

static const struct {
	const char *code; /* the contract */
	const char *vi;   /* for a person, in Vietnamese */
	const char *en;   /* and in English */
	int planned;      /* the schedule's own doing, not a fault */
} reasons[REASON_COUNT] = {
    [REASON_NONE] = {"", "", "", 0},
    [REASON_DEVICE_MISSING] = {"device_missing",
                               "không có thiết bị phát âm thanh (chưa cắm, hoặc không phải thiết bị đã chọn)",
                               "no sound output device (none connected, or not the one chosen)", 0},
    [REASON_DEVICE_ERROR] = {"device_error", "thiết bị phát âm thanh không mở được",
                             "the sound output device would not open", 0},
    [REASON_DEVICE_LOST] = {"device_lost", "thiết bị phát âm thanh ngừng giữa chừng (bị rút ra hoặc bị treo)",
                            "the sound output device stopped while playing (unplugged or stalled)", 0},
    [REASON_OUTPUT_ERROR] = {"output_error", "không ghi được âm thanh ra đầu ra",
                             "the output could not be written", 0},
    [REASON_CLIP_MISSING] = {"clip_missing", "tệp âm thanh không còn trong thư viện",
                             "the clip's file is missing from the library", 0},
    [REASON_CLIP_CORRUPT] = {"clip_corrupt", "tệp âm thanh bị hỏng, không đọc được",
                             "the clip's file is damaged and cannot be read", 0},
    [REASON_CLIP_EXPIRED] = {"clip_expired", "tin bài đã hết hạn phát",
                             "the clip's last day to air has passed", 1},
    [REASON_CLIP_NOT_YET_VALID] = {"clip_not_yet_valid", "tin bài chưa đến ngày được phát",
                                   "the clip may not air before its first day", 1},
    [REASON_CLIP_REMOVED] = {"clip_removed", "tệp âm thanh của khung giờ đã bị xóa khỏi thư viện",
                             "the slot's clip was removed from the library", 1},
    [REASON_PLAYLIST_EMPTY] = {"playlist_empty", "danh sách phát của khung giờ đang trống",
                               "the slot's playlist is empty", 1},
    [REASON_PLAYLIST_MISSING] = {"playlist_missing", "danh sách phát của khung giờ đã bị xóa",
                                 "the slot's playlist was removed", 1},
    [REASON_NO_CLIP] = {"no_clip", "khung giờ chưa được gán tệp âm thanh", "no clip is assigned to the slot",
                        1},
    [REASON_MISSED_DOWNTIME] = {"missed_downtime",
                                "chương trình loa không chạy vào giờ đó (máy tắt hoặc mất điện)",
                                "loa was not running at the time (computer off or power cut)", 0},
    [REASON_MISSED_BUSY] = {"missed_busy", "chương trình loa bận hoặc bị treo vào giờ đó",
                            "loa was busy or stalled at the time", 0},
    [REASON_INTERRUPTED_CRASH] =
        {"interrupted_crash",
         "chương trình loa dừng đột ngột giữa buổi phát (mất điện, lỗi hoặc bị tắt ngang)",
         "loa stopped during the airing (power cut, crash or kill)", 0},
    [REASON_INTERRUPTED_EMERGENCY] = {"interrupted_emergency", "bị ngắt để phát tin khẩn cấp",
                                      "cut by an emergency airing", 0},
    [REASON_INTERRUPTED_STOP] = {"interrupted_stop", "chương trình loa được cho dừng giữa buổi phát",
                                 "loa was stopped during the airing", 0},
    [REASON_BLACKOUT] = {"blackout", "ngày tạm ngừng phát (nghỉ lễ)", "a blackout day (holiday)", 1},
    [REASON_OVERLAP] = {"overlap", "trùng giờ với buổi phát khác, sẽ trễ quá mức cho phép",
                        "an overlap would have made it later than allowed", 1},
    [REASON_OUT_OF_MEMORY] = {"out_of_memory", "máy tính hết bộ nhớ", "the computer ran out of memory", 0},
    [REASON_OTHER] = {"other", "lỗi khác", "another fault", 0},
    [REASON_PENDING_APPROVAL] = {"pending_approval", "chờ lãnh đạo duyệt",
                                 "waiting for the leader's approval", 1},
    [REASON_REJECTED] = {"rejected", "bị lãnh đạo từ chối", "rejected by the leader", 1},
};

const char *
reason_code(enum reason r)
{
	return (int)r >= 0 && r < REASON_COUNT ? reasons[r].code : NULL;
}

int
reason_parse(const char *code, enum reason *out)
{
	for (int i = 0; i < REASON_COUNT; i++)
		if (code && strcmp(code, reasons[i].code) == 0) {
			*out = (enum reason)i;
			return 0;
		}
	return -1;
}

const char *
reason_words(enum reason r, int vi)
{
	if ((int)r < 0 || r >= REASON_COUNT)
		r = REASON_OTHER;
	return vi ? reasons[r].vi : reasons[r].en;
}

int
reason_planned(enum reason r)
{
	return (int)r >= 0 && r < REASON_COUNT && reasons[r].planned;
}

/* The sentences loa wrote before codes, English and (from a daemon run
 * under a Vietnamese locale) Vietnamese. */
static const struct {
	const char *text;
	enum reason r;
} legacy[] = {
    {"loa was not running at the time", REASON_MISSED_DOWNTIME},
    {"loa was busy or stalled at the time", REASON_MISSED_BUSY},
    {"cut by an emergency airing", REASON_INTERRUPTED_EMERGENCY},
    {"loa was stopped (SIGTERM)", REASON_INTERRUPTED_STOP},
    {"stopped", REASON_INTERRUPTED_STOP},
    {"loa run --until was reached", REASON_INTERRUPTED_STOP},
    {"loa stopped during the airing (crash, power cut or kill); closed at the next start",
     REASON_INTERRUPTED_CRASH},
    {"no clip assigned", REASON_NO_CLIP},
    {"blackout day", REASON_BLACKOUT},
    {"its clip is no longer in the library", REASON_CLIP_REMOVED},
    {"its playlist is empty", REASON_PLAYLIST_EMPTY},
    {"its playlist is no longer in the library", REASON_PLAYLIST_MISSING},
    {"the clip is not valid on that date", REASON_CLIP_EXPIRED},
    {"overlap: it would start later than the maximum lateness allows", REASON_OVERLAP},
    {"cannot read audio file '%s'", REASON_CLIP_MISSING},
    {"không đọc được tệp âm thanh '%s'", REASON_CLIP_MISSING},
    {"cannot decode audio file '%s' (damaged?)", REASON_CLIP_CORRUPT},
    {"không giải mã được tệp âm thanh '%s' (tệp bị hỏng?)", REASON_CLIP_CORRUPT},
    {"nothing to play (an empty playlist)", REASON_PLAYLIST_EMPTY},
    {"no sound output device found", REASON_DEVICE_MISSING},
    {"không tìm thấy thiết bị phát âm thanh", REASON_DEVICE_MISSING},
    {"no sound output device number %ld", REASON_DEVICE_MISSING},
    {"không có thiết bị phát âm thanh số %ld", REASON_DEVICE_MISSING},
    {"no sound output device named '%s'", REASON_DEVICE_MISSING},
    {"không có thiết bị phát âm thanh tên '%s'", REASON_DEVICE_MISSING},
    {"cannot start the sound system (PortAudio): %s", REASON_DEVICE_ERROR},
    {"không khởi động được hệ thống âm thanh (PortAudio): %s", REASON_DEVICE_ERROR},
    {"cannot open sound output device '%s': %s", REASON_DEVICE_ERROR},
    {"không mở được thiết bị phát âm thanh '%s': %s", REASON_DEVICE_ERROR},
    {"cannot start sound output device '%s': %s", REASON_DEVICE_ERROR},
    {"không khởi động được thiết bị phát âm thanh '%s': %s", REASON_DEVICE_ERROR},
    {"the sound output device '%s' stopped (unplugged, or the sound server stopped)", REASON_DEVICE_LOST},
    {"thiết bị phát âm thanh '%s' đã ngừng (bị rút ra, hoặc máy chủ âm thanh đã dừng)", REASON_DEVICE_LOST},
    {"the output device stopped taking audio for %d seconds (stalled)", REASON_DEVICE_LOST},
    {"thiết bị âm thanh ngừng nhận âm thanh trong %d giây (bị treo)", REASON_DEVICE_LOST},
    {"the output failed", REASON_DEVICE_LOST},
    {"cannot write audio file '%s'", REASON_OUTPUT_ERROR},
    {"không ghi được tệp âm thanh '%s'", REASON_OUTPUT_ERROR},
    {"the output could not be created", REASON_OUTPUT_ERROR},
    {"out of memory", REASON_OUT_OF_MEMORY},
    {"hết bộ nhớ", REASON_OUT_OF_MEMORY},
};

/* Length of the conversion at p ("%s", "%d", "%ld"), 0 if none. */
static size_t
conversion(const char *p)
{
	if (p[0] != '%')
		return 0;
	if (p[1] == 's' || p[1] == 'd')
		return 2;
	return p[1] == 'l' && p[2] == 'd' ? 3 : 0;
}

/* Does text match pat, each conversion standing for any text? */
static int
matches(const char *pat, const char *text)
{
	size_t c;

	for (; *pat; pat++, text++) {
		if ((c = conversion(pat))) {
			for (const char *t = text;; t++) {
				if (matches(pat + c, t))
					return 1;
				if (!*t)
					return 0;
			}
		}
		if (*pat != *text)
			return 0;
	}
	return *text == 0;
}

enum reason
reason_from_text(const char *text)
{
	if (!text || !*text)
		return REASON_NONE;
	for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
		if (matches(legacy[i].text, text))
			return legacy[i].r;
	return REASON_OTHER;
}
