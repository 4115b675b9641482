/// @file test_export.cpp
/// Exports against independent readers: ffmpeg/ffprobe read the ffmetadata
/// chapters and the WebVTT cues, a CMX 3600 event-line parser reads the EDL,
/// the OTIO JSON is checked against OpenTimelineIO's documented serialized
/// fields, Python's xml.etree reads the FCPXML, and the CSV header is
/// PySceneDetect's documented list-scenes header. All must give the sidecar's
/// cut frames.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "export/asset_doc.hpp"
#include "export/exporters.hpp"
#include "export/timecode.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale::exports;
using reelscale::testing::run_capture;
using reelscale::testing::run_shell;
using reelscale::testing::shell_quote;

namespace {

TEST(Timecode, DropFrameMatchesSmpte12Counting) {
  const Rate df{30000, 1001};
  EXPECT_EQ(frames_to_timecode(0, df), "00:00:00;00");
  EXPECT_EQ(frames_to_timecode(1799, df), "00:00:59;29");
  EXPECT_EQ(frames_to_timecode(1800, df), "00:01:00;02");  // ;00 and ;01 are skipped
  EXPECT_EQ(frames_to_timecode(17981, df), "00:09:59;29");
  EXPECT_EQ(frames_to_timecode(17982, df), "00:10:00;00");  // every 10th minute keeps them
  EXPECT_EQ(frames_to_timecode(107892, df), "01:00:00;00"); // 29.97 * 3600 rounded
  EXPECT_EQ(frames_to_timecode(90000, {25, 1}), "01:00:00:00");
  EXPECT_EQ(frames_to_timecode(86400, {24000, 1001}), "01:00:00:00");  // 23.976 is non-drop
  for (std::int64_t f = 0; f < 300000; f += 7) ASSERT_EQ(timecode_to_frames(frames_to_timecode(f, df), df), f);
  const Rate df60{60000, 1001};
  EXPECT_EQ(frames_to_timecode(3600, df60), "00:01:00;04");
  EXPECT_THROW(timecode_to_frames("00:01:00;30", df), std::invalid_argument);
}

/// Frames of a CMX 3600 EDL: (record in, record out) of every event line.
std::vector<std::pair<std::int64_t, std::int64_t>> parse_edl(const std::string& text, const Rate& r, bool* drop) {
  static const std::regex event(
      R"(^(\d{3})\s+(\S{1,8})\s+(V|A|A2|AA|B|AA/V)\s+(C|D|W\d{3})\s+(?:\d{3}\s+)?)"
      R"((\d\d[:;]\d\d[:;]\d\d[:;]\d\d)\s+(\d\d[:;]\d\d[:;]\d\d[:;]\d\d)\s+)"
      R"((\d\d[:;]\d\d[:;]\d\d[:;]\d\d)\s+(\d\d[:;]\d\d[:;]\d\d[:;]\d\d)\s*$)");
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  std::istringstream in(text);
  std::string line;
  *drop = false;
  while (std::getline(in, line)) {
    if (line.rfind("FCM:", 0) == 0) *drop = line.find("NON-DROP") == std::string::npos;
    std::smatch m;
    if (!std::regex_match(line, m, event)) continue;
    const std::int64_t si = timecode_to_frames(m[5], r), so = timecode_to_frames(m[6], r);
    const std::int64_t ri = timecode_to_frames(m[7], r), ro = timecode_to_frames(m[8], r);
    EXPECT_EQ(so - si, ro - ri) << line;
    out.emplace_back(ri, ro);
  }
  return out;
}

TEST(Export, EdlOfSyntheticAssetStartsAtItsTimecode) {
  AssetDoc d;
  d.id = "x";
  d.path = "/a/b.mov";
  d.rate = {30000, 1001};
  d.timecode = "01:00:00;00";
  d.tc_start = timecode_to_frames(d.timecode, d.rate);
  d.frames = 3000;
  d.scenes = {{{0, 1799}, 10}, {{1800, 2999}, 1900}};
  const std::string edl = to_edl(d, segments(d, Units::scenes));
  bool drop = false;
  const auto ev = parse_edl(edl, d.rate, &drop);
  EXPECT_TRUE(drop);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_NE(edl.find("01:00:00;00 01:01:00;02"), std::string::npos) << edl;
  EXPECT_EQ(ev[1].first - d.tc_start, 1800);
  EXPECT_EQ(ev[1].second - d.tc_start, 3000);
}

/// One dev programme run through `reelscale run` once for all tests below.
class ExportCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto corpus = reelscale::testing::corpus_dir();
    if (!corpus || !fs::exists(*corpus / "broadcast_ts.ts")) return;
    out_ = reelscale::testing::scratch_dir("export_corpus");
    media_ = *corpus / "broadcast_ts.ts";
    const std::string cmd = shell_quote(reelscale::testing::reelscale_binary().string()) + " run --no-index --input " +
                            shell_quote(media_.string()) + " --out " + shell_quote(out_.string()) + " >/dev/null 2>&1";
    if (run_shell(cmd) != 0) return;
    const auto files = sidecar_files(out_);
    if (files.size() == 1) doc_ = std::make_unique<AssetDoc>(read_sidecar(files[0]));
  }
  void SetUp() override {
    if (!doc_) GTEST_SKIP() << "corpus file broadcast_ts.ts not found or `reelscale run` failed (REELSCALE_CORPUS)";
    ASSERT_GE(doc_->scenes.size(), 3u);
  }
  static std::vector<std::int64_t> scene_starts() {
    std::vector<std::int64_t> v;
    for (const auto& s : doc_->scenes) v.push_back(s.span.start);
    return v;
  }
  static fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = out_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  static inline fs::path out_, media_;
  static inline std::unique_ptr<AssetDoc> doc_;
};

