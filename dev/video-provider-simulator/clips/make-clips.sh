#!/usr/bin/env bash
# Makes the sample clips the simulator serves as finished renders: a slowly
# moving colour gradient, H.264 baseline, for every aspect ratio and duration
# the app orders. Needs ffmpeg (Debian: apt-get install ffmpeg); run it only
# to change the clips, which are committed.
set -euo pipefail
cd "$(dirname "$0")"
for spec in "16x9:448:252" "1x1:320:320" "9x16:252:448"; do
  IFS=: read -r name width height <<<"$spec"
  for seconds in 5 10; do
    ffmpeg -v error -y \
      -f lavfi -i "gradients=s=${width}x${height}:d=${seconds}:speed=0.02:rate=24:c0=0x1a1f36:c1=0x3b5bdb:c2=0xf59f00:c3=0xe8590c:n=4" \
      -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 32 -preset veryslow -movflags +faststart -an \
      "${name}-${seconds}s.mp4"
  done
done
