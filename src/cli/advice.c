/*
 * advice.c — the command line's words for the core's advice, and its writer.
 *
 * The core says which advice applies (log.h, enum advice) and never names a
 * flag or a command; here each one becomes a "hint:" line that names the
 * command line's own. The web console words the same advice with its own
 * buttons and pages.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "loa/i18n.h"
#include "loa/log.h"

/* One wording per advice; %s, where present, is the advice's arg. */
static const char *const wording[ADVICE_COUNT] = {
    [ADVICE_CREATE_STATION] = N_("create one with 'loa init', or name another with --db PATH or LOA_DB"),
    [ADVICE_DB_IS_FOLDER] = N_("name the station's database file, e.g. --db %s/station.db"),
    [ADVICE_NAME_DB] = N_("name the station's database file with --db PATH or LOA_DB"),
    [ADVICE_DB_EXISTS] = N_("use it as it is, or choose another path with --db PATH"),
    [ADVICE_DB_NOT_SQLITE] =
        N_("check the --db path; never overwrite this file, restore it from a backup if it "
           "was a station"),
    [ADVICE_DB_NOT_LOA] = N_("check the --db path, or create a station with 'loa init --db PATH'"),
    [ADVICE_UPGRADE_STATION] = N_("run any loa command without read-only access once to upgrade it"),
    [ADVICE_CONFIG_MISSING] = N_("check the path given with --config or LOA_CONFIG"),
    [ADVICE_CONFIG_NOT_TEXT] = N_("name a text file (see loa.conf(5)) with --config or LOA_CONFIG"),
    [ADVICE_CONFIG_CHECK] =
        N_("fix the lines above in '%s' (see loa.conf(5)), then run 'loa config' to check"),
    [ADVICE_CONFIG_STATION] =
        N_("correct the file, or remove those keys from [station]: the database, set by "
           "'loa init', decides"),
    [ADVICE_CLIP_IN_USE] = N_("remove it from the schedule and playlists first, or use --force"),
    [ADVICE_CLIP_LIST] = N_("'loa clip list' shows the clips and their numbers"),
    [ADVICE_PLAYLIST_EXISTS] = N_("import it under another name with --name NAME, or remove the old one with "
                                  "'loa playlist rm %s'"),
    [ADVICE_PLAYLIST_NAME] =
        N_("choose another name, or change it with 'loa playlist add' / 'loa playlist rm'"),
    [ADVICE_PLAYLIST_OUTSIDE] = N_("copy the playlist into that folder (or one inside it); or, if you trust "
                                   "whoever wrote the calendar, import it with --allow-outside"),
    [ADVICE_FILE_OUTSIDE] =
        N_("copy the file into that folder (or one inside it) and name it from there; or, if "
           "you trust whoever wrote the playlist or calendar, import it with --allow-outside"),
    [ADVICE_FILE_IS_FOLDER] = N_("to import every audio file in a folder, give the folder to 'loa clip add'"),
    [ADVICE_LIBRARY_FOLDER] = N_("check that '%s' is a folder (it is made by 'loa init')"),
    [ADVICE_CHAIN_BROKEN] = N_("restore the station from a backup; 'loa log verify' shows what is left"),
    [ADVICE_AGENDA_TOO_BIG] =
        N_("ask for a shorter period, or narrow or disable the slots that air most often "
           "('loa slot list', 'loa slot disable ID')"),
    [ADVICE_LOG_VERIFY] = N_("run 'loa log verify' to check the station's database"),
    [ADVICE_ICS_ALL_DAY] =
        N_("give it a start time; or, if the file lists holidays, import it with --blackout to "
           "skip normal slots on those days"),
    [ADVICE_ICS_ATTACH_OUTSIDE] =
        N_("copy the file into the calendar's folder (or one inside it) and name it from "
           "there; or, if you trust this calendar, import it with --allow-outside"),
    [ADVICE_ICS_CLIP_ADD] =
        N_("import the audio file with 'loa clip add FILE', then assign it with 'loa slot edit "
           "ID --clip C'"),
    [ADVICE_ICS_PLAYLIST_IMPORT] =
        N_("import the programme with 'loa playlist import FILE.m3u --name \"%s\"', then "
           "import the calendar again"),
    [ADVICE_ICS_CHOOSE_CLIP] = N_("after the import, assign the right one with 'loa slot edit ID --clip C'"),
    [ADVICE_SLOT_CHECK] = N_("check it with 'loa slot list'"),
    [ADVICE_START_DAEMON] =
        N_("start it with 'sudo systemctl start loa' (or 'loa run'), check it with 'loa status', "
           "then ask again"),
};

const char *
cli_advice_text(enum advice a)
{
	return a > ADVICE_NONE && a < ADVICE_COUNT && wording[a] ? _(wording[a]) : NULL;
}

static void
write_cli(const struct log_msg *m, void *ctx)
{
	const char *w, *at;

	(void)ctx;
	if (m->advice == ADVICE_NONE) {
		log_write_stderr(m);
		return;
	}
	if (!(w = cli_advice_text(m->advice)))
		return;
	/* The wording holds at most one %s, the advice's arg: put it in by
	 * hand, so no text is ever used as a format. */
	if ((at = strstr(w, "%s")))
		hint("%.*s%s%s", (int)(at - w), w, m->arg ? m->arg : "", at + 2);
	else
		hint("%s", w);
}

void
cli_install_writer(void)
{
	log_set_writer(write_cli, NULL);
}
