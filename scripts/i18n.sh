#!/usr/bin/env bash
# Translations. `scripts/i18n.sh update` extracts the strings of src/ and schema/ into
# jupyterlab_model_summary/locale/jupyterlab_model_summary.pot (jupyterlab-translate: gettext-extract for
# the TypeScript, the schema's titles and descriptions) and merges them into every catalogue's .po;
# `scripts/i18n.sh compile` writes the .json JupyterLab loads next to each .po.
# Add a language: `scripts/i18n.sh update fr_FR`, translate the new .po, then compile.
set -euo pipefail
cd "$(dirname "$0")/.."
DOMAIN=jupyterlab_model_summary
VPY=${VPY:-$PWD/.venv/bin/python}
LOCALE=$DOMAIN/locale
export PATH="$PWD/node_modules/.bin:$(dirname "$VPY"):$PATH"

# jupyterlab-translate walks every folder of the tree it is given (node_modules and venvs included):
# give it a staging copy of what holds strings.
stage() {
  local dir
  dir=$(mktemp -d)
  cp -r src schema package.json "$dir/"
  mkdir -p "$dir/$DOMAIN"
  # jupyterlab-translate reads the version from <package>/package.json when hatch is not installed.
  cp "$DOMAIN/__init__.py" package.json "$dir/$DOMAIN/"
  if [[ -d $LOCALE ]]; then cp -r "$LOCALE" "$dir/$DOMAIN/"; fi
  # A fresh template: jupyterlab-translate merges an existing one in, which would keep removed strings forever.
  rm -f "$dir/$LOCALE/$DOMAIN.pot"
  echo "$dir"
}

case "${1:-}" in
  update)
    shift
    dir=$(stage)
    trap 'rm -rf "$dir"' EXIT
    locales=("$@")
    if (( ${#locales[@]} == 0 )) && [[ -d $LOCALE ]]; then
      mapfile -t locales < <(find "$LOCALE" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
    fi
    args=()
    for l in "${locales[@]}"; do args+=(-l "$l"); done
    (cd "$dir" && "$(dirname "$VPY")/jupyterlab-translate" update . "$DOMAIN" "${args[@]}" > /dev/null 2>&1)
    # Paths in the catalogues are relative to the staging folder: the repository's own.
    mkdir -p "$LOCALE"
    cp "$dir/$LOCALE/$DOMAIN.pot" "$LOCALE/"
    for l in "${locales[@]}"; do
      mkdir -p "$LOCALE/$l/LC_MESSAGES"
      # Strings no longer in the source go (msgmerge keeps them as obsolete #~ entries).
      msgattrib --no-obsolete -o "$LOCALE/$l/LC_MESSAGES/$DOMAIN.po" "$dir/$LOCALE/$l/LC_MESSAGES/$DOMAIN.po"
    done
    ;;
  compile)
    "$VPY" - "$LOCALE" "$DOMAIN" <<'PY'
import sys
from pathlib import Path
from jupyterlab_translate.converters import convert_catalog_to_json
locale_dir, domain = Path(sys.argv[1]), sys.argv[2]
for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
    # The converter keeps the strings of an existing .json: start afresh so removed ones go.
    po.with_suffix(".json").unlink(missing_ok=True)
    convert_catalog_to_json(po, po.parent, domain)
    print(po.with_suffix(".json"))
PY
    ;;
  *)
    echo "usage: scripts/i18n.sh update [LOCALE…] | compile" >&2
    exit 2
    ;;
esac
