#!/usr/bin/env bash
# Rebuilds the datasets shipped in data/ from their public packages, so anyone can check what was committed:
#   data/fashion-mnist/  Fashion-MNIST test images (10,000 × 28×28 grey), copied as-is from Debian's dataset-fashion-mnist
#   data/emoji-32/       Noto emoji 32×32 RGB on white, cut from npm emoji-datasource-google@16.0.0 by tools/DatasetBuilder
# Needs: apt-get (root or sudo), npm, dotnet. The output is byte-for-byte the same on every run.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$repo/data"
emoji_version="16.0.0"
# Pinned so a changed upstream file fails loudly instead of silently changing the lab's data.
emoji_tarball_sha1="a80ac3e8106cbd4d8648ce758aa099e8827b6157"
fashion_t10k_unpacked_sha256="5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Fashion-MNIST (Debian package; MIT, © Zalando SE) ---
fashion_src="/usr/share/datasets/fashion-mnist"
if [ ! -f "$fashion_src/t10k-images-idx3-ubyte.gz" ]; then
  as_root apt-get update
  as_root apt-get install -y dataset-fashion-mnist
fi
# Debian re-compressed the files, so compare the unpacked bytes (those match the published dataset).
actual="$(gzip -dc "$fashion_src/t10k-images-idx3-ubyte.gz" | sha256sum | cut -d' ' -f1)"
[ "$actual" = "$fashion_t10k_unpacked_sha256" ] || { echo "Fashion-MNIST t10k images differ from the pinned sha256 ($actual)" >&2; exit 1; }
mkdir -p "$data/fashion-mnist"
cp "$fashion_src/t10k-images-idx3-ubyte.gz" "$data/fashion-mnist/"
cp /usr/share/doc/dataset-fashion-mnist/copyright "$data/fashion-mnist/LICENSE.txt"

# --- Emoji-32 (npm package; images Apache-2.0, package MIT) ---
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "emoji-datasource-google@$emoji_version" >/dev/null)
tarball="$work/emoji-datasource-google-$emoji_version.tgz"
actual="$(sha1sum "$tarball" | cut -d' ' -f1)"
[ "$actual" = "$emoji_tarball_sha1" ] || { echo "emoji-datasource-google tarball differs from the pinned sha1 ($actual)" >&2; exit 1; }
tar -xzf "$tarball" -C "$work" package/LICENSE package/emoji.json package/img/google/sheets-clean/32.png

mkdir -p "$data/emoji-32"
dotnet run --project "$repo/tools/DatasetBuilder" -c Release -- "$work/package" "$data/emoji-32/emoji32-images-idx4-ubyte.gz"
cp "$work/package/LICENSE" "$data/emoji-32/LICENSE-package-MIT.txt"
# The package names the images' licence (Apache-2.0, Google's Noto emoji) but ships no copy; Debian's is the verbatim text.
cp /usr/share/common-licenses/Apache-2.0 "$data/emoji-32/LICENSE-images-Apache-2.0.txt"

(cd "$data" && sha256sum fashion-mnist/*.gz emoji-32/*.gz)
