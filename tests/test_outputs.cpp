// Media outputs (issue 14): ladder plan, loudness normaliser, and the rendition
// ladder on real dev-corpus media, checked with the ffmpeg CLI (ffprobe
// -count_frames, the ssim filter, the ebur128 filter with peak=true).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/catalog_writer.hpp"
#include "media/ladder_reader.hpp"
#include "outputs/asset_outputs.hpp"
#include "outputs/ladder_config.hpp"
#include "outputs/ladder_plan.hpp"
#include "outputs/loudness_normaliser.hpp"
#include "outputs/preview_plan.hpp"
#include "outputs/thumbnail_choice.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;
using reelscale::testing::run_capture;
using reelscale::testing::shell_quote;

namespace {

std::int64_t count_frames(const fs::path& f) {
  int st = 0;
  std::string out = run_capture(
      "ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 " +
          shell_quote(f.string()),
      &st);
  return st == 0 ? std::stoll(out) : -1;
}

std::string probe(const fs::path& f, const std::string& stream, const std::string& entries) {
  return run_capture("ffprobe -v error -select_streams " + stream + " -show_entries stream=" + entries +
                     " -of csv=p=0 " + shell_quote(f.string()));
}

/// Mean SSIM ("All") of `enc` against `src` scaled to W x H by ffmpeg's bicubic scale, both
/// on a common time origin (the ssim filter pairs frames by timestamp; test_outputs_timing).
double ssim(const fs::path& enc, const fs::path& src, int w, int h) {
  const std::string cmd =
      "ffmpeg -nostdin -hide_banner -i " + shell_quote(enc.string()) + " -i " + shell_quote(src.string()) +
      " -lavfi \"[1:v]scale=" + std::to_string(w) + ":" + std::to_string(h) +
      ":flags=bicubic,format=yuv420p,setpts=PTS-STARTPTS[r];[0:v]format=yuv420p,setpts=PTS-STARTPTS[d];"
      "[d][r]ssim\" -f null - 2>&1";
  std::smatch m;
  std::string out = run_capture(cmd);
  static const std::regex re("All:([0-9.]+)");
  return std::regex_search(out, m, re) ? std::stod(m[1]) : -1;
}

struct Ebur128 {
  double integrated = 0, true_peak = 0;
};
Ebur128 ebur128(const fs::path& f) {
  std::string out = run_capture("ffmpeg -nostdin -hide_banner -nostats -i " + shell_quote(f.string()) +
                                " -map 0:a:0 -af ebur128=peak=true -f null - 2>&1");
  Ebur128 r{NAN, NAN};
  std::smatch m;
  static const std::regex i_re("I:\\s+(-?[0-9.]+) LUFS\\s+Threshold"),
      p_re("True peak:\\s+Peak:\\s+(-?[0-9.inf]+) dBFS");
  std::string tail = out.substr(out.rfind("Summary:") == std::string::npos ? 0 : out.rfind("Summary:"));
  if (std::regex_search(tail, m, i_re)) r.integrated = std::stod(m[1]);
  if (std::regex_search(tail, m, p_re)) r.true_peak = std::stod(m[1]);
  return r;
}

}  // namespace

TEST(OutputsPlan, NeverUpscalesEvenSizesSquarePixels) {
  auto p = outputs::plan_ladder(outputs::default_rungs(), 1280, 720, 1, 1);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].width, 1280);
  EXPECT_EQ(p[0].height, 720);
  EXPECT_EQ(p[1].width, 854);
  EXPECT_EQ(p[1].height, 480);
  // PAL 4:3 with SAR 16:15 -> 768x576 display; 480 lines -> 640x480 square pixels.
  p = outputs::plan_ladder(outputs::default_rungs(), 720, 576, 16, 15);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].width, 640);
  EXPECT_EQ(p[0].height, 480);
  // Smaller than every rung: one rung at the source height.
  p = outputs::plan_ladder(outputs::default_rungs(), 640, 361, 0, 1);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].height, 360);
  EXPECT_EQ(p[0].width % 2, 0);
}

