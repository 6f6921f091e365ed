#!/usr/bin/env bash
# Installs what LoRA Lab needs from Debian when it is missing (Java 17 and Maven); Maven fetches the rest.
# Sourced by ./loralab and scripts/test.sh.
ensure_debian_packages() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: please install ${missing[*]} (apt-get install ${missing[*]})" >&2; return 2; }
    sudo="sudo"
  fi
  echo "loralab: installing ${missing[*]} with apt-get..." >&2
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}
