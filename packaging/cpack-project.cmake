# Read by cpack as it builds the packages (CPACK_PROJECT_CONFIG_FILE).
# Each package's description starts with its own synopsis (loa's and
# loa-hub's differ); without this CPack would put the project's summary
# above both.
unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