TEST(OutputsLoudness, GainIsTargetMinusMeasured) {
  outputs::LoudnessTarget t;
  EXPECT_DOUBLE_EQ(outputs::normalisation_gain_db(-30.0, t), 7.0);
  EXPECT_DOUBLE_EQ(outputs::normalisation_gain_db(-16.0, t), -7.0);
  EXPECT_DOUBLE_EQ(outputs::normalisation_gain_db(-70.0, t), 0.0);
}

TEST(OutputsLoudness, LimiterKeepsPeaksUnderCeilingAndQuietPartsUntouched) {
  // 1 s of 1 kHz at -20 dBFS, then 1 s at 0 dBFS, gain +6 dB, ceiling -2 dBFS.
  const int n = 96000;
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i)
    x[std::size_t(i)] = float((i < 48000 ? 0.1 : 1.0) * std::sin(2 * M_PI * 1000.0 * i / 48000.0));
  outputs::LoudnessNormaliser lim(6.0, -2.0);
  std::vector<float> y;
  auto sink = [&](const float* l, const float*, int k) { y.insert(y.end(), l, l + k); };
  for (int i = 0; i < n; i += 1000) lim.process(x.data() + i, x.data() + i, std::min(1000, n - i), sink);
  lim.flush(sink);
  ASSERT_EQ(y.size(), x.size());
  const double g = std::pow(10.0, 6.0 / 20.0), ceil = std::pow(10.0, -2.0 / 20.0);
  double peak = 0;
  for (float v : y) peak = std::max(peak, double(std::fabs(v)));
  EXPECT_LE(peak, ceil + 1e-6);
  EXPECT_GT(peak, ceil * 0.97);  // the loud part is limited, not silenced
  for (int i = 1000; i < 47000; ++i) ASSERT_NEAR(y[std::size_t(i)], x[std::size_t(i)] * g, 1e-5) << i;
}

// Short representative shots leave time under the target: the next shots of the same
// scene fill it, whole, so every clip starts and ends on a shot boundary.
TEST(OutputsPreview, ShortShotsAreFollowedByTheNextShotsOfTheScene) {
  AssetRecord rec;
  for (int i = 0; i < 10; ++i) {
    Shot s;
    s.start_frame = i * 25, s.end_frame = i * 25 + 24, s.start_s = i, s.end_s = i + 1;
    rec.shots.shots.push_back(s);
  }
  for (int k = 0; k < 2; ++k) {
    Scene sc;
    sc.first_shot = 5 * k, sc.last_shot = 5 * k + 4;
    sc.start_frame = 125 * k, sc.end_frame = 125 * k + 124, sc.keyframe = 125 * k + 10;
    sc.start_s = 5 * k, sc.end_s = 5 * k + 5;
    rec.scenes.scenes.push_back(sc);
  }
  const auto plan = outputs::plan_preview(rec, 6.0);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_DOUBLE_EQ(plan[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(plan[0].end_s, 3.0);
  EXPECT_EQ(plan[0].last_shot, 2);
  EXPECT_DOUBLE_EQ(plan[1].start_s, 5.0);
  EXPECT_DOUBLE_EQ(plan[1].end_s, 8.0);
  double total = 0;
  for (const auto& c : plan) total += c.end_s - c.start_s;
  EXPECT_DOUBLE_EQ(total, 6.0);
  // A target the shots cannot fill whole: never longer than the target.
  const auto p2 = outputs::plan_preview(rec, 3.5);
  total = 0;
  for (const auto& c : p2) total += c.end_s - c.start_s;
  EXPECT_LE(total, 3.5);
  EXPECT_GE(total, 3.0);
}

// Long representative shots: a whole shorter shot of the same scene replaces one that is
// longer than the clip's share; a scene whose shots are all too long is cut, and as the
// preview's last clip it keeps its shot's last frame, so the preview ends on a shot boundary.
TEST(OutputsPreview, ClipsAreWholeShotsAndThePreviewEndsOnAShotEnd) {
  AssetRecord rec;
  // Scene 0: shots of 20 s (keyframe) and 4 s; scene 1: one shot of 30 s.
  const double bounds[] = {0, 20, 24, 54};
  for (int i = 0; i < 3; ++i) {
    Shot s;
    s.start_frame = std::int64_t(bounds[i] * 25), s.end_frame = std::int64_t(bounds[i + 1] * 25) - 1;
    s.start_s = bounds[i], s.end_s = bounds[i + 1];
    rec.shots.shots.push_back(s);
  }
  for (int k = 0; k < 2; ++k) {
    Scene sc;
    sc.first_shot = k == 0 ? 0 : 2, sc.last_shot = k == 0 ? 1 : 2;
    sc.start_frame = rec.shots.shots[std::size_t(sc.first_shot)].start_frame;
    sc.end_frame = rec.shots.shots[std::size_t(sc.last_shot)].end_frame;
    sc.keyframe = sc.start_frame + 10;
    sc.start_s = rec.shots.shots[std::size_t(sc.first_shot)].start_s;
    sc.end_s = rec.shots.shots[std::size_t(sc.last_shot)].end_s;
    rec.scenes.scenes.push_back(sc);
  }
  const auto plan = outputs::plan_preview(rec, 10.0);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].shot, 1);  // the 4 s shot, whole, not 5 s of the 20 s one
  EXPECT_DOUBLE_EQ(plan[0].start_s, 20.0);
  EXPECT_DOUBLE_EQ(plan[0].end_s, 24.0);
  EXPECT_EQ(plan[1].shot, 2);  // no shot of scene 1 fits 6 s: cut, ending on the shot's end
  EXPECT_DOUBLE_EQ(plan[1].end_s, 54.0);
  EXPECT_DOUBLE_EQ(plan[1].start_s, 48.0);
}

