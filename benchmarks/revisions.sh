# Sourced by ab.sh and ab_rows.sh: builds two revisions' benchmarks in temporary git worktrees, $trees/a and $trees/b
# (removed on exit). Usage: build_revisions REV_A REV_B
build_revisions() {
  trees=$(mktemp -d)
  trap 'git worktree remove --force "$trees/a" >/dev/null 2>&1 || true; git worktree remove --force "$trees/b" >/dev/null 2>&1 || true; rm -rf "$trees"' EXIT
  local side rev
  for side in a b; do
    if [[ $side == a ]]; then rev=$1; else rev=$2; fi
    git worktree add --detach "$trees/$side" "$rev" >/dev/null 2>&1
    dotnet build "$trees/$side/benchmarks/PenaltyGen.Benchmarks" -c Release -v quiet -nologo >/dev/null
  done
}