TEST_F(ExportCorpus, FfmpegReadsTheChaptersAtTheSceneCuts) {
  const fs::path meta = write("chapters.txt", to_ffmetadata(*doc_, segments(*doc_, Units::scenes)));
  const fs::path mkv = out_ / "chapters.mkv";
  ASSERT_EQ(run_shell("ffmpeg -v error -y -i " + shell_quote(media_.string()) + " -i " + shell_quote(meta.string()) +
                      " -map_metadata 1 -map_chapters 1 -codec copy " + shell_quote(mkv.string())),
            0);
  int st = 0;
  const auto j = nlohmann::json::parse(
      run_capture("ffprobe -v error -show_chapters -of json " + shell_quote(mkv.string()), &st));
  ASSERT_EQ(st, 0);
  const auto& ch = j.at("chapters");
  ASSERT_EQ(ch.size(), doc_->scenes.size());
  for (std::size_t i = 0; i < ch.size(); ++i) {
    const double a = std::stod(ch[i].at("start_time").get<std::string>());
    const double b = std::stod(ch[i].at("end_time").get<std::string>());
    EXPECT_EQ(std::llround(a * doc_->rate.fps()), doc_->scenes[i].span.start) << "chapter " << i;
    EXPECT_EQ(std::llround(b * doc_->rate.fps()), doc_->scenes[i].span.end + 1) << "chapter " << i;
    EXPECT_EQ(ch[i].at("tags").at("title"), "Scene " + std::to_string(i + 1));
  }
}

TEST_F(ExportCorpus, EdlEventLinesGiveTheSceneCuts) {
  bool drop = false;
  const auto ev = parse_edl(to_edl(*doc_, segments(*doc_, Units::scenes)), doc_->rate, &drop);
  EXPECT_TRUE(drop) << "broadcast_ts.ts is 29.97 fps: drop-frame";
  ASSERT_EQ(ev.size(), doc_->scenes.size());
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_EQ(ev[i].first - doc_->tc_start, doc_->scenes[i].span.start);
    EXPECT_EQ(ev[i].second - doc_->tc_start, doc_->scenes[i].span.end + 1);
  }
  const auto shots = parse_edl(to_edl(*doc_, segments(*doc_, Units::shots)), doc_->rate, &drop);
  EXPECT_EQ(shots.size(), doc_->shots.size());
}

TEST_F(ExportCorpus, CsvHasPySceneDetectListScenesColumns) {
  const std::string csv = to_csv(*doc_, segments(*doc_, Units::scenes));
  std::istringstream in(csv);
  std::string cuts, header, row;
  std::getline(in, cuts);
  std::getline(in, header);
  EXPECT_EQ(header,
            "Scene Number,Start Frame,Start Timecode,Start Time (seconds),End Frame,End Timecode,"
            "End Time (seconds),Length (frames),Length (timecode),Length (seconds)");
  EXPECT_EQ(cuts.rfind("Timecode List:", 0), 0u);
  std::size_t n = 0;
  while (std::getline(in, row)) {
    std::vector<std::string> f;
    std::stringstream ss(row);
    for (std::string c; std::getline(ss, c, ',');) f.push_back(c);
    ASSERT_EQ(f.size(), 10u) << row;
    const auto& s = doc_->scenes.at(n);
    EXPECT_EQ(std::stoll(f[0]), std::int64_t(n + 1));
    EXPECT_EQ(std::stoll(f[1]), s.span.start + 1);  // PySceneDetect: 1-based start frame
    EXPECT_EQ(std::stoll(f[4]), s.span.end + 1);
    EXPECT_EQ(std::stoll(f[7]), s.span.length());
    EXPECT_NEAR(std::stod(f[3]), s.span.start / doc_->rate.fps(), 0.0006);
    ++n;
  }
  EXPECT_EQ(n, doc_->scenes.size());
}