namespace {
/// The <SegmentTimeline> of every <Representation> of `mpd` (text between the tags), by id.
std::map<std::string, std::string> dash_timelines(const std::string& mpd) {
  std::map<std::string, std::string> out;
  static const std::regex rep_re("<Representation id=\"([^\"]+)\"([\\s\\S]*?)</Representation>"),
      tl_re("<SegmentTimeline>([\\s\\S]*?)</SegmentTimeline>");
  for (std::sregex_iterator it(mpd.begin(), mpd.end(), rep_re), end; it != end; ++it) {
    const std::string body = (*it)[2];
    std::smatch m;
    if (std::regex_search(body, m, tl_re)) out[(*it)[1]] = m[1];
  }
  return out;
}

/// Number of segments a SegmentTimeline lists (each <S> is 1 + its r repeats).
int timeline_segments(const std::string& tl) {
  static const std::regex s_re("<S ([^>]*)/>"), r_re("\\br=\"([0-9]+)\"");
  int n = 0;
  for (std::sregex_iterator it(tl.begin(), tl.end(), s_re), end; it != end; ++it) {
    const std::string attrs = (*it)[1];
    std::smatch m;
    n += 1 + (std::regex_search(attrs, m, r_re) ? std::stoi(m[1]) : 0);
  }
  return n;
}

/// DASH: ffprobe reads the manifest (both rungs + audio); the video representations have
/// identical segment timelines (aligned across rungs) and as many segment files as listed.
void check_dash(const fs::path& mpd, const std::vector<outputs::OutputEntry>& made) {
  std::ifstream in(mpd);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  ASSERT_NE(text.find("type=\"static\""), std::string::npos) << text;
  const auto tls = dash_timelines(text);
  ASSERT_EQ(tls.size(), 3u) << text;  // 720p, 480p, audio
  EXPECT_EQ(tls.at("0"), tls.at("1")) << "segments not aligned across rungs";
  for (const auto& [id, tl] : tls) {
    int files = 0;
    for (const auto& de : fs::directory_iterator(mpd.parent_path()))
      if (de.path().filename().string().rfind("chunk-" + id + "-", 0) == 0) ++files;
    EXPECT_EQ(files, timeline_segments(tl)) << "representation " << id;
    EXPECT_GT(files, 3);
  }
  const std::string streams = run_capture("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 " +
                                          shell_quote(mpd.string()));
  int rungs = 0;
  for (const auto& e : made)
    if (e.kind == "rendition") {
      ++rungs;
      EXPECT_NE(streams.find("h264," + std::to_string(e.width) + "," + std::to_string(e.height)), std::string::npos)
          << streams;
    }
  EXPECT_EQ(rungs, 2);
  EXPECT_NE(streams.find("aac"), std::string::npos) << streams;
  std::printf("dash: %d segments per representation\n", timeline_segments(tls.at("0")));
}

std::vector<int> key_flags(const fs::path& f) {
  const std::string keys = run_capture(
      "ffprobe -v error -select_streams v:0 -show_entries frame=key_frame -of csv=p=0 " + shell_quote(f.string()));
  std::vector<int> k;
  for (char c : keys)
    if (c == '0' || c == '1') k.push_back(c - '0');
  return k;
}
}  // namespace

