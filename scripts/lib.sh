# scripts/lib.sh — what demo.sh, test.sh and bench.sh share. Source it.

# Installs the packages of scripts/packages.txt that are missing: with
# apt-get when root, else prints the exact command and fails.
ensure_packages() {
	local list missing=()
	list=$(grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/packages.txt" | grep -v '^$')
	for p in $list; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "loa: missing Debian packages: ${missing[*]}" >&2
		echo "hint: install them with:" >&2
		echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
		return 1
	fi
	echo "Installing: ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures and builds into $1 with the remaining arguments for cmake.
build_loa() {
	local dir=$1
	shift
	cmake -S "$LOA_TOP" -B "$dir" "$@" >/dev/null
	cmake --build "$dir" -j"$(nproc)"
}

LOA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Generates the vi_VN.UTF-8 locale (tests check the Vietnamese messages
# under LANG=vi_VN.UTF-8) when root and when it is missing.
ensure_locale() {
	locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\{0,1\}8$' && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "loa: the vi_VN.UTF-8 locale is missing; the Vietnamese tests under LANG will be skipped" >&2
		echo "hint: generate it with: sudo sh -c 'echo vi_VN.UTF-8 UTF-8 >> /etc/locale.gen && locale-gen'" >&2
		return 0
	fi
	grep -q '^vi_VN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || echo 'vi_VN.UTF-8 UTF-8' >> /etc/locale.gen
	locale-gen >/dev/null
}
