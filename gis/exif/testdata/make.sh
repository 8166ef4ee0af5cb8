#!/bin/sh
# Makes the sample photos of exif_test.go: a small image encoded by
# ImageMagick as each container a phone may save (HEIC as iPhones do, PNG,
# WebP), then the time and position written into it by exiftool, as a
# camera would. Run from this folder; needs imagemagick (with libheif) and
# libimage-exiftool-perl. The files are kept so that the test does not
# depend on an HEVC encoder; exiftool, where installed, referees the test.
set -eu
IM=convert-im6.q16
command -v "$IM" >/dev/null || IM=magick
$IM -size 32x24 gradient:orange-teal base.png
$IM base.png photo.heic
$IM base.png photo.webp
cp base.png photo.png
cp base.png noexif.png
$IM base.png noexif.webp
$IM base.png noexif.heic
rm base.png
exiftool -q -overwrite_original -DateTimeOriginal="2026:12:06 09:41:07" \
  -GPSLatitude=20.8085 -GPSLatitudeRef=N -GPSLongitude=106.6265 -GPSLongitudeRef=E photo.heic
exiftool -q -overwrite_original -DateTimeOriginal="2026:11:10 07:14:00" -OffsetTimeOriginal=+07:00 \
  -GPSLatitude=20.8201 -GPSLatitudeRef=N -GPSLongitude=106.6402 -GPSLongitudeRef=E photo.png
exiftool -q -overwrite_original -ExifByteOrder=Big-endian -DateTimeOriginal="2025:01:31 23:59:59" \
  -GPSLatitude=33.95 -GPSLatitudeRef=S -GPSLongitude=118.4 -GPSLongitudeRef=W photo.webp
