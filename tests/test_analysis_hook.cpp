// The plug-in hook (src/analysis/, pipeline/analyser_stage): a dummy FrameAnalyser and
// AudioAnalyser registered in PipelineOptions on clips made here with the ffmpeg CLI;
// their tables and sections through the sidecar and the catalog (also through a merge copy).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/catalog_writer.hpp"
#include "catalog/json_sidecar.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "support/test_support.hpp"

namespace rt = reelscale::testing;
namespace an = reelscale::analysis;
using reelscale::AssetRecord;
using reelscale::AssetStatus;
using reelscale::pipeline::analyse_asset;
using reelscale::pipeline::PipelineOptions;
using reelscale::record::Column;
using reelscale::record::Table;

namespace {

/// What the dummy analyser saw, shared with the test.
struct Seen {
  std::mutex mu;
  std::vector<std::int64_t> frames;
  std::vector<double> pts;
  std::vector<cv::Vec3b> centre;  ///< BGR pixel at the image centre
  cv::Size size;
  double scale = 0;
  bool finished_with_shots = false;
};

class DummyAnalyser final : public an::FrameAnalyser {
 public:
  DummyAnalyser(std::shared_ptr<Seen> s, double hz, bool throws) : s_(std::move(s)), hz_(hz), throws_(throws) {}
  std::string key() const override { return "dummy"; }
  double sample_hz() const override { return hz_; }
  int max_side() const override { return 320; }
  void analyse(const an::AnalysisFrame& f) override {
    if (throws_ && f.frame == 5) throw std::runtime_error("boom");
    ASSERT_EQ(f.bgr.type(), CV_8UC3);
    std::lock_guard lock(s_->mu);
    s_->frames.push_back(f.frame);
    s_->pts.push_back(f.pts_s);
    s_->centre.push_back(f.bgr.at<cv::Vec3b>(f.bgr.rows / 2, f.bgr.cols / 2));
    s_->size = f.bgr.size();
    s_->scale = f.scale;
  }
  an::AnalysisResult finish(const AssetRecord& rec) override {
    an::AnalysisResult r;
    std::lock_guard lock(s_->mu);
    std::sort(s_->frames.begin(), s_->frames.end());
    s_->finished_with_shots = !rec.shots.shots.empty();
    r.sidecar = {{"n", s_->frames.size()}};
    Table t;
    t.name = "dummy";
    t.columns.push_back(Column{"frame", "frames", 1, s_->frames});
    std::vector<float> pairs;
    for (auto f : s_->frames) {
      pairs.push_back(float(f));
      pairs.push_back(float(f) * 0.5f);
    }
    t.columns.push_back(Column{"pair", "px", 2, pairs});
    std::vector<std::string> labels;
    for (auto f : s_->frames) labels.push_back("frame " + std::to_string(f) + " \xc3\xa9");
    t.columns.push_back(Column{"label", "", 1, labels});
    r.tables.push_back(std::move(t));
    return r;
  }

 private:
  std::shared_ptr<Seen> s_;
  double hz_;
  bool throws_;
};

/// Collects the 16 kHz mono feed.
struct Heard {
  std::vector<float> samples;
  std::vector<double> t0;
  std::vector<std::size_t> offsets;
};

class DummyAudio final : public an::AudioAnalyser {
 public:
  explicit DummyAudio(std::shared_ptr<Heard> h) : h_(std::move(h)) {}
  std::string key() const override { return "dummy_audio"; }
  void consume(std::span<const float> x, double t0) override {
    h_->offsets.push_back(h_->samples.size());
    h_->t0.push_back(t0);
    h_->samples.insert(h_->samples.end(), x.begin(), x.end());
  }
  an::AnalysisResult finish(const AssetRecord&) override {
    an::AnalysisResult r;
    r.skipped = "no model (test)";
    return r;
  }

 private:
  std::shared_ptr<Heard> h_;
};

/// `frames` frames at 25 fps, 640x480 of one colour (lossless yuv444p H.264).
std::filesystem::path colour_clip(const std::filesystem::path& dir, const std::string& colour, int frames) {
  return rt::make_clip(dir, "c.mp4",
                       "-f lavfi -i color=c=" + colour + ":size=640x480:rate=25 -frames:v " + std::to_string(frames) +
                           " -c:v libx264 -pix_fmt yuv444p -qp 0");
}

PipelineOptions with_dummy(std::shared_ptr<Seen> s, double hz, bool throws = false) {
  PipelineOptions o;
  o.detect_scenes = false;
  o.frame_analysers.push_back([s, hz, throws] { return std::make_unique<DummyAnalyser>(s, hz, throws); });
  return o;
}

}  // namespace

