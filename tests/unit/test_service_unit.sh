#!/bin/sh
# packaging/loa.service is a valid unit (systemd-analyze verify) and keeps
# what the daemon relies on: Type=notify, a watchdog, restart on failure,
# the audio group and the hardening that still lets ALSA through.
top=${1:-.}
unit="$top/packaging/loa.service"
fail=0
for want in '^Type=notify$' '^WatchdogSec=' '^Restart=on-failure$' '^User=loa$' \
	'^SupplementaryGroups=audio$' '^ProtectSystem=strict$' '^ReadWritePaths=/var/lib/loa$' \
	'^PrivateTmp=yes$' '^NoNewPrivileges=yes$' '^DeviceAllow=char-alsa rw$' '^ExecReload=.*-HUP'; do
	if grep -q "$want" "$unit"; then echo "ok: $want"; else echo "FAIL: $unit lacks $want"; fail=1; fi
done
if grep -q '^PrivateDevices=yes' "$unit"; then echo "FAIL: PrivateDevices=yes hides /dev/snd"; fail=1; fi
if command -v systemd-analyze >/dev/null; then
	tmp=$(mktemp -d) || exit 1
	# The binary is not installed here: verify the unit with /bin/true.
	sed 's|/usr/bin/loa|/bin/true|' "$unit" > "$tmp/loa.service"
	if systemd-analyze verify --man=no "$tmp/loa.service"; then echo "ok: systemd-analyze verify"
	else echo "FAIL: systemd-analyze verify"; fail=1; fi
	rm -rf "$tmp"
else
	echo "skip: systemd-analyze not installed"
fi
# packaging/loa-web.service: the console's unit, hardened the same way but
# with the network, and no device at all.
web="$top/packaging/loa-web.service"
for want in '^User=loa$' '^ProtectSystem=strict$' '^ReadWritePaths=/var/lib/loa$' '^PrivateTmp=yes$' \
	'^PrivateDevices=yes$' '^NoNewPrivileges=yes$' '^ExecStart=/usr/bin/loa web$' \
	'^RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6$' '^CapabilityBoundingSet=$'; do
	if grep -q "$want" "$web"; then echo "ok: $want"; else echo "FAIL: $web lacks $want"; fail=1; fi
done
if command -v systemd-analyze >/dev/null; then
	tmp=$(mktemp -d) || exit 1
	sed 's|/usr/bin/loa|/bin/true|' "$web" > "$tmp/loa-web.service"
	if systemd-analyze verify --man=no "$tmp/loa-web.service"; then echo "ok: systemd-analyze verify loa-web"
	else echo "FAIL: systemd-analyze verify loa-web"; fail=1; fi
	rm -rf "$tmp"
fi
# packaging/loa-link.service: the link's unit, hardened as the console's,
# and not restarted in a loop when loa.conf has no [link] (exit 2).
link="$top/packaging/loa-link.service"
for want in '^User=loa$' '^ProtectSystem=strict$' '^ReadWritePaths=/var/lib/loa$' '^PrivateDevices=yes$' \
	'^NoNewPrivileges=yes$' '^ExecStart=/usr/bin/loa link$' '^RestartPreventExitStatus=2$' \
	'^RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6$' '^CapabilityBoundingSet=$'; do
	if grep -q "$want" "$link"; then echo "ok: $want"; else echo "FAIL: $link lacks $want"; fail=1; fi
done
if command -v systemd-analyze >/dev/null; then
	tmp=$(mktemp -d) || exit 1
	sed 's|/usr/bin/loa|/bin/true|' "$link" > "$tmp/loa-link.service"
	if systemd-analyze verify --man=no "$tmp/loa-link.service"; then echo "ok: systemd-analyze verify loa-link"
	else echo "FAIL: systemd-analyze verify loa-link"; fail=1; fi
	rm -rf "$tmp"
fi
# packaging/loa-hub.service: the hub's unit (the loa-hub package), hardened
# as the link's, as its own user, its settings in /etc/default/loa-hub.
hub="$top/packaging/loa-hub.service"
for want in '^User=loa-hub$' '^ProtectSystem=strict$' '^PrivateTmp=yes$' '^PrivateDevices=yes$' \
	'^NoNewPrivileges=yes$' '^ExecStart=/usr/bin/loa-hub run ' '^RestartPreventExitStatus=2$' \
	'^EnvironmentFile=-/etc/default/loa-hub$' '^RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6$' \
	'^CapabilityBoundingSet=$' '^MemoryDenyWriteExecute=yes$'; do
	if grep -q "$want" "$hub"; then echo "ok: $want"; else echo "FAIL: $hub lacks $want"; fail=1; fi
done
if grep -q '^ReadWritePaths=' "$hub"; then echo "FAIL: loa-hub writes no file of its own"; fail=1; fi
if command -v systemd-analyze >/dev/null; then
	tmp=$(mktemp -d) || exit 1
	sed 's|/usr/bin/loa-hub|/bin/true|' "$hub" > "$tmp/loa-hub.service"
	if systemd-analyze verify --man=no "$tmp/loa-hub.service"; then echo "ok: systemd-analyze verify loa-hub"
	else echo "FAIL: systemd-analyze verify loa-hub"; fail=1; fi
	rm -rf "$tmp"
fi
[ $fail = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
