/*
 * ical_lazy.h — libical loaded on first use (include/loa/lazy.h); written by
 * scripts/lazy-header.py: each function the module calls goes through
 * lazy_fn(). Included after <libical/ical.h>, by the module that includes it.
 */
#ifndef LOA_ICAL_LAZY_H
#define LOA_ICAL_LAZY_H

#include "loa/lazy.h"

#define LAZY_ICAL_FUNCTIONS(X)                                                                               \
	X(icalattach_get_is_url)                                                                             \
	X(icalattach_get_url)                                                                                \
	X(icalcompiter_deref)                                                                                \
	X(icalcompiter_next)                                                                                 \
	X(icalcomponent_add_component)                                                                       \
	X(icalcomponent_add_property)                                                                        \
	X(icalcomponent_as_ical_string_r)                                                                    \
	X(icalcomponent_begin_component)                                                                     \
	X(icalcomponent_free)                                                                                \
	X(icalcomponent_get_first_component)                                                                 \
	X(icalcomponent_get_first_property)                                                                  \
	X(icalcomponent_get_next_component)                                                                  \
	X(icalcomponent_get_next_property)                                                                   \
	X(icalcomponent_get_parent)                                                                          \
	X(icalcomponent_get_status)                                                                          \
	X(icalcomponent_get_summary)                                                                         \
	X(icalcomponent_get_uid)                                                                             \
	X(icalcomponent_isa)                                                                                 \
	X(icalcomponent_new)                                                                                 \
	X(icalcomponent_new_clone)                                                                           \
	X(icalcomponent_remove_component)                                                                    \
	X(icalcomponent_remove_property)                                                                     \
	X(icalcomponent_set_uid)                                                                             \
	X(icaldurationtype_as_int)                                                                           \
	X(icalerror_clear_errno)                                                                             \
	X(icalmemory_free_ring)                                                                              \
	X(icalparser_parse_string)                                                                           \
	X(icalproperty_free)                                                                                 \
	X(icalproperty_get_attach)                                                                           \
	X(icalproperty_get_dtend)                                                                            \
	X(icalproperty_get_dtstart)                                                                          \
	X(icalproperty_get_duration)                                                                         \
	X(icalproperty_get_exdate)                                                                           \
	X(icalproperty_get_parameter_as_string)                                                              \
	X(icalproperty_get_rdate)                                                                            \
	X(icalproperty_get_recurrenceid)                                                                     \
	X(icalproperty_get_rrule)                                                                            \
	X(icalproperty_get_tzid)                                                                             \
	X(icalproperty_get_x)                                                                                \
	X(icalproperty_get_x_name)                                                                           \
	X(icalproperty_get_xlicerror)                                                                        \
	X(icalproperty_isa)                                                                                  \
	X(icalproperty_new_from_string)                                                                      \
	X(icalproperty_new_summary)                                                                          \
	X(icalproperty_new_x)                                                                                \
	X(icalproperty_set_parameter_from_string)                                                            \
	X(icalproperty_set_tzid)                                                                             \
	X(icalproperty_set_x_name)                                                                           \
	X(icalproperty_string_to_kind)                                                                       \
	X(icalrecur_iterator_free)                                                                           \
	X(icalrecur_iterator_new)                                                                            \
	X(icalrecur_iterator_next)                                                                           \
	X(icalrecur_iterator_set_start)                                                                      \
	X(icalrecurrencetype_as_string_r)                                                                    \
	X(icalrecurrencetype_day_day_of_week)                                                                \
	X(icalrecurrencetype_day_position)                                                                   \
	X(icalrecurrencetype_from_string)                                                                    \
	X(icaltime_is_null_time)                                                                             \
	X(icaltime_is_utc)                                                                                   \
	X(icaltime_null_time)                                                                                \
	X(icaltimezone_get_builtin_timezone)                                                                 \
	X(icaltimezone_get_component)

enum {
#define LAZY_ICAL_INDEX(f) LAZY_ICAL_##f,
	LAZY_ICAL_FUNCTIONS(LAZY_ICAL_INDEX)
#undef LAZY_ICAL_INDEX
};

extern struct lazy_lib ical_lazy;

/* Defined once, in the module's file that defines LAZY_ICAL_DEFINE. */
#ifdef LAZY_ICAL_DEFINE
#define LAZY_ICAL_NAME(f) #f,
static const char *const lazy_ical_names[] = {LAZY_ICAL_FUNCTIONS(LAZY_ICAL_NAME)};
#undef LAZY_ICAL_NAME
static lazy_fn_t lazy_ical_fns[sizeof lazy_ical_names / sizeof lazy_ical_names[0]];
struct lazy_lib ical_lazy = {LOA_SONAME_ICAL, lazy_ical_names, lazy_ical_fns, NULL};
#endif

#define icalattach_get_is_url                                                                                \
	((__typeof__(&icalattach_get_is_url))lazy_fn(&ical_lazy, LAZY_ICAL_icalattach_get_is_url))
#define icalattach_get_url                                                                                   \
	((__typeof__(&icalattach_get_url))lazy_fn(&ical_lazy, LAZY_ICAL_icalattach_get_url))