/// OpenTimelineIO's documented serialized fields (docs/tutorials/otio-serialized-schema.md).
const std::map<std::string, std::set<std::string>>& otio_fields() {
  static const std::map<std::string, std::set<std::string>> m = {
      {"Timeline.1", {"global_start_time", "metadata", "name", "tracks"}},
      {"Stack.1", {"children", "effects", "markers", "metadata", "name", "source_range"}},
      {"Track.1", {"children", "effects", "kind", "markers", "metadata", "name", "source_range"}},
      {"Clip.1", {"effects", "markers", "media_reference", "metadata", "name", "source_range"}},
      {"Gap.1", {"effects", "markers", "metadata", "name", "source_range"}},
      {"ExternalReference.1", {"available_range", "metadata", "name", "target_url"}},
      {"Marker.2", {"color", "marked_range", "metadata", "name"}},
      {"RationalTime.1", {"rate", "value"}},
      {"TimeRange.1", {"duration", "start_time"}}};
  return m;
}

/// Checks every object with an OTIO_SCHEMA recursively: known schema, every
/// documented field present, nothing undocumented but `enabled`.
void check_otio(const nlohmann::json& j, const std::string& where) {
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) check_otio(j[i], where + "[" + std::to_string(i) + "]");
    return;
  }
  if (!j.is_object()) return;
  if (j.contains("OTIO_SCHEMA")) {
    const std::string schema = j["OTIO_SCHEMA"];
    auto it = otio_fields().find(schema);
    ASSERT_NE(it, otio_fields().end()) << where << ": undocumented schema " << schema;
    for (const auto& f : it->second) EXPECT_TRUE(j.contains(f)) << where << " " << schema << " lacks " << f;
    for (const auto& [k, v] : j.items())
      EXPECT_TRUE(k == "OTIO_SCHEMA" || k == "enabled" || it->second.count(k)) << where << ": " << k;
    if (schema == "RationalTime.1") EXPECT_TRUE(j["rate"].is_number() && j["value"].is_number()) << where;
    if (schema == "Track.1") EXPECT_TRUE(j["kind"] == "Video" || j["kind"] == "Audio") << where;
  }
  for (const auto& [k, v] : j.items())
    if (k != "metadata") check_otio(v, where + "." + k);
}

TEST_F(ExportCorpus, OtioFollowsTheDocumentedSchemaAndHoldsTheCuts) {
  const auto j = nlohmann::json::parse(to_otio(*doc_, segments(*doc_, Units::scenes)));
  EXPECT_EQ(j.at("OTIO_SCHEMA"), "Timeline.1");
  check_otio(j, "timeline");
  const auto& track = j.at("tracks").at("children").at(0);
  std::int64_t at = 0;
  std::vector<std::int64_t> starts;
  for (const auto& c : track.at("children")) {
    const auto& sr = c.at("source_range");
    EXPECT_NEAR(sr["duration"]["rate"].get<double>(), 30000.0 / 1001, 1e-9);
    if (c["OTIO_SCHEMA"] == "Clip.1") {
      starts.push_back(std::llround(sr["start_time"]["value"].get<double>()) - doc_->tc_start);
      EXPECT_EQ(starts.back(), at) << "clips must be contiguous on the track";
    }
    at += std::llround(sr["duration"]["value"].get<double>());
  }
  EXPECT_EQ(starts, scene_starts());
  EXPECT_EQ(at, total_frames(*doc_));
  EXPECT_EQ(track.at("markers").size(), doc_->commercial_breaks.size());
}

TEST_F(ExportCorpus, FcpxmlParsesAndHoldsTheCuts) {
  const fs::path x = write("scenes.fcpxml", to_fcpxml(*doc_, segments(*doc_, Units::scenes)));
  const std::string py =
      "import sys,xml.etree.ElementTree as E\n"
      "from fractions import Fraction as F\n"
      "r=E.parse(sys.argv[1]).getroot()\n"
      "assert r.tag=='fcpxml'\n"
      "fd=F(r.find('resources/format').get('frameDuration')[:-1])\n"
      "for c in r.iter('asset-clip'):\n"
      "  o=F(c.get('offset')[:-1]); d=F(c.get('duration')[:-1])\n"
      "  assert (o/fd).denominator==1 and (d/fd).denominator==1\n"
      "  print(int(o/fd), int((o+d)/fd))\n";
  int st = 0;
  const std::string got = run_capture("python3 -c " + shell_quote(py) + " " + shell_quote(x.string()), &st);
  ASSERT_EQ(st, 0) << got;
  std::string want;
  for (const auto& s : doc_->scenes)
    want += std::to_string(doc_->tc_start + s.span.start) + " " + std::to_string(doc_->tc_start + s.span.end + 1) + "\n";
  EXPECT_EQ(got, want);
}

