#!/usr/bin/env bash
# Prove what can be proved of deploy/kubernetes without a cluster (`make k8s-check`):
#   1. `kubectl kustomize` renders every overlay;
#   2. kubernetes-validate checks every object strictly against the schemas of the oldest and
#      newest Kubernetes versions we support;
#   3. checkov runs its Kubernetes policy checks (exceptions, with reasons: deploy/kubernetes/checkov.yaml).
# The rendered manifests stay in $K8S_RENDERED (default: a temporary directory) for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
kubectl="${KUBECTL:-.venv/bin/kubectl}"
validate="${KUBERNETES_VALIDATE:-.venv/bin/kubernetes-validate}"
checkov="${CHECKOV:-.venv-policy/bin/checkov}"
versions="${K8S_VERSIONS:-1.30.0 1.37.0}"
out="${K8S_RENDERED:-$(mktemp -d)}"
mkdir -p "$out"

overlays=(deploy/kubernetes/overlays/*/)
[ ${#overlays[@]} -gt 0 ] || { echo "k8s-check: no overlays" >&2; exit 1; }
for overlay in "${overlays[@]}"; do
  name="$(basename "$overlay")"
  "$kubectl" kustomize "$overlay" > "$out/$name.yaml"
  objects="$(grep -c '^kind:' "$out/$name.yaml")"
  for version in $versions; do
    "$validate" --strict --quiet --kubernetes-version "$version" "$out/$name.yaml"
  done
  echo "k8s-check: $name renders $objects objects, valid for Kubernetes $versions"
done
"$checkov" --config-file deploy/kubernetes/checkov.yaml --directory "$out"
echo "k8s-check: policy checks passed (exceptions: deploy/kubernetes/checkov.yaml)"
