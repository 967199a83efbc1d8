#!/bin/sh
# update.sh copies GOV.UK Frontend's built files from node_modules into this
# folder, where they are embedded into the binary. Run it (or `make assets`)
# after changing the govuk-frontend version in package.json, and commit the
# result: a fresh checkout then builds and serves without npm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../../node_modules/govuk-frontend/dist/govuk"
if [ ! -d "$src" ]; then
	echo "update.sh: $src not found: run npm ci first" >&2
	exit 1
fi
dst="$here/govuk"
rm -rf "$dst"
mkdir -p "$dst/fonts" "$dst/images"
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$dst/"
cp "$src/assets/manifest.json" "$dst/"
cp "$src/assets/fonts/"* "$dst/fonts/"
cp "$src/assets/images/"* "$dst/images/"
cp "$here/../../../node_modules/govuk-frontend/LICENSE.txt" "$dst/LICENSE.txt" 2>/dev/null || cp "$here/../../../node_modules/govuk-frontend/LICENSE" "$dst/LICENSE.txt" 2>/dev/null || true
version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$src/../../package.json" | head -n 1)
echo "$version" > "$dst/VERSION"
echo "copied govuk-frontend $version into $dst"
