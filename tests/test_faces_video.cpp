/// Faces on real video (corpus/faces/videos): tracks within shots, one identity for a person
/// who reappears, across assets (the clip and a still photo of the same person), and a name
/// given once reaching every track without re-analysis. Shots come from the truth file here
/// (the pipeline hands the shot detector's shots to FacesAnalyser::finish).
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <set>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "faces/faces_analyser.hpp"
#include "faces/identity_store.hpp"
#include "faces/identity_update.hpp"
#include "faces_test_support.hpp"
#include "record/asset_record.hpp"

namespace fs = std::filesystem;
using namespace reelscale;

namespace {

/// Runs FacesAnalyser on `video` sampled at 2 Hz (frames decoded by the ffmpeg CLI), with
/// the truth's shots. Returns the tracks.
std::vector<faces::FaceTrack> analyse_video(const faces::FaceModels& m, const fs::path& video,
                                            const nlohmann::json& truth, const std::string& tag,
                                            const faces::FacesOptions& o = {}, faces::FacesCounters* n = nullptr) {
  const fs::path dir = reelscale::testing::scratch_dir(tag);
  const std::string cmd = "ffmpeg -v error -nostdin -i " + reelscale::testing::shell_quote(video.string()) +
                          " -vsync 0 -start_number 0 " + reelscale::testing::shell_quote((dir / "f%05d.png").string());
  EXPECT_EQ(reelscale::testing::run_shell(cmd), 0) << cmd;
  faces::FacesAnalyser an(m, o);
  const double fps = truth.at("fps").get<double>();
  const int frames = truth.at("frame_count").get<int>();
  std::set<int> wanted;
  for (int k = 0;; ++k) {
    const int f = static_cast<int>(std::lround(k / an.sample_hz() * fps));
    if (f >= frames) break;
    wanted.insert(f);
  }
  for (int f : wanted) {
    char name[32];
    std::snprintf(name, sizeof name, "f%05d.png", f);
    analysis::AnalysisFrame af;
    af.frame = f;
    af.pts_s = f / fps;
    af.bgr = cv::imread((dir / name).string(), cv::IMREAD_COLOR);
    EXPECT_FALSE(af.bgr.empty()) << name;
    if (!af.bgr.empty()) an.analyse(af);
  }
  AssetRecord rec;
  for (const auto& s : truth.at("shots")) {
    Shot sh;
    sh.start_frame = s[0];
    sh.end_frame = s[1];
    rec.shots.shots.push_back(sh);
  }
  const auto res = an.finish(rec);
  if (n) *n = an.counters();
  EXPECT_EQ(res.tables.at(0).rows(), an.tracks().size());
  EXPECT_EQ(res.sidecar.size(), an.tracks().size());
  for (const auto& t : an.tracks())
    std::cout << video.filename().string() << " track " << t.track << " [" << t.start_frame << "," << t.end_frame
              << "] n=" << t.detections << " h=" << t.exemplar.det.box.height << " score=" << t.score << "\n";
  return an.tracks();
}

std::vector<faces::FaceTrack> analyse_photo(const faces::FaceModels& m, const fs::path& file) {
  faces::FacesAnalyser an(m);
  analysis::AnalysisFrame af;
  af.bgr = cv::imread(file.string(), cv::IMREAD_COLOR);
  an.analyse(af);
  an.finish(AssetRecord{});
  return an.tracks();
}

/// The track of `tracks` overlapping [a, b] with the tallest exemplar, or nullptr.
const faces::FaceTrack* main_track(const std::vector<faces::FaceTrack>& tracks, std::int64_t a, std::int64_t b) {
  const faces::FaceTrack* best = nullptr;
  for (const auto& t : tracks)
    if (t.start_frame <= b && t.end_frame >= a && (!best || t.exemplar.det.box.height > best->exemplar.det.box.height))
      best = &t;
  return best;
}

}  // namespace

