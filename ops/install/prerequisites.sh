# Sourced by ./rpa: checks and installs what RpaRunner needs from the system, quietly and idempotently.

rpa_say() { printf '\033[36mrpa:\033[0m %s\n' "$*" >&2; }

rpa_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    rpa_say "The .NET SDK is missing. Install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run this again."
    exit 3
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# rpa_ensure_packages LIST_FILE…: installs the Debian packages named in the files (one per line, # comments) that are missing.
rpa_ensure_packages() {
  local wanted=() missing=() file line
  for file in "$@"; do
    [ -f "$file" ] || continue
    while IFS= read -r line || [ -n "$line" ]; do
      line="${line%%#*}"; line="${line//[[:space:]]/}"
      [ -n "$line" ] && wanted+=("$line")
    done <"$file"
  done
  [ ${#wanted[@]} -gt 0 ] || return 0
  if ! command -v dpkg-query >/dev/null 2>&1; then
    rpa_say "Not a Debian/Ubuntu system: make sure these are installed: ${wanted[*]}"
    return 0
  fi
  for line in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$line" 2>/dev/null | grep -q "install ok installed" || missing+=("$line")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      rpa_say "Missing system packages (${missing[*]}) and no root rights to install them. Install them, then run this again."
      exit 3
    fi
  fi
  rpa_say "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rpa_say "Installed: ${missing[*]}"
}