// One read: the pipeline's decode feeds the analysis and both rungs; then thumbnails.
TEST(OutputsThumbnails, LetterboxedProgrammeStillGetsThumbnails) {
  // A letterboxed film (bars make every frame 60 % black, picture of mean grey 60), as
  // samples/media/Megamind.avi (scripts/demo.sh), which got no thumbnail before.
  AssetRecord rec;
  const int n = 270;
  for (int i = 0; i < n; ++i) {
    rec.series.pts_s.push_back(i / 24.0);
    rec.series.black_fraction.push_back(0.6f);
    rec.series.mean_luma.push_back(60.0f);
    rec.series.laplacian_var.push_back(100.0f + float(i % 17));
  }
  rec.shots.shots.push_back({});
  rec.shots.shots.back().start_frame = 0;
  rec.shots.shots.back().end_frame = n - 1;
  EXPECT_FALSE(outputs::eligible_thumbnail_frame(rec, 10));       // more than half black
  EXPECT_TRUE(outputs::eligible_thumbnail_frame(rec, 10, true));  // letterboxed: the bars are not darkness
  const outputs::ThumbnailChoice c = outputs::choose_thumbnails(rec, 10);
  EXPECT_GE(c.thumbnails.size(), 10u);
  // A programme that has ordinary frames keeps the half-black rule for its dark ones.
  rec.series.black_fraction[100] = 0.1f;
  const outputs::ThumbnailChoice d = outputs::choose_thumbnails(rec, 10);
  ASSERT_FALSE(d.thumbnails.empty());
  for (const auto& t : d.thumbnails) EXPECT_EQ(t.frame, 100);
}