TEST(AnalysisHook, FrameAnalyserSamplesNearestFrameAtItsRateInBgr) {
  auto dir = rt::scratch_dir("hook");
  auto clip = colour_clip(dir, "0x2040C0", 60);  // R=0x20 G=0x40 B=0xC0
  auto seen = std::make_shared<Seen>();
  const AssetRecord rec = analyse_asset(clip, with_dummy(seen, 5.0));  // every 5th frame
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  ASSERT_EQ(rec.frames, 60);
  const std::vector<std::int64_t> want = {0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55};
  EXPECT_EQ(seen->frames, want);
  EXPECT_EQ(seen->size, cv::Size(320, 240));  // longer side capped at max_side() = 320
  EXPECT_DOUBLE_EQ(seen->scale, 2.0);
  for (const auto& px : seen->centre) {
    EXPECT_NEAR(px[0], 0xC0, 4);
    EXPECT_NEAR(px[1], 0x40, 4);
    EXPECT_NEAR(px[2], 0x20, 4);
  }
  for (double t : seen->pts) EXPECT_TRUE(std::isfinite(t));
  EXPECT_TRUE(seen->finished_with_shots);  // finish() sees the shot results
  ASSERT_EQ(rec.sections.count("dummy"), 1u);
  EXPECT_EQ(rec.sections.at("dummy").at("n"), 12);
  ASSERT_EQ(rec.tables.size(), 1u);
  EXPECT_EQ(rec.tables[0].get<std::int64_t>("frame"), want);
  EXPECT_GT(rec.stage_cpu_s.count("dummy"), 0u);
  EXPECT_GT(rec.stage_cpu_s.count("decode"), 0u);
}

namespace {

/// Wants the picture of every other sample only; records what analyse() got.
class PickyAnalyser final : public an::FrameAnalyser {
 public:
  struct Log {
    std::mutex mu;
    std::vector<std::int64_t> asked, with_picture, without_picture;
    std::vector<double> grey_mean;  ///< mean of gray32 per analysed sample
  };
  PickyAnalyser(std::shared_ptr<Log> log, int side) : log_(std::move(log)), side_(side) {}
  std::string key() const override { return "picky" + std::to_string(side_); }
  double sample_hz() const override { return 5.0; }
  int max_side() const override { return side_; }
  bool wants_picture(const an::AnalysisFrame& f) override {
    EXPECT_TRUE(f.bgr.empty());
    std::lock_guard lock(log_->mu);
    log_->asked.push_back(f.frame);
    return (f.frame / 5) % 2 == 0;
  }
  void analyse(const an::AnalysisFrame& f) override {
    std::lock_guard lock(log_->mu);
    (f.bgr.empty() ? log_->without_picture : log_->with_picture).push_back(f.frame);
    EXPECT_EQ(f.gray32.size(), cv::Size(32, 32));
    if (!f.bgr.empty()) EXPECT_GE(std::max(f.bgr.cols, f.bgr.rows), side_);  // another analyser may want more
    log_->grey_mean.push_back(cv::mean(f.gray32)[0]);
  }
  an::AnalysisResult finish(const AssetRecord&) override { return {}; }