TEST(FacesVideo, ReappearingPersonIsOneIdentityAndOneTagNamesAllTracks) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  const auto truth = reelscale::testing::faces_truth(corpus);
  const auto& v1 = truth.at("videos").at(0);
  ASSERT_EQ(v1.at("file"), "videos/v01_hamilton_clip.mp4");
  const auto clip = analyse_video(models, corpus / v1.at("file").get<std::string>(), v1, "faces_v01");
  const auto photo = analyse_photo(models, corpus / "images/046.jpg");  // Lin-Manuel Miranda
  ASSERT_EQ(photo.size(), 1u);

  // Every shot where Miranda is on screen with a face >= 40 px yields a track.
  const faces::FaceTrack* medium = main_track(clip, 82, 210);
  ASSERT_NE(medium, nullptr) << "no face track in the medium shot 82-210";
  EXPECT_GE(medium->exemplar.det.box.height, 40.0f);
  EXPECT_GE(medium->start_frame, 82);
  EXPECT_LE(medium->end_frame, 210);

  const fs::path run_out = reelscale::testing::scratch_dir("faces_store");
  const fs::path out = run_out / "faces";
  {
    faces::IdentityStore store;
    store.set_asset("clip", clip);
    store.set_asset("photo", photo);
    store.assign_new();
    store.save(out);
  }
  faces::IdentityStore store = faces::IdentityStore::load(out);
  const std::int64_t miranda = store.identity_of("photo", 0);
  ASSERT_GE(miranda, 0);
  std::set<std::int64_t> shots_with_miranda;
  for (const auto& t : clip) {
    const bool big = t.exemplar.det.box.height >= 40.0f;
    const bool in_medium = t.start_frame >= 82 && t.end_frame <= 210;
    if (store.identity_of("clip", t.track) == miranda) shots_with_miranda.insert(t.start_frame >= 82 ? 82 : 0);
    const bool in_wide = t.end_frame <= 19;  // Miranda standing, small face (Lacamoire too small to find)
    if ((in_medium || in_wide) && big) EXPECT_EQ(store.identity_of("clip", t.track), miranda) << "track " << t.track;
    if (t.start_frame >= 211 && big) EXPECT_NE(store.identity_of("clip", t.track), miranda) << "audience track " << t.track;
  }
  EXPECT_TRUE(shots_with_miranda.count(82));
  EXPECT_TRUE(shots_with_miranda.count(0)) << "the wide shot 0-19 (face about 42 px) gave no Miranda track";

  // Tag once (names.json only), reload: every Miranda track in both assets is named.
  store.tag(miranda, "Lin-Manuel Miranda");
  store.save_names(out);
  const faces::IdentityStore again = faces::IdentityStore::load(out);
  int named = 0;
  for (const auto& t : again.tracks)
    if (t.identity == miranda) {
      EXPECT_EQ(again.name_of(t.identity), "Lin-Manuel Miranda");
      ++named;
    }
  EXPECT_GE(named, 2);

  // `reelscale faces OUT --face IMAGE`: a later frame of the medium shot finds Miranda by
  // name; Obama's portrait does not.
  const fs::path frame = run_out / "f180.png";
  ASSERT_EQ(reelscale::testing::run_shell("ffmpeg -v error -nostdin -i " +
                                          reelscale::testing::shell_quote((corpus / v1.at("file").get<std::string>()).string()) +
                                          " -vf 'select=eq(n\\,180)' -vsync 0 -frames:v 1 " +
                                          reelscale::testing::shell_quote(frame.string())),
            0);
  auto query = [&](const fs::path& img) {
    int status = -1;
    const std::string cmd = reelscale::testing::shell_quote(reelscale::testing::reelscale_binary().string()) +
                            " faces " + reelscale::testing::shell_quote(run_out.string()) + " --face " +
                            reelscale::testing::shell_quote(img.string()) + " --json";
    const std::string text = reelscale::testing::run_capture(cmd, &status);
    EXPECT_EQ(status, 0) << cmd;
    return nlohmann::json::parse(text);
  };
  const auto hit = query(frame);
  EXPECT_EQ(hit["identity"], miranda) << hit.dump();
  EXPECT_EQ(hit["name"], "Lin-Manuel Miranda");
  const auto miss = query(corpus / "images/035.jpg");
  EXPECT_NE(miss["identity"], miranda) << miss.dump();
}