TEST(OutputsPipeline, DocumentaryLadderAndThumbnails) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path src = corpus / "documentary_h264.mp4";
  const fs::path out = reelscale::testing::scratch_dir("outputs_pipeline");
  outputs::OutputsOptions o;
  o.enabled = true;
  o.hls = true;
  o.dash = true;
  auto stage_ptr = std::make_shared<outputs::OutputsStage>(o, out);
  outputs::OutputsStage& stage = *stage_ptr;
  pipeline::PipelineOptions po;
  outputs::OutputsStage::install(stage_ptr, po);
  const AssetRecord rec = pipeline::analyse_asset(src, po);
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  ASSERT_GT(rec.shots.shots.size(), 5u);  // the analysis is intact
  const outputs::AssetOutputsResult res = stage.result(rec.id);
  EXPECT_TRUE(res.errors.empty()) << res.to_json().dump();
  ASSERT_TRUE(fs::exists(out / "outputs" / rec.id / "outputs.json"));
  ASSERT_TRUE(rec.sections.count("outputs"));  // the sidecar member
  EXPECT_EQ(rec.sections.at("outputs").size(), res.outputs.size());
  {  // ... and the catalog table /assets/<id>/outputs, read back through the catalog
    reelscale::catalog::CatalogWriter w(out / "catalog.h5");
    w.write_asset(rec);
    w.close();
    const auto t = reelscale::catalog::CatalogReader(out / "catalog.h5").read_table(rec.id, "outputs");
    ASSERT_EQ(t.rows(), res.outputs.size());
    for (std::size_t i = 0; i < res.outputs.size(); ++i) {
      EXPECT_EQ(t.get<std::string>("path")[i], res.outputs[i].path);
      EXPECT_EQ(t.get<std::string>("kind")[i], res.outputs[i].kind);
      EXPECT_EQ(t.get<std::int64_t>("height")[i], res.outputs[i].height);
    }
  }
  const std::int64_t src_frames = count_frames(src);
  ASSERT_EQ(src_frames, rec.frames);
  std::vector<std::vector<int>> keys;
  int rungs = 0, thumbs = 0, posters = 0, previews = 0, hls = 0, dash = 0;
  for (const auto& e : res.outputs) {
    const fs::path f = out / e.path;
    SCOPED_TRACE(f.string());
    ASSERT_TRUE(fs::exists(f));
    if (e.kind == "rendition") {
      ++rungs;
      EXPECT_FALSE(fs::exists(fs::path(f.string() + ".part")));
      EXPECT_EQ(probe(f, "v:0", "codec_name,width,height"),
                "h264," + std::to_string(e.width) + "," + std::to_string(e.height) + "\n");
      EXPECT_EQ(probe(f, "a:0", "codec_name,sample_rate,channels"), "aac,48000,2\n");
      EXPECT_EQ(count_frames(f), src_frames);
      const double s = ssim(f, src, e.width, e.height);
      EXPECT_GE(s, 0.95) << "SSIM " << s;
      const Ebur128 m = ebur128(f);
      EXPECT_NEAR(m.integrated, o.loudness.integrated_lufs, 0.5);
      EXPECT_LE(m.true_peak, o.loudness.true_peak_dbtp);
      EXPECT_NEAR(e.loudness_lufs, o.loudness.integrated_lufs, 0.5);
      std::printf("%s: %dx%d SSIM %.4f, %.1f LUFS, %.2f dBTP, %.0f kb/s, %.2f s\n", e.path.c_str(), e.width, e.height,
                  s, m.integrated, m.true_peak, e.bit_rate / 1000, e.duration_s);
      keys.push_back(key_flags(f));
      ASSERT_EQ(std::int64_t(keys.back().size()), src_frames);
    } else if (e.kind == "hls") {
      ++hls;
      // Two variants; segment durations identical across rungs (aligned GOPs); ffprobe reads it.
      std::ifstream m(f);
      std::string master((std::istreambuf_iterator<char>(m)), {});
      EXPECT_NE(master.find("720p.m3u8"), std::string::npos);
      EXPECT_NE(master.find("480p.m3u8"), std::string::npos);
      auto extinf = [&](const std::string& name) {
        std::ifstream p(f.parent_path() / name);
        std::string line, all;
        while (std::getline(p, line))
          if (line.rfind("#EXTINF:", 0) == 0) all += line + "\n";
        return all;
      };
      const std::string a = extinf("720p.m3u8"), b = extinf("480p.m3u8");
      EXPECT_FALSE(a.empty());
      EXPECT_EQ(a, b) << "segments not aligned";
      int st = 0;
      run_capture("ffprobe -v error -show_entries format=duration -of csv=p=0 " + shell_quote(f.string()), &st);
      EXPECT_EQ(st, 0);
    } else if (e.kind == "dash") {
      ++dash;
      check_dash(f, res.outputs);
    } else if (e.kind == "preview") {
      ++previews;
      EXPECT_EQ(probe(f, "v:0", "codec_name,width,height"), "h264,854,480\n");
      const double d = std::stod(probe(f, "v:0", "duration"));
      EXPECT_LE(d, o.preview_s + 0.05);
      EXPECT_GT(d, 10.0);
      EXPECT_EQ(probe(f, "a:0", "codec_name"), "aac\n");
      // Every clip starts on a shot's first frame; clips are in time order.
      const auto plan = outputs::plan_preview(rec, o.preview_s);
      ASSERT_FALSE(plan.empty());
      for (std::size_t i = 0; i < plan.size(); ++i) {
        EXPECT_DOUBLE_EQ(plan[i].start_s, rec.shots.shots[std::size_t(plan[i].shot)].start_s);
        if (plan[i].last_shot > plan[i].shot)
          EXPECT_DOUBLE_EQ(plan[i].end_s, rec.shots.shots[std::size_t(plan[i].last_shot)].end_s);
        if (i > 0) EXPECT_GT(plan[i].start_s, plan[i - 1].start_s);
      }
      double planned = 0;
      for (const auto& c : plan) planned += c.end_s - c.start_s;
      EXPECT_NEAR(d, planned, 0.1) << "preview frames lost";  // only the clips' GOPs are decoded
      std::printf("preview: %zu clips, %.2f s (planned %.2f s)\n", plan.size(), d, planned);
    } else {
      (e.kind == "poster" ? posters : thumbs)++;
      EXPECT_EQ(e.format, "webp");
      EXPECT_EQ(probe(f, "v:0", "codec_name"), "webp\n");
      EXPECT_EQ(e.width, e.kind == "poster" ? 1280 : 320);
      // Independent check of "never black": OpenCV decodes the file.
      cv::Mat img = cv::imread(f.string(), cv::IMREAD_GRAYSCALE);
      ASSERT_FALSE(img.empty());
      EXPECT_EQ(img.cols, e.width);
      const double black = double(cv::countNonZero(img < 38)) / double(img.total());
      EXPECT_LT(black, 0.5) << "black thumbnail";
      EXPECT_GT(cv::mean(img)[0], 20.0);
    }
  }
  EXPECT_EQ(rungs, 2);  // 720p + 480p (no 1080p upscale)
  EXPECT_GE(thumbs, 10);
  EXPECT_EQ(posters, 1);
  EXPECT_EQ(previews, 1);
  EXPECT_EQ(hls, 1);
  EXPECT_EQ(dash, 1);
  // GOPs aligned across rungs, and an IDR wherever the online cut cue fired.
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], keys[1]);
  int cut_keys = 0;
  for (std::size_t i = 1; i < rec.series.size(); ++i)
    if (rec.series.content_diff[i] >= po.cut_keyframe_diff) {
      EXPECT_EQ(keys[0][i], 1) << "no keyframe at frame " << i;
      ++cut_keys;
    }
  EXPECT_GT(cut_keys, 0);
}