 private:
  std::shared_ptr<Log> log_;
  int side_;
};

std::vector<std::int64_t> sorted(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(AnalysisHook, PictureIsMadeOnlyForAnalysersThatWantIt) {
  auto dir = rt::scratch_dir("hook-picky");
  auto clip = colour_clip(dir, "0x808080", 30);  // mid grey: Y 128 full range
  auto log = std::make_shared<PickyAnalyser::Log>();
  PipelineOptions o;
  o.detect_scenes = false;
  o.frame_analysers.push_back([log] { return std::make_unique<PickyAnalyser>(log, 320); });
  const AssetRecord rec = analyse_asset(clip, o);
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  EXPECT_EQ(sorted(log->asked), (std::vector<std::int64_t>{0, 5, 10, 15, 20, 25}));
  EXPECT_EQ(sorted(log->with_picture), (std::vector<std::int64_t>{0, 10, 20}));
  EXPECT_EQ(sorted(log->without_picture), (std::vector<std::int64_t>{5, 15, 25}));
  for (double m : log->grey_mean) EXPECT_NEAR(m, 128.0, 3.0);
  // A second analyser that always wants the picture: every sample gets one, at the larger side.
  auto log2 = std::make_shared<Seen>();
  o.frame_analysers.push_back([log2] { return std::make_unique<DummyAnalyser>(log2, 5.0, false); });
  auto log1 = std::make_shared<PickyAnalyser::Log>();
  o.frame_analysers.front() = [log1] { return std::make_unique<PickyAnalyser>(log1, 160); };
  ASSERT_EQ(analyse_asset(clip, o).status, AssetStatus::ok);
  EXPECT_EQ(log2->frames, (std::vector<std::int64_t>{0, 5, 10, 15, 20, 25}));
  EXPECT_EQ(log2->size, cv::Size(320, 240));  // DummyAnalyser's max_side 320: the picture is shared
  EXPECT_TRUE(log1->without_picture.empty());
}

TEST(AnalysisHook, NonIntegerStepTakesNearestFrame) {
  auto dir = rt::scratch_dir("hook-step");
  auto clip = rt::make_clip(dir, "c.mp4", "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 25 -c:v libx264");
  auto seen = std::make_shared<Seen>();
  const AssetRecord rec = analyse_asset(clip, with_dummy(seen, 3.0));  // steps at 0, 8.33, 16.67 frames
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  EXPECT_EQ(seen->frames, (std::vector<std::int64_t>{0, 8, 17}));
}

TEST(AnalysisHook, StillImageIsSampledOnce) {
  auto dir = rt::scratch_dir("hook-still");
  auto png = rt::make_clip(dir, "still.png", "-f lavfi -i testsrc2=size=200x100 -frames:v 1");
  auto seen = std::make_shared<Seen>();
  const AssetRecord rec = analyse_asset(png, with_dummy(seen, 0.5));
  ASSERT_NE(rec.status, AssetStatus::error) << rec.error;
  EXPECT_EQ(seen->frames, (std::vector<std::int64_t>{0}));
  EXPECT_EQ(seen->size, cv::Size(200, 100));  // not upscaled
  EXPECT_DOUBLE_EQ(seen->scale, 1.0);
}

TEST(AnalysisHook, ThrowingAnalyserGivesOneWarningNotAnError) {
  auto dir = rt::scratch_dir("hook-throw");
  auto clip = rt::make_clip(dir, "c.mp4", "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 30 -c:v libx264");
  auto seen = std::make_shared<Seen>();
  const AssetRecord rec = analyse_asset(clip, with_dummy(seen, 5.0, /*throws=*/true));
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  ASSERT_EQ(rec.warnings.size(), 1u);
  EXPECT_NE(rec.warnings[0].find("dummy: frame 5: boom"), std::string::npos) << rec.warnings[0];
  EXPECT_EQ(seen->frames, (std::vector<std::int64_t>{0, 10, 15, 20, 25}));
}

TEST(AnalysisHook, AudioAnalyserGetsMono16kHz) {
  auto dir = rt::scratch_dir("hook-audio");
  // 2 s of a 440 Hz sine at 48 kHz in both channels, with video.
  auto clip =
      rt::make_clip(dir, "a.mkv",
                    "-f lavfi -i testsrc2=size=160x120:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 "
                    "-t 2 -ac 2 -c:v libx264 -c:a pcm_s16le");
  auto heard = std::make_shared<Heard>();
  PipelineOptions o;
  o.detect_scenes = false;
  o.audio_analysers.push_back([heard] { return std::make_unique<DummyAudio>(heard); });
  const AssetRecord rec = analyse_asset(clip, o);
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  EXPECT_NEAR(double(heard->samples.size()), 32000.0, 160.0);  // 2 s at 16 kHz
  ASSERT_FALSE(heard->t0.empty());
  EXPECT_NEAR(heard->t0.front(), 0.0, 1e-3);
  for (std::size_t i = 1; i < heard->t0.size(); ++i)  // contiguous blocks: t0 follows the sample count
    EXPECT_NEAR(heard->t0[i], heard->t0.front() + double(heard->offsets[i]) / 16000.0, 1e-6);
  // Zero crossings of the middle second: 2 per period of 440 Hz.
  int crossings = 0;
  for (std::size_t i = 8001; i < 24000; ++i)
    crossings += (heard->samples[i - 1] < 0) != (heard->samples[i] < 0) ? 1 : 0;
  EXPECT_NEAR(crossings, 880, 4);
  EXPECT_EQ(rec.skipped.at("dummy_audio"), "no model (test)");
}

TEST(AnalysisHook, TablesAndSectionsReachSidecarAndCatalog) {
  auto dir = rt::scratch_dir("hook-out");
  auto clip = rt::make_clip(dir, "c.mp4", "-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 50 -c:v libx264");
  auto seen = std::make_shared<Seen>();
  AssetRecord rec = analyse_asset(clip, with_dummy(seen, 2.0));  // frames 0, 12 (12.5 -> 12? nearest), 25, 37
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  const auto frames = seen->frames;
  ASSERT_FALSE(frames.empty());

  // Sidecar: the section as a top-level member.
  reelscale::catalog::write_json_sidecar(dir, rec);
  std::ifstream in(dir / "assets" / (rec.id + ".json"));
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j.at("dummy").at("n"), frames.size());
  EXPECT_EQ(j.at("sections"), nlohmann::json::array({"dummy"}));
  const AssetRecord back = reelscale::catalog::asset_from_json(j);
  EXPECT_EQ(back.sections.at("dummy"), rec.sections.at("dummy"));

  // Catalog: /assets/<id>/dummy/{frame,pair,label}, and the same after a merge copy.
  const auto shard = dir / "shard.h5", merged = dir / "catalog.h5";
  {
    reelscale::catalog::CatalogWriter w(shard);
    w.write_asset(rec);
    w.close();
    reelscale::catalog::CatalogWriter m(merged);
    m.copy_asset_from(shard, rec.id);
    m.close();
  }
  for (const auto& file : {shard, merged}) {
    reelscale::catalog::CatalogReader r(file);
    EXPECT_EQ(r.table_names(rec.id), std::vector<std::string>{"dummy"});
    const Table t = r.read_table(rec.id, "dummy");
    ASSERT_EQ(t.columns.size(), 3u);
    EXPECT_EQ(t.columns[0].name, "frame");
    EXPECT_EQ(t.columns[0].unit, "frames");
    EXPECT_EQ(t.get<std::int64_t>("frame"), frames);
    EXPECT_EQ(t.column("pair").width, 2u);
    EXPECT_EQ(t.column("pair").unit, "px");
    EXPECT_EQ(t.get<float>("pair"), std::get<std::vector<float>>(rec.tables[0].column("pair").values));
    EXPECT_EQ(t.get<std::string>("label")[0], "frame 0 \xc3\xa9");
    EXPECT_EQ(r.read_asset(rec.id, false).tables.size(), 1u);
  }
  // h5dump (the HDF5 tools, independent of our reader) sees the [rows, 2] dataset.
  const std::string dump =
      rt::run_capture("h5dump -H -d /assets/" + rec.id + "/dummy/pair " + rt::shell_quote(merged.string()) + " 2>&1");
  if (dump.find("not found") == std::string::npos && !dump.empty())
    EXPECT_NE(dump.find("( " + std::to_string(frames.size()) + ", 2 )"), std::string::npos) << dump;
}

TEST(AnalysisHook, ArchiveTableRoundTripAndReplace) {
  auto dir = rt::scratch_dir("hook-archive");
  const auto cat = dir / "catalog.h5";
  { reelscale::catalog::CatalogWriter(cat).close(); }
  Table t;
  t.name = "identities";
  t.columns.push_back(Column{"identity", "", 1, std::vector<std::int64_t>{0, 1, 2}});
  t.columns.push_back(Column{"centroid", "", 3, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9}});
  t.columns.push_back(Column{"name", "", 1, std::vector<std::string>{"a", "", "c"}});
  t.columns.push_back(Column{"score", "s", 1, std::vector<double>{0.5, 1.5, 2.5}});
  reelscale::catalog::write_archive_table(cat, t);
  Table u = reelscale::catalog::read_archive_table(cat, "identities");
  EXPECT_EQ(u.rows(), 3u);
  EXPECT_EQ(u.get<std::int64_t>("identity"), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(u.get<float>("centroid")[8], 9.0f);
  EXPECT_EQ(u.get<std::string>("name"), (std::vector<std::string>{"a", "", "c"}));
  EXPECT_EQ(u.get<double>("score")[1], 1.5);
  EXPECT_EQ(u.column("score").unit, "s");
  // Replacing keeps one table; empty tables are valid.
  t.columns = {Column{"identity", "", 1, std::vector<std::int64_t>{}}};
  reelscale::catalog::write_archive_table(cat, t);
  EXPECT_EQ(reelscale::catalog::read_archive_table(cat, "identities").rows(), 0u);
  EXPECT_EQ(reelscale::catalog::CatalogReader(cat).archive_table_names(), std::vector<std::string>{"identities"});
  // Names the catalog uses itself are refused.
  t.name = "assets";
  EXPECT_THROW(reelscale::catalog::write_archive_table(cat, t), std::invalid_argument);
}
