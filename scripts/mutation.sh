#!/usr/bin/env bash
# Mutation testing (PIT): which one-line changes to the code would the unit tests not notice? Slow (minutes per
# package), so it is not part of scripts/test.sh. Usage: scripts/mutation.sh [PACKAGE ...] (default: the packages the
# verdicts' numbers rest on). Writes toolkit/target/pit-reports/<package>/ (mutations.csv, index.html) and prints the
# share of mutants killed per package.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(lora train spectrum subspace results peft)
fi
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_CORETYPE=Haswell
mvn -B -ntp -q -DskipTests install
for p in "${packages[@]}"; do
  (cd toolkit && mvn -B -ntp -q -P cpu,mutation org.pitest:pitest-maven:mutationCoverage \
      -DtargetClasses="org.loralab.$p.*" -DtargetTests="org.loralab.*" \
      -DreportsDirectory="target/pit-reports/$p" -DexcludedTestClasses='*IT')
  csv="toolkit/target/pit-reports/$p/mutations.csv"
  awk -F, -v p="$p" '{ n++; if ($6 == "KILLED" || $6 == "TIMED_OUT" || $6 == "MEMORY_ERROR") k++ }
      END { printf "%s: %d of %d mutants killed (%.1f%%)\n", p, k, n, n ? 100 * k / n : 0 }' "$csv"
done
