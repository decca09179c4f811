/*
 * ical_winzones.c — Windows zone names, as Outlook and Exchange write them
 * in TZID, mapped to IANA zones.
 *
 * The table is CLDR's windowsZones.xml (common/supplemental), the
 * "territory 001" default zone of each Windows name: every zone of Asia,
 * and the names Outlook writes most often elsewhere. Windows names never
 * carry DST rules of their own here: the IANA zone decides, so a name
 * that is not in this table is refused (never guessed or shifted).
 */
#include <string.h>
#include <strings.h>

#include "loa/ical.h"

static const struct {
	const char *windows; /* the Windows name */
	const char *iana;    /* CLDR's default IANA zone for it */
} winzones[] = {
    /* Asia */
    {"Afghanistan Standard Time", "Asia/Kabul"},
    {"Altai Standard Time", "Asia/Barnaul"},
    {"Arab Standard Time", "Asia/Riyadh"},
    {"Arabian Standard Time", "Asia/Dubai"},
    {"Arabic Standard Time", "Asia/Baghdad"},
    {"Azerbaijan Standard Time", "Asia/Baku"},
    {"Bangladesh Standard Time", "Asia/Dhaka"},
    {"Caucasus Standard Time", "Asia/Yerevan"},
    {"Central Asia Standard Time", "Asia/Bishkek"},
    {"China Standard Time", "Asia/Shanghai"},
    {"Ekaterinburg Standard Time", "Asia/Yekaterinburg"},
    {"Georgian Standard Time", "Asia/Tbilisi"},
    {"India Standard Time", "Asia/Calcutta"},
    {"Iran Standard Time", "Asia/Tehran"},
    {"Israel Standard Time", "Asia/Jerusalem"},
    {"Jordan Standard Time", "Asia/Amman"},
    {"Korea Standard Time", "Asia/Seoul"},
    {"Middle East Standard Time", "Asia/Beirut"},
    {"Myanmar Standard Time", "Asia/Rangoon"},
    {"N. Central Asia Standard Time", "Asia/Novosibirsk"},
    {"Nepal Standard Time", "Asia/Katmandu"},
    {"North Asia East Standard Time", "Asia/Irkutsk"},
    {"North Asia Standard Time", "Asia/Krasnoyarsk"},
    {"North Korea Standard Time", "Asia/Pyongyang"},
    {"Omsk Standard Time", "Asia/Omsk"},
    {"Pakistan Standard Time", "Asia/Karachi"},
    {"Qyzylorda Standard Time", "Asia/Qyzylorda"},
    {"Russia Time Zone 10", "Asia/Srednekolymsk"},
    {"Russia Time Zone 11", "Asia/Kamchatka"},
    {"Sakhalin Standard Time", "Asia/Sakhalin"},
    {"SE Asia Standard Time", "Asia/Bangkok"},
    {"Singapore Standard Time", "Asia/Singapore"},
    {"Sri Lanka Standard Time", "Asia/Colombo"},
    {"Syria Standard Time", "Asia/Damascus"},
    {"Taipei Standard Time", "Asia/Taipei"},
    {"Tokyo Standard Time", "Asia/Tokyo"},
    {"Tomsk Standard Time", "Asia/Tomsk"},
    {"Transbaikal Standard Time", "Asia/Chita"},
    {"Ulaanbaatar Standard Time", "Asia/Ulaanbaatar"},
    {"Vladivostok Standard Time", "Asia/Vladivostok"},
    {"West Asia Standard Time", "Asia/Tashkent"},
    {"West Bank Standard Time", "Asia/Hebron"},
    {"Yakutsk Standard Time", "Asia/Yakutsk"},
    {"Magadan Standard Time", "Asia/Magadan"},
    /* Australia and the Pacific */
    {"AUS Central Standard Time", "Australia/Darwin"},
    {"AUS Eastern Standard Time", "Australia/Sydney"},
    {"Cen. Australia Standard Time", "Australia/Adelaide"},
    {"E. Australia Standard Time", "Australia/Brisbane"},
    {"Tasmania Standard Time", "Australia/Hobart"},
    {"W. Australia Standard Time", "Australia/Perth"},
    {"New Zealand Standard Time", "Pacific/Auckland"},
    {"Fiji Standard Time", "Pacific/Fiji"},
    {"Hawaiian Standard Time", "Pacific/Honolulu"},
    {"West Pacific Standard Time", "Pacific/Port_Moresby"},
    {"Central Pacific Standard Time", "Pacific/Guadalcanal"},
    {"Tonga Standard Time", "Pacific/Tongatapu"},
    {"Samoa Standard Time", "Pacific/Apia"},
    /* Europe and Africa */
    {"GMT Standard Time", "Europe/London"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"Romance Standard Time", "Europe/Paris"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"E. Europe Standard Time", "Europe/Chisinau"},
    {"FLE Standard Time", "Europe/Kiev"},
    {"GTB Standard Time", "Europe/Bucharest"},
    {"Russian Standard Time", "Europe/Moscow"},
    {"Turkey Standard Time", "Europe/Istanbul"},
    {"Egypt Standard Time", "Africa/Cairo"},
    {"South Africa Standard Time", "Africa/Johannesburg"},
    {"W. Central Africa Standard Time", "Africa/Lagos"},
    {"E. Africa Standard Time", "Africa/Nairobi"},
    {"Morocco Standard Time", "Africa/Casablanca"},
    /* The Americas */
    {"Eastern Standard Time", "America/New_York"},
    {"Central Standard Time", "America/Chicago"},
    {"Mountain Standard Time", "America/Denver"},
    {"US Mountain Standard Time", "America/Phoenix"},
    {"Pacific Standard Time", "America/Los_Angeles"},
    {"Alaskan Standard Time", "America/Anchorage"},
    {"Atlantic Standard Time", "America/Halifax"},
    {"Newfoundland Standard Time", "America/St_Johns"},
    {"Canada Central Standard Time", "America/Regina"},
    {"Central America Standard Time", "America/Guatemala"},
    {"Central Standard Time (Mexico)", "America/Mexico_City"},
    {"SA Pacific Standard Time", "America/Bogota"},
    {"SA Western Standard Time", "America/La_Paz"},
    {"SA Eastern Standard Time", "America/Cayenne"},
    {"E. South America Standard Time", "America/Sao_Paulo"},
    {"Argentina Standard Time", "America/Buenos_Aires"},
    {"Pacific SA Standard Time", "America/Santiago"},
    {"Venezuela Standard Time", "America/Caracas"},
    /* UTC and fixed offsets */
    {"UTC", "Etc/UTC"},
    {"Coordinated Universal Time", "Etc/UTC"},
    {"UTC-11", "Etc/GMT+11"},
    {"UTC-02", "Etc/GMT+2"},
    {"UTC+12", "Etc/GMT-12"},
    {"UTC+13", "Etc/GMT-13"},
    {"Dateline Standard Time", "Etc/GMT+12"},
};

const char *
ical_windows_zone(const char *name)
{
	for (size_t i = 0; i < sizeof winzones / sizeof winzones[0]; i++)
		if (strcasecmp(name, winzones[i].windows) == 0)
			return winzones[i].iana;
	return NULL;
}