// A 1 s hole in the audio packets (ffmpeg's aselect drops the frames, Matroska keeps the
// timestamps) is silence in the rendition, at the same place: audio as long as the video,
// ffmpeg's silencedetect finds the hole at 3..4 s.
TEST(OutputsAudio, GapInAudioIsFilledWithSilence) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path dir = reelscale::testing::scratch_dir("outputs_audio_gap");
  const fs::path src = dir / "gap.mkv";
  ASSERT_EQ(reelscale::testing::run_shell(
                "ffmpeg -nostdin -v error -y -i " + shell_quote((corpus / "documentary_h264.mp4").string()) +
                " -t 8 -c:v copy -af \"aselect='not(between(t,3,4))'\" -c:a aac " + shell_quote(src.string())),
            0);
  media::LadderConfig cfg;
  media::RungConfig r;
  r.path = dir / "r240.mp4";
  r.width = 426, r.height = 240, r.gop = 50;
  cfg.rungs.push_back(r);
  const auto res = media::encode_ladder_from_file(src, cfg);
  ASSERT_EQ(res.size(), 1u);
  ASSERT_TRUE(res[0].error.empty()) << res[0].error;
  const double v = std::stod(probe(r.path, "v:0", "duration")), a = std::stod(probe(r.path, "a:0", "duration"));
  EXPECT_NEAR(a, v, 0.1) << "audio " << a << " s, video " << v << " s";
  const std::string sd = run_capture("ffmpeg -nostdin -hide_banner -i " + shell_quote(r.path.string()) +
                                     " -map 0:a -af silencedetect=n=-60dB:d=0.5 -f null - 2>&1");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sd, m, std::regex("silence_start: ([0-9.]+)"))) << sd;
  const double s0 = std::stod(m[1]);
  ASSERT_TRUE(std::regex_search(sd, m, std::regex("silence_end: ([0-9.]+)"))) << sd;
  const double s1 = std::stod(m[1]);
  std::printf("audio gap: silence %.3f..%.3f s, audio %.3f s, video %.3f s\n", s0, s1, a, v);
  EXPECT_NEAR(s0, 3.0, 0.1);
  EXPECT_NEAR(s1, 4.0, 0.1);
}
