#!/usr/bin/env bash
# scripts/make-demo-audio.sh — makes the demo clips of audio/ from text.
#
# Speech is espeak-ng's Vietnamese voice (-v vi); the jingle is a few sine
# chords made with sox. Everything is mono 22.05 kHz VBR MP3 (lame -V 7): the
# loudspeakers of a commune network carry speech, not hi-fi, and the whole
# folder stays well under 2 MB. VBR, because its Xing header states the exact
# length: for a CBR MP3 libsndfile can only estimate the length from the file
# size (tags included), and a careful importer then sees a "truncated" file. The texts use the wording of real district
# and commune instructions on administrative-reform (CCHC) publicity.
#
#   scripts/make-demo-audio.sh [OUTDIR]     (default: audio/ of the source tree)
#
# Reproducible: same tools, same texts, same files (lame writes no date, and
# the ID3 tags are fixed text).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$top/audio}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in espeak-ng sox lame; do
	command -v "$t" >/dev/null || {
		echo "make-demo-audio: '$t' is missing" >&2
		echo "hint: apt-get install espeak-ng sox lame" >&2
		exit 1
	}
done

# speak NAME TITLE TEXT: Vietnamese speech, 1 s of silence at the head and tail.
speak() {
	local name=$1 title=$2 text=$3
	espeak-ng -v vi -s 150 -p 45 -w "$tmp/$name.raw.wav" "$text"
	sox -R -D "$tmp/$name.raw.wav" -r 22050 -c 1 "$tmp/$name.wav" pad 0.5 1 norm -3
	encode "$name" "$title"
}

# encode NAME TITLE: WAV in $tmp to MP3 in $out, with fixed tags.
encode() {
	lame --quiet -m m -V 7 --resample 22.05 --tt "$2" --ta "Đài truyền thanh xã (demo)" \
		--tl "loa demo" --add-id3v2 "$tmp/$1.wav" "$out/$1.mp3"
}

# The jingle: three rising major chords, a short fade out (about 4 s).
sox -R -D -n -r 22050 -c 1 "$tmp/c1.wav" synth 0.6 sine 523.25 sine 659.25 sine 783.99 channels 1 fade 0.02 0.6 0.1
sox -R -D -n -r 22050 -c 1 "$tmp/c2.wav" synth 0.6 sine 587.33 sine 739.99 sine 880.00 channels 1 fade 0.02 0.6 0.1
sox -R -D -n -r 22050 -c 1 "$tmp/c3.wav" synth 2.2 sine 659.25 sine 830.61 sine 987.77 channels 1 fade 0.02 2.2 1.2
sox -R -D "$tmp/c1.wav" "$tmp/c2.wav" "$tmp/c3.wav" "$tmp/nhac-hieu.wav" pad 0.2 0.3 norm -6
encode nhac-hieu "Nhạc hiệu đài truyền thanh"

speak mo-dau "Lời mở đầu buổi phát thanh" \
"Đây là Đài truyền thanh xã. Kính thưa bà con nhân dân trong toàn xã. Sau đây là chương trình phát thanh của Đài truyền thanh xã."

speak cchc "Tuyên truyền cải cách hành chính" \
"Kính thưa bà con. Thực hiện Kế hoạch tuyên truyền cải cách hành chính năm 2024 của Ủy ban nhân dân huyện, Ủy ban nhân dân xã thông báo: từ nay, người dân và doanh nghiệp có thể nộp hồ sơ thủ tục hành chính qua dịch vụ công trực tuyến, hoặc tại Bộ phận tiếp nhận và trả kết quả của xã, trong giờ hành chính. Các quy định, quy trình về thủ tục hành chính được niêm yết công khai tại trụ sở Ủy ban nhân dân xã và trên Trang thông tin điện tử của xã. Đề nghị bà con tìm hiểu để biết và thực hiện đúng."

speak thong-bao "Thông báo phòng chống dịch sốt xuất huyết" \
"Thông báo của Ủy ban nhân dân xã. Để phòng, chống dịch sốt xuất huyết, đề nghị bà con các thôn, xóm thường xuyên vệ sinh nhà cửa, đậy kín dụng cụ chứa nước, thu gom vật dụng phế thải quanh nhà. Khi có người bị sốt cao, đề nghị đến ngay Trạm y tế xã để được khám và điều trị kịp thời."

speak ket-thuc "Lời kết thúc buổi phát thanh" \
"Chương trình phát thanh của Đài truyền thanh xã đến đây là kết thúc. Cảm ơn bà con đã lắng nghe. Xin chào và hẹn gặp lại."

ls -l "$out"/*.mp3