// The change gate (detector only on samples whose thumbnail changed, or every refresh_s)
// against the reference of detecting and describing every 2 Hz sample: every shot where the
// reference finds a face >= 40 px high still yields a track of such a face, with fewer
// detector runs.
TEST(FacesVideo, ChangeGateKeepsEveryShotWithAFaceOf40Px) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  const auto truth = reelscale::testing::faces_truth(corpus);
  for (const auto& v : truth.at("videos")) {
    faces::FacesOptions every;
    every.gate = false;
    faces::FacesCounters ng, nr;
    const fs::path file = corpus / v.at("file").get<std::string>();
    const auto ref = analyse_video(models, file, v, "faces_gate_ref", every, &nr);
    const auto gated = analyse_video(models, file, v, "faces_gate", {}, &ng);
    std::cout << file.filename() << ": every sample " << nr.detected << " detector runs, " << nr.descriptors
              << " descriptors; gated " << ng.detected << " runs (" << ng.repeated << " samples repeated), "
              << ng.descriptors << " descriptors\n";
    EXPECT_EQ(ng.samples, nr.samples);
    EXPECT_LE(ng.detected, nr.detected);
    EXPECT_LE(ng.descriptors, nr.descriptors);
    int shots_with_faces = 0;
    for (const auto& s : v.at("shots")) {
      const std::int64_t a = s[0], b = s[1];
      auto has_big = [&](const std::vector<faces::FaceTrack>& ts) {
        for (const auto& t : ts)
          if (t.start_frame >= a && t.end_frame <= b && t.exemplar.det.box.height >= 40.0f) return true;
        return false;
      };
      if (!has_big(ref)) continue;
      ++shots_with_faces;
      EXPECT_TRUE(has_big(gated)) << file.filename() << " shot " << a << "-" << b;
    }
    EXPECT_GE(shots_with_faces, 1) << file.filename();
  }
}

TEST(FacesVideo, TalkingHeadClipJoinsThePhotosOfThePerson) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  const auto truth = reelscale::testing::faces_truth(corpus);
  const auto& v2 = truth.at("videos").at(1);
  ASSERT_EQ(v2.at("file"), "videos/v02_kphotoalbum_movie.avi");
  const auto clip = analyse_video(models, corpus / v2.at("file").get<std::string>(), v2, "faces_v02");
  ASSERT_FALSE(clip.empty()) << "no face track in the one-shot talking-head clip";
  // Two runs into one OUT through the post-merge step (tables as the catalog holds them).
  const fs::path out = reelscale::testing::scratch_dir("faces_v02_out");
  faces::update_identities(out, {{"photo47", faces::faces_table(analyse_photo(models, corpus / "images/047.jpg"))},
                                 {"photo48", faces::faces_table(analyse_photo(models, corpus / "images/048.jpg"))}});
  const auto u = faces::update_identities(out, {{"clip", faces::faces_table(clip)}});  // a later run
  EXPECT_EQ(u.assigned, clip.size());
  EXPECT_TRUE(fs::exists(out / "index" / "faces.faiss"));
  const faces::IdentityStore store = faces::IdentityStore::load(out / "faces");
  const auto jesper = store.identity_of("photo47", 0);
  EXPECT_EQ(store.identity_of("photo48", 0), jesper);
  EXPECT_EQ(store.identity_of("clip", main_track(clip, 0, 67)->track), jesper);
  std::cout << store.summary().dump() << "\n";
}

TEST(FacesVideo, DownscaledFramesReportBoxesInDecodedPixels) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  const cv::Mat full = cv::imread((corpus / "images/059.jpg").string(), cv::IMREAD_COLOR);  // 3 tagged faces
  cv::Mat half;
  cv::resize(full, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
  auto run = [&](const cv::Mat& img, double scale) {
    faces::FacesAnalyser an(models);
    analysis::AnalysisFrame af;
    af.bgr = img;
    af.scale = scale;
    an.analyse(af);
    return an.finish(AssetRecord{}).sidecar;
  };
  const auto a = run(full, 1.0), b = run(half, 2.0);
  ASSERT_EQ(a.size(), 3u) << a.dump();
  ASSERT_EQ(b.size(), a.size()) << b.dump();
  const auto truth = reelscale::testing::faces_truth(corpus);
  for (const auto& e : truth["images"])
    if (e["file"] == "images/059.jpg")
      for (const auto& [name, t] : e["face_areas"].items()) {
        const cv::Rect2f tb(t[0], t[1], t[2], t[3]);
        float best = 0;
        for (const auto& f : b) best = std::max(best, faces::box_iou(tb, cv::Rect2f(f["box"][0], f["box"][1], f["box"][2], f["box"][3])));
        EXPECT_GE(best, 0.5f) << name << " in the half-size frame, boxes scaled back";
      }
}
