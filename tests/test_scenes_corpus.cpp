/// @file test_scenes_corpus.cpp
/// Scene grouping on the dev corpus: every programme with a truth file runs
/// through the per-asset pipeline (decode, shots, embeddings, scenes) and its
/// scene boundaries are scored against the truth `scenes` (slates collapsed
/// into the scene before, see scenes/scene_truth.hpp); tolerance 25 frames.
/// Targets (issue 5): pooled F1 >= 0.85; the A-B-A-B alternation programmes
/// come out with one scene per alternation.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "eval/scene_truth.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "reelscale/kernels/embedding.hpp"
#include "scenes/scene_grouping.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rs = reelscale::scenes;

using Programme = reelscale::testing::CorpusProgramme;

std::vector<std::int64_t> boundaries(const reelscale::SceneAnalysis& sa) {
  std::vector<std::int64_t> b;
  for (std::size_t i = 1; i < sa.scenes.size(); ++i) b.push_back(sa.scenes[i].start_frame);
  return b;
}

TEST(ScenesCorpus, BoundaryF1AndAlternation) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const auto progs = reelscale::testing::corpus_programmes(corpus);
  ASSERT_FALSE(progs.empty());
  int truth_total = 0, det_total = 0, matched_total = 0;
  const bool verbose = std::getenv("REELSCALE_SCENE_DEBUG") != nullptr;
  for (const auto& p : progs) {
    const auto truth = rs::load_truth_scenes(p.truth);
    const auto rec = reelscale::pipeline::analyse_asset(fs::absolute(p.video));
    ASSERT_GT(rec.frames, 0) << p.name;
    const auto det = boundaries(rec.scenes);
    const auto sc = rs::score_boundaries(rs::boundaries_of(truth), det, 25);
    truth_total += sc.truth;
    det_total += sc.detected;
    matched_total += sc.matched;
    std::string ds, ts;
    for (auto b : det) ds += std::to_string(b) + " ";
    for (auto b : rs::boundaries_of(truth)) ts += std::to_string(b) + " ";
    std::printf("%-22s scenes %zu (truth %zu)  P %.2f R %.2f F1 %.2f  detected [%s] truth [%s]\n", p.name.c_str(),
                rec.scenes.scenes.size(), truth.size(), sc.precision, sc.recall, sc.f1, ds.c_str(), ts.c_str());
    if (const char* dump = std::getenv("REELSCALE_SCENE_DUMP")) {
      nlohmann::json j;
      j["shots"] = nlohmann::json::array();
      for (const auto& s : rec.shots.shots) j["shots"].push_back({s.start_frame, s.end_frame});
      j["transitions"] = nlohmann::json::array();
      for (const auto& t : rec.shots.transitions) j["transitions"].push_back({t.type, t.start_frame, t.end_frame});
      j["frames"] = rec.scenes.embedded_frames;
      j["emb"] = rec.scenes.frame_embeddings;
      j["black"] = rec.series.black_fraction;
      j["fps"] = rec.fps;
      std::vector<float> hists;
      for (auto f : rec.scenes.embedded_frames) {
        const auto h = rec.series.hist(std::size_t(f));
        hists.insert(hists.end(), h.begin(), h.end());
      }
      j["hist"] = hists;
      std::ofstream(fs::path(dump) / (p.name + ".json")) << j.dump();
    }
    if (verbose) {
      // Shot-to-shot similarities, to tune the link threshold.
      rs::FrameCandidates c;
      c.dim = rec.scenes.embedding_dim;
      for (std::size_t i = 0; i < rec.scenes.embedded_frames.size(); ++i)
        c.frames.push_back({rec.scenes.embedded_frames[i], 0.0f});
      c.embeddings = rec.scenes.frame_embeddings;
      const auto shots = rs::prepare_shots(rec.series, rec.shots, rec.fps, c, {});
      rs::SceneOptions ao;
      if (const char* span = std::getenv("REELSCALE_AUDIO_SPAN")) ao.audio_link_span_s = std::atof(span);
      const auto ad = rs::audio_cut_distances(shots, rec.audio, ao);  // audio distance across each cut, dB
      for (std::size_t i = 0; i < shots.size(); ++i) {
        std::printf("  shot %2zu [%5lld-%5lld]%s%s audio %5.2f dB:", i, (long long)shots[i].start_frame,
                    (long long)shots[i].end_frame, shots[i].black ? " B" : "", shots[i].break_before ? " |" : "",
                    ad[i]);
        for (std::size_t j = 0; j < shots.size(); ++j) {
          if (shots[i].vec.empty() || shots[j].vec.empty())
            std::printf("   . ");
          else
            std::printf(" %4.2f", reelscale::kernels::dot(shots[i].vec, shots[j].vec));
        }
        std::printf("\n");
      }
    }
    if (p.name == "alternation_mjpeg" || p.name == "newsreel_mpeg2") {
      EXPECT_EQ(rec.scenes.scenes.size(), truth.size()) << p.name << ": one scene per alternation";
    }
  }
  rs::BoundaryScore pooled;
  pooled.truth = truth_total;
  pooled.detected = det_total;
  pooled.matched = matched_total;
  rs::compute_rates(pooled);
  std::printf("pooled: truth %d detected %d matched %d  P %.3f R %.3f F1 %.3f\n", truth_total, det_total, matched_total,
              pooled.precision, pooled.recall, pooled.f1);
  EXPECT_GE(pooled.f1, 0.85);
}

}  // namespace