#define icalcompiter_deref                                                                                   \
	((__typeof__(&icalcompiter_deref))lazy_fn(&ical_lazy, LAZY_ICAL_icalcompiter_deref))
#define icalcompiter_next ((__typeof__(&icalcompiter_next))lazy_fn(&ical_lazy, LAZY_ICAL_icalcompiter_next))
#define icalcomponent_add_component                                                                          \
	((__typeof__(&icalcomponent_add_component))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_add_component))
#define icalcomponent_add_property                                                                           \
	((__typeof__(&icalcomponent_add_property))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_add_property))
#define icalcomponent_as_ical_string_r                                                                       \
	((__typeof__(&icalcomponent_as_ical_string_r))lazy_fn(&ical_lazy,                                    \
	                                                      LAZY_ICAL_icalcomponent_as_ical_string_r))
#define icalcomponent_begin_component                                                                        \
	((__typeof__(&icalcomponent_begin_component))lazy_fn(&ical_lazy,                                     \
	                                                     LAZY_ICAL_icalcomponent_begin_component))
#define icalcomponent_free                                                                                   \
	((__typeof__(&icalcomponent_free))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_free))
#define icalcomponent_get_first_component                                                                    \
	((__typeof__(&icalcomponent_get_first_component))lazy_fn(                                            \
	    &ical_lazy, LAZY_ICAL_icalcomponent_get_first_component))
#define icalcomponent_get_first_property                                                                     \
	((__typeof__(&icalcomponent_get_first_property))lazy_fn(&ical_lazy,                                  \
	                                                        LAZY_ICAL_icalcomponent_get_first_property))
#define icalcomponent_get_next_component                                                                     \
	((__typeof__(&icalcomponent_get_next_component))lazy_fn(&ical_lazy,                                  \
	                                                        LAZY_ICAL_icalcomponent_get_next_component))
#define icalcomponent_get_next_property                                                                      \
	((__typeof__(&icalcomponent_get_next_property))lazy_fn(&ical_lazy,                                   \
	                                                       LAZY_ICAL_icalcomponent_get_next_property))
#define icalcomponent_get_parent                                                                             \
	((__typeof__(&icalcomponent_get_parent))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_get_parent))
#define icalcomponent_get_status                                                                             \
	((__typeof__(&icalcomponent_get_status))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_get_status))
#define icalcomponent_get_summary                                                                            \
	((__typeof__(&icalcomponent_get_summary))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_get_summary))
#define icalcomponent_get_uid                                                                                \
	((__typeof__(&icalcomponent_get_uid))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_get_uid))
#define icalcomponent_isa ((__typeof__(&icalcomponent_isa))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_isa))
#define icalcomponent_new ((__typeof__(&icalcomponent_new))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_new))
#define icalcomponent_new_clone                                                                              \
	((__typeof__(&icalcomponent_new_clone))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_new_clone))
#define icalcomponent_remove_component                                                                       \
	((__typeof__(&icalcomponent_remove_component))lazy_fn(&ical_lazy,                                    \
	                                                      LAZY_ICAL_icalcomponent_remove_component))
#define icalcomponent_remove_property                                                                        \
	((__typeof__(&icalcomponent_remove_property))lazy_fn(&ical_lazy,                                     \
	                                                     LAZY_ICAL_icalcomponent_remove_property))
#define icalcomponent_set_uid                                                                                \
	((__typeof__(&icalcomponent_set_uid))lazy_fn(&ical_lazy, LAZY_ICAL_icalcomponent_set_uid))
#define icaldurationtype_as_int                                                                              \
	((__typeof__(&icaldurationtype_as_int))lazy_fn(&ical_lazy, LAZY_ICAL_icaldurationtype_as_int))
#define icalerror_clear_errno                                                                                \
	((__typeof__(&icalerror_clear_errno))lazy_fn(&ical_lazy, LAZY_ICAL_icalerror_clear_errno))
#define icalmemory_free_ring                                                                                 \
	((__typeof__(&icalmemory_free_ring))lazy_fn(&ical_lazy, LAZY_ICAL_icalmemory_free_ring))
#define icalparser_parse_string                                                                              \
	((__typeof__(&icalparser_parse_string))lazy_fn(&ical_lazy, LAZY_ICAL_icalparser_parse_string))
#define icalproperty_free ((__typeof__(&icalproperty_free))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_free))
#define icalproperty_get_attach                                                                              \
	((__typeof__(&icalproperty_get_attach))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_attach))
#define icalproperty_get_dtend                                                                               \
	((__typeof__(&icalproperty_get_dtend))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_dtend))
#define icalproperty_get_dtstart                                                                             \
	((__typeof__(&icalproperty_get_dtstart))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_dtstart))
#define icalproperty_get_duration                                                                            \
	((__typeof__(&icalproperty_get_duration))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_duration))
#define icalproperty_get_exdate                                                                              \
	((__typeof__(&icalproperty_get_exdate))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_exdate))
#define icalproperty_get_parameter_as_string                                                                 \
	((__typeof__(&icalproperty_get_parameter_as_string))lazy_fn(                                         \
	    &ical_lazy, LAZY_ICAL_icalproperty_get_parameter_as_string))