TEST_F(ExportCorpus, FfprobeReadsTheWebVttCues) {
  const fs::path v = write("scenes.vtt", to_webvtt(*doc_, segments(*doc_, Units::scenes)));
  int st = 0;
  const auto j = nlohmann::json::parse(run_capture(
      "ffprobe -v error -f webvtt -show_packets -show_entries packet=pts_time -of json " + shell_quote(v.string()),
      &st));
  ASSERT_EQ(st, 0);
  const auto& p = j.at("packets");
  ASSERT_EQ(p.size(), doc_->scenes.size());
  for (std::size_t i = 0; i < p.size(); ++i)
    EXPECT_EQ(std::llround(std::stod(p[i].at("pts_time").get<std::string>()) * doc_->rate.fps()),
              doc_->scenes[i].span.start);
}

TEST_F(ExportCorpus, BreakUnitsAlternatePartsAndCommercialBreaks) {
  const auto segs = segments(*doc_, Units::breaks);
  ASSERT_FALSE(doc_->commercial_breaks.empty()) << "broadcast_ts.ts has commercial breaks";
  std::int64_t at = 0, breaks = 0;
  for (const auto& s : segs) {
    EXPECT_EQ(s.span.start, at);
    at = s.span.end + 1;
    breaks += s.is_break;
  }
  EXPECT_EQ(at, total_frames(*doc_));
  EXPECT_EQ(breaks, std::int64_t(doc_->commercial_breaks.size()));
}

TEST_F(ExportCorpus, CommandWritesEveryFormatAndPrintsOneAsset) {
  const std::string bin = shell_quote(reelscale::testing::reelscale_binary().string());
  int st = 0;
  const std::string edl = run_capture(bin + " export " + shell_quote(out_.string()) + " --asset " + doc_->id +
                                      " --format edl --units shots 2>/dev/null", &st);
  ASSERT_EQ(st, 0);
  EXPECT_EQ(edl, to_edl(*doc_, segments(*doc_, Units::shots)));
  for (const char* f : {"csv", "edl", "otio", "fcpxml", "ffmetadata", "webvtt"}) {
    const fs::path dir = out_ / "cli" / f;
    ASSERT_EQ(run_shell(bin + " export " + shell_quote(out_.string()) + " --format " + f + " --out " +
                        shell_quote(dir.string()) + " 2>/dev/null"), 0) << f;
    const fs::path file = dir / (doc_->id + extension(parse_format(f)));
    EXPECT_TRUE(fs::exists(file)) << file;
    std::ifstream in(file);
    std::stringstream got;
    got << in.rdbuf();
    EXPECT_EQ(got.str(), render(parse_format(f), *doc_, segments(*doc_, Units::scenes))) << f;
  }
  EXPECT_NE(run_shell(bin + " export " + shell_quote(out_.string()) + " --format avid 2>/dev/null"), 0);
  EXPECT_NE(run_shell(bin + " export " + shell_quote(out_.string()) + " --asset nope --format csv 2>/dev/null"), 0);
}

TEST(ExportTimecode, AssetTimecodeTagReachesTheEdl) {
  const fs::path dir = reelscale::testing::scratch_dir("export_tc");
  const fs::path clip = dir / "tc.mov";
  ASSERT_EQ(run_shell("ffmpeg -v error -y -f lavfi -i testsrc=d=2:r=30000/1001:s=160x120 -timecode '01:00:00;00' "
                      "-c:v mpeg4 " + shell_quote(clip.string())),
            0);
  ASSERT_EQ(run_shell(shell_quote(reelscale::testing::reelscale_binary().string()) +
                      " run --no-index --no-audio --input " + shell_quote(clip.string()) + " --out " +
                      shell_quote((dir / "out").string()) + " >/dev/null 2>&1"),
            0);
  const auto files = sidecar_files(dir / "out");
  ASSERT_EQ(files.size(), 1u);
  const AssetDoc d = read_sidecar(files[0]);
  EXPECT_EQ(d.timecode, "01:00:00;00");
  EXPECT_EQ(d.tc_start, 107892);
  bool drop = false;
  const auto ev = parse_edl(to_edl(d, segments(d, Units::shots)), d.rate, &drop);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev.front().first, 107892);
  EXPECT_EQ(ev.back().second - ev.front().first, total_frames(d));
}

}  // namespace
