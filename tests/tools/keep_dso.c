/*
 * keep_dso.c — preloaded into the tests under LeakSanitizer only: dlclose()
 * does nothing, so the shared objects a library loads and unloads stay
 * mapped until the leak check at exit, and its leaks are reported with the
 * name of the object they come from, not "<unknown module>".
 *
 * Why: on a desktop with libasound2-plugins, PortAudio's ALSA back end
 * opens ALSA's pulse and jack plugins while it lists devices; they leak a
 * few bytes and are dlclose()d before exit. tests/lsan.supp then names
 * those plugins (never loa) as the leaks to ignore.
 */
int dlclose(void *handle);

int
dlclose(void *handle)
{
	(void)handle;
	return 0;
}