#define icalproperty_get_rdate                                                                               \
	((__typeof__(&icalproperty_get_rdate))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_rdate))
#define icalproperty_get_recurrenceid                                                                        \
	((__typeof__(&icalproperty_get_recurrenceid))lazy_fn(&ical_lazy,                                     \
	                                                     LAZY_ICAL_icalproperty_get_recurrenceid))
#define icalproperty_get_rrule                                                                               \
	((__typeof__(&icalproperty_get_rrule))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_rrule))
#define icalproperty_get_tzid                                                                                \
	((__typeof__(&icalproperty_get_tzid))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_tzid))
#define icalproperty_get_x                                                                                   \
	((__typeof__(&icalproperty_get_x))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_x))
#define icalproperty_get_x_name                                                                              \
	((__typeof__(&icalproperty_get_x_name))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_x_name))
#define icalproperty_get_xlicerror                                                                           \
	((__typeof__(&icalproperty_get_xlicerror))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_get_xlicerror))
#define icalproperty_isa ((__typeof__(&icalproperty_isa))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_isa))
#define icalproperty_new_from_string                                                                         \
	((__typeof__(&icalproperty_new_from_string))lazy_fn(&ical_lazy,                                      \
	                                                    LAZY_ICAL_icalproperty_new_from_string))
#define icalproperty_new_summary                                                                             \
	((__typeof__(&icalproperty_new_summary))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_new_summary))
#define icalproperty_new_x                                                                                   \
	((__typeof__(&icalproperty_new_x))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_new_x))
#define icalproperty_set_parameter_from_string                                                               \
	((__typeof__(&icalproperty_set_parameter_from_string))lazy_fn(                                       \
	    &ical_lazy, LAZY_ICAL_icalproperty_set_parameter_from_string))
#define icalproperty_set_tzid                                                                                \
	((__typeof__(&icalproperty_set_tzid))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_set_tzid))
#define icalproperty_set_x_name                                                                              \
	((__typeof__(&icalproperty_set_x_name))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_set_x_name))
#define icalproperty_string_to_kind                                                                          \
	((__typeof__(&icalproperty_string_to_kind))lazy_fn(&ical_lazy, LAZY_ICAL_icalproperty_string_to_kind))
#define icalrecur_iterator_free                                                                              \
	((__typeof__(&icalrecur_iterator_free))lazy_fn(&ical_lazy, LAZY_ICAL_icalrecur_iterator_free))
#define icalrecur_iterator_new                                                                               \
	((__typeof__(&icalrecur_iterator_new))lazy_fn(&ical_lazy, LAZY_ICAL_icalrecur_iterator_new))
#define icalrecur_iterator_next                                                                              \
	((__typeof__(&icalrecur_iterator_next))lazy_fn(&ical_lazy, LAZY_ICAL_icalrecur_iterator_next))
#define icalrecur_iterator_set_start                                                                         \
	((__typeof__(&icalrecur_iterator_set_start))lazy_fn(&ical_lazy,                                      \
	                                                    LAZY_ICAL_icalrecur_iterator_set_start))
#define icalrecurrencetype_as_string_r                                                                       \
	((__typeof__(&icalrecurrencetype_as_string_r))lazy_fn(&ical_lazy,                                    \
	                                                      LAZY_ICAL_icalrecurrencetype_as_string_r))
#define icalrecurrencetype_day_day_of_week                                                                   \
	((__typeof__(&icalrecurrencetype_day_day_of_week))lazy_fn(                                           \
	    &ical_lazy, LAZY_ICAL_icalrecurrencetype_day_day_of_week))
#define icalrecurrencetype_day_position                                                                      \
	((__typeof__(&icalrecurrencetype_day_position))lazy_fn(&ical_lazy,                                   \
	                                                       LAZY_ICAL_icalrecurrencetype_day_position))
#define icalrecurrencetype_from_string                                                                       \
	((__typeof__(&icalrecurrencetype_from_string))lazy_fn(&ical_lazy,                                    \
	                                                      LAZY_ICAL_icalrecurrencetype_from_string))
#define icaltime_is_null_time                                                                                \
	((__typeof__(&icaltime_is_null_time))lazy_fn(&ical_lazy, LAZY_ICAL_icaltime_is_null_time))
#define icaltime_is_utc ((__typeof__(&icaltime_is_utc))lazy_fn(&ical_lazy, LAZY_ICAL_icaltime_is_utc))
#define icaltime_null_time                                                                                   \
	((__typeof__(&icaltime_null_time))lazy_fn(&ical_lazy, LAZY_ICAL_icaltime_null_time))
#define icaltimezone_get_builtin_timezone                                                                    \
	((__typeof__(&icaltimezone_get_builtin_timezone))lazy_fn(                                            \
	    &ical_lazy, LAZY_ICAL_icaltimezone_get_builtin_timezone))
#define icaltimezone_get_component                                                                           \
	((__typeof__(&icaltimezone_get_component))lazy_fn(&ical_lazy, LAZY_ICAL_icaltimezone_get_component))

#endif
