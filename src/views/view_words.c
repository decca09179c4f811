/*
 * view_words.c — the reader's words for the values of the listings'
 * FMT_WORD columns: a tier, a status, a reason code, a slot's source, a
 * setting's origin, an account's role, an audit entry's action.
 *
 * Key decision: a value keeps its English word in CSV and JSON (a contract
 * scripts read under any locale); only the table translates it, through
 * these functions (fmt.h). Each list is the closed list of its values,
 * marked for the catalogue with a context (NC_), since one English word can
 * read differently in two lists; a value not in the list, from a newer loa,
 * is shown as it is rather than guessed at. Reason codes take their words
 * from reason.h, which keeps them in both languages for the report.
 */
#include <stddef.h>
#include <string.h>

#include "loa/i18n.h"
#include "loa/reason.h"
#include "loa/views.h"

/* The translation of value in context ctx when value is one of list's n
 * words, else value. */
static const char *
word(const char *ctx, const char *const *list, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(value, list[i]) == 0)
			return i18n_pgettext(ctx, value);
	return value;
}

#define WORD(ctx, list, value) word(ctx, list, sizeof list / sizeof list[0], value)

const char *
view_word_tier(const char *tier)
{
	static const char *const tiers[] = {NC_("tier", "normal"), NC_("tier", "priority"),
	                                    NC_("tier", "emergency")};

	return WORD("tier", tiers, tier);
}

const char *
view_word_airlog_status(const char *status)
{
	/* TRANSLATORS: what became of an airing, in the airing log. */
	static const char *const statuses[] = {
	    NC_("airing status", "playing"),     NC_("airing status", "completed"),
	    NC_("airing status", "interrupted"), NC_("airing status", "failed"),
	    NC_("airing status", "missed"),      NC_("airing status", "skipped"),
	    NC_("airing status", "partial")};

	return WORD("airing status", statuses, status);
}

const char *
view_word_agenda_status(const char *status)
{
	/* TRANSLATORS: what the agenda plans for an airing. */
	static const char *const statuses[] = {
	    NC_("agenda status", "plays"), NC_("agenda status", "delayed"), NC_("agenda status", "skipped"),
	    NC_("agenda status", "pending"), NC_("agenda status", "rejected")};

	return WORD("agenda status", statuses, status);
}

const char *
view_word_approval(const char *state)
{
	/* TRANSLATORS: a clip's or slot's approval by the commune leader. */
	static const char *const states[] = {NC_("approval", "approved"), NC_("approval", "pending"),
	                                     NC_("approval", "rejected")};

	return WORD("approval", states, state);
}

const char *
view_word_approval_kind(const char *kind)
{
	/* TRANSLATORS: what waits for the leader's approval. */
	static const char *const kinds[] = {NC_("approval kind", "slot"), NC_("approval kind", "clip")};

	return WORD("approval kind", kinds, kind);
}

const char *
view_word_approval_setting(const char *v)
{
	/* TRANSLATORS: the station's approval setting: officers' changes wait for the leader, or not. */
	static const char *const settings[] = {NC_("approval setting", "required"),
	                                       NC_("approval setting", "off")};

	return WORD("approval setting", settings, v);
}

const char *
view_word_reason(const char *code)
{
	enum reason r;

	if (reason_parse(code, &r) != 0)
		return code;
	return reason_words(r, strcmp(i18n_language(), "vi") == 0);
}

const char *
view_word_source(const char *source)
{
	/* TRANSLATORS: a slot made by 'loa slot add' (an imported one names its
	   calendar file). */
	static const char *const sources[] = {NC_("slot source", "add")};

	return WORD("slot source", sources, source);
}

const char *
view_word_setting(const char *value)
{
	static const char *const values[] = {NC_("setting", "default"), NC_("setting", "(none)"),
	                                     NC_("setting", "(the default device)"), NC_("setting", "(set)")};

	return WORD("setting", values, value);
}

const char *
view_word_role(const char *role)
{
	/* TRANSLATORS: what a user of the web console may do. */
	static const char *const roles[] = {NC_("role", "viewer"), NC_("role", "officer"),
	                                    NC_("role", "leader")};

	return WORD("role", roles, role);
}

const char *
view_word_audit_action(const char *action)
{
	/* TRANSLATORS: an entry of the audit trail: what was done. */
	static const char *const actions[] = {
	    NC_("audit action", "user.add"),        NC_("audit action", "user.passwd"),
	    NC_("audit action", "user.rm"),         NC_("audit action", "user.role"),
	    NC_("audit action", "session.login"),   NC_("audit action", "session.logout"),
	    NC_("audit action", "clip.add"),        NC_("audit action", "clip.edit"),
	    NC_("audit action", "clip.rm"),         NC_("audit action", "playlist.create"),
	    NC_("audit action", "playlist.edit"),   NC_("audit action", "playlist.rm"),
	    NC_("audit action", "slot.add"),        NC_("audit action", "slot.edit"),
	    NC_("audit action", "slot.rm"),         NC_("audit action", "slot.skip"),
	    NC_("audit action", "slot.move"),       NC_("audit action", "slot.import"),
	    NC_("audit action", "approve"),         NC_("audit action", "reject"),
	    NC_("audit action", "blackout.add"),    NC_("audit action", "blackout.rm"),
	    NC_("audit action", "blackout.import"), NC_("audit action", "bulletin.schedule")};

	return WORD("audit action", actions, action);
}
