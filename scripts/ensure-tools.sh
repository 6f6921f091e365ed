#!/usr/bin/env bash
# Installs what LoRA Lab needs from Debian when it is missing; Maven fetches every Java library.
# Sourced by ./loralab and scripts/test.sh.

apt_install() {  # apt_install PACKAGE...: installs them, with sudo when not root
  [ $# -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: please install $* (apt-get install $*)" >&2; return 2; }
    sudo="sudo"
  fi
  echo "loralab: installing $* with apt-get..." >&2
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# Java 17 and Maven, to build and run the toolkit; npm, which the build uses to bundle plotly.js for the
# interactive charts of report.html.
ensure_debian_packages() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v npm >/dev/null || missing+=(npm)
  apt_install "${missing[@]}"
}

# Jupyter, for the notebook tests and `loralab notebook run` (Debian's scripts use /usr/bin/python3),
# numpy, the independent reference of the spectrum tests and of `loralab bench spectrum`, the
# Fashion-MNIST data (IDX files under /usr/share/datasets/fashion-mnist), English and German fortunes (the text of
# the char-LM experiment, under /usr/share/games/fortunes), Chromium, which the tests use to open report.html, and
# PyTorch, the tests' independent oracle for layers, models and optimizers (with OpenBLAS: on Debian's reference BLAS
# it runs about 10x slower), and Slurm with munge, for the tests that run sweeps on a one-node Slurm cluster.
ensure_python_packages() {
  local missing=()
  for p in jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat jupyter-server python3-numpy \
           dataset-fashion-mnist fortunes fortunes-de chromium python3-torch libopenblas0-pthread \
           slurm-wlm munge; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  apt_install "${missing[@]}"
}
