/// @file test_index_query.cpp
/// Faiss indexes and `reelscale query`:
///  - a synthetic catalog (known vectors) indexed with the automatic factory
///    ("Flat") and an --index-factory override; every scene finds itself first;
///    id maps round-trip through catalog.h5; `query --scene/--frame --json`
///    prints the documented keys;
///  - the dev corpus: every programme analysed (pipeline + catalog writer),
///    indexed, and a frame grabbed with the ffmpeg CLI from the middle of each
///    truth scene (slates excluded) given to `query --image`: the rank-1 scene
///    should be in the right file and contain the grabbed frame (issue 5 asks
///    for >= 90 % of scenes; see the note at the assertion).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog_writer.hpp"
#include "catalog/scene_catalog.hpp"
#include "eval/scene_truth.hpp"
#include "indexes/scene_index.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "reelscale/kernels/embedding.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rt = reelscale::testing;
using json = nlohmann::json;

/// An asset record with `scenes` scenes of 100 frames, 2 embedded frames each,
/// random unit vectors (dim 16) near a per-scene centre.
reelscale::AssetRecord synthetic_asset(const std::string& id, int scenes, std::mt19937& rng) {
  reelscale::AssetRecord r;
  r.id = id;
  r.path = "/archive/" + id + ".mp4";
  r.fps = 25;
  r.frames = 100 * scenes;
  const int dim = 16;
  r.scenes.embedding_dim = dim;
  std::normal_distribution<float> g(0, 1);
  for (int s = 0; s < scenes; ++s) {
    reelscale::Scene sc;
    sc.start_frame = 100 * s;
    sc.end_frame = 100 * s + 99;
    sc.keyframe = 100 * s + 50;
    sc.start_s = sc.start_frame / 25.0;
    sc.end_s = (sc.end_frame + 1) / 25.0;
    r.scenes.scenes.push_back(sc);
    std::vector<float> c(dim);
    for (auto& x : c) x = g(rng);
    reelscale::kernels::l2_normalise(c);
    r.scenes.scene_embeddings.insert(r.scenes.scene_embeddings.end(), c.begin(), c.end());
    for (int f = 0; f < 2; ++f) {
      std::vector<float> v = c;
      for (auto& x : v) x += 0.05f * g(rng);
      reelscale::kernels::l2_normalise(v);
      r.scenes.embedded_frames.push_back(100 * s + 25 + 50 * f);
      r.scenes.frame_embeddings.insert(r.scenes.frame_embeddings.end(), v.begin(), v.end());
    }
  }
  r.scenes.keyframe_jpeg.assign(std::size_t(scenes), {});
  return r;
}

TEST(IndexQuery, SyntheticCatalogFindsItself) {
  const fs::path out = rt::scratch_dir("index-synth");
  std::mt19937 rng(7);
  std::vector<reelscale::AssetRecord> recs = {synthetic_asset("aaaa000000000001", 5, rng),
                                              synthetic_asset("aaaa000000000002", 7, rng)};
  {
    reelscale::catalog::CatalogWriter w(out / "catalog.h5");
    for (const auto& r : recs) w.write_asset(r);
    w.close();
  }
  for (const std::string factory : {std::string(), std::string("HNSW16,Flat")}) {
    reelscale::indexes::IndexOptions o;
    o.factory = factory;
    const auto st = reelscale::indexes::build_indexes(out, o);
    EXPECT_EQ(st.scenes, 12u);
    EXPECT_EQ(st.frames, 24u);
    EXPECT_EQ(st.scene_factory, factory.empty() ? "Flat" : factory);
    const auto smap = reelscale::catalog::read_index_map(out / "catalog.h5", "scenes");
    const auto fmap = reelscale::catalog::read_index_map(out / "catalog.h5", "frames");
    ASSERT_EQ(smap.size(), 12u);
    ASSERT_EQ(fmap.size(), 24u);
    const reelscale::indexes::Index idx(reelscale::indexes::index_path(out, "scenes"));
    std::size_t row = 0;
    for (const auto& r : recs)
      for (std::size_t s = 0; s < r.scenes.scenes.size(); ++s, ++row) {
        const auto hits = idx.search(r.scenes.scene_embeddings.data() + s * 16, 3);
        ASSERT_FALSE(hits.empty());
        EXPECT_EQ(std::size_t(hits[0].id), row);
        EXPECT_EQ(smap[row].asset_id, r.id);
        EXPECT_EQ(smap[row].scene, std::int64_t(s));
        EXPECT_NEAR(hits[0].score, 1.0f, 1e-4);
      }
    EXPECT_EQ(fmap[3].frame, 175);  // asset 1, scene 1, second frame
    EXPECT_EQ(fmap[3].scene, 1);
  }
  // CLI: --frame and --scene, JSON keys.
  int status = 0;
  const std::string outq =
      rt::run_capture(rt::shell_quote(rt::reelscale_binary().string()) + " query " + rt::shell_quote(out.string()) +
                          " --frame aaaa000000000002:130 -k 3 --json",
                      &status);
  ASSERT_EQ(status, 0) << outq;
  const json j = json::parse(outq);
  ASSERT_TRUE(j.is_array());
  ASSERT_FALSE(j.empty());
  for (const char* key : {"path", "asset_id", "scene", "start", "end", "start_s", "end_s", "score"})
    EXPECT_TRUE(j[0].contains(key)) << key;
  EXPECT_EQ(j[0]["asset_id"], "aaaa000000000002");
  EXPECT_EQ(j[0]["scene"], 1);
  EXPECT_EQ(j[0]["start"], 100);
  EXPECT_EQ(j[0]["end"], 199);
  const std::string outs =
      rt::run_capture(rt::shell_quote(rt::reelscale_binary().string()) + " query " + rt::shell_quote(out.string()) +
                          " --scene aaaa000000000001:2 -k 4 --json",
                      &status);
  ASSERT_EQ(status, 0) << outs;
  const json js = json::parse(outs);
  ASSERT_EQ(js.size(), 4u);
  for (const auto& h : js)
    EXPECT_FALSE(h["asset_id"] == "aaaa000000000001" && h["scene"] == 2) << "the query scene itself";
  // Usage errors.
  EXPECT_NE(rt::run_shell(rt::shell_quote(rt::reelscale_binary().string()) + " query " + rt::shell_quote(out.string()) +
                          " >/dev/null 2>&1"),
            0);
}

TEST(IndexQuery, CorpusImageQueryRank1) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path out = rt::scratch_dir("index-corpus");
  const auto progs = rt::corpus_programmes(corpus);
  ASSERT_FALSE(progs.empty());
  {
    reelscale::catalog::CatalogWriter w(out / "catalog.h5");
    for (const auto& p : progs) w.write_asset(reelscale::pipeline::analyse_asset(p.video));
    w.close();
  }
  reelscale::indexes::build_indexes(out);
  int total = 0, ok = 0, top3 = 0, exact = 0;
  for (const auto& p : progs) {
    for (const auto& s : reelscale::eval::load_truth_scenes(p.truth)) {
      // load_truth_scenes folds slates into the scene before: take the middle of the
      // scene's own (non-slate) frames, i.e. of the raw truth range with this label.
      const json doc = json::parse(std::ifstream(p.truth));
      std::int64_t a = s.start, b = s.end;
      for (const auto& r : doc["scenes"])
        if (r["label"] == s.label) a = r["start"].get<std::int64_t>(), b = r["end"].get<std::int64_t>();
      const std::int64_t mid = (a + b) / 2;
      const fs::path png = out / (p.video.stem().string() + "-" + std::to_string(mid) + ".png");
      ASSERT_EQ(rt::run_shell("ffmpeg -nostdin -hide_banner -loglevel error -y -i " +
                              rt::shell_quote(p.video.string()) + " -vf 'select=eq(n\\," + std::to_string(mid) +
                              ")' -frames:v 1 " + rt::shell_quote(png.string()) + " </dev/null"),
                0);
      int status = 0;
      const std::string res =
          rt::run_capture(rt::shell_quote(rt::reelscale_binary().string()) + " query " + rt::shell_quote(out.string()) +
                              " --image " + rt::shell_quote(png.string()) + " -k 5 --json",
                          &status);
      ASSERT_EQ(status, 0) << res;
      const json j = json::parse(res);
      ++total;
      int rank = 0;  // 1-based rank of the scene containing the grabbed frame, 0 = not in the top 5
      for (std::size_t r = 0; r < j.size() && rank == 0; ++r)
        if (j[r]["path"] == p.video.string() && j[r]["start"].get<std::int64_t>() <= mid &&
            mid <= j[r]["end"].get<std::int64_t>())
          rank = int(r) + 1;
      const bool hit = rank == 1;
      ok += hit ? 1 : 0;
      top3 += (rank >= 1 && rank <= 3) ? 1 : 0;
      if (hit && !j[0]["match_frame"].is_null()) {
        // The frame-exact verification names a frame of the returned scene: the
        // grabbed one, or in a still shot a neighbour that is as close.
        const auto m = j[0]["match_frame"].get<std::int64_t>();
        EXPECT_GE(m, j[0]["start"].get<std::int64_t>());
        EXPECT_LE(m, j[0]["end"].get<std::int64_t>());
        exact += std::llabs(m - mid) <= 1 ? 1 : 0;
      }
      std::printf("%-28s scene %-4s frame %5lld -> rank %d %s %s [%s-%s] score %s match %s\n",
                  p.video.filename().c_str(), s.label.c_str(), (long long)mid, rank, hit ? "OK  " : "MISS",
                  j.empty() ? "-" : fs::path(j[0]["path"].get<std::string>()).filename().c_str(),
                  j.empty() ? "" : j[0]["start"].dump().c_str(), j.empty() ? "" : j[0]["end"].dump().c_str(),
                  j.empty() ? "" : j[0]["score"].dump().c_str(), j.empty() ? "" : j[0]["match_frame"].dump().c_str());
    }
  }
  std::printf("query --image rank-1: %d / %d = %.3f; top-3: %d / %d = %.3f; match_frame within 1 of the grab: %d\n", ok,
              total, double(ok) / total, top3, total, double(top3) / total, exact);
  // Issue 5: rank-1 >= 0.90. The dev corpus re-uses the same source footage in
  // several programmes; the frame-exact verification (scenes/frame_match.hpp)
  // puts the scenes holding a duplicate of the image first, those of assets with
  // the image's frame size before others. Measured 27/28; the miss is a tie
  // between two 720x576 programmes carrying the same diver frame (docs/scenes.md).
  EXPECT_GE(double(ok) / total, 0.90);
  // Measured 22 of 27 hits name the grabbed frame +-1; the others are still
  // shots (a neighbour is as close) and the corrupt-looking cockatoo frames of
  // archive_mpeg4_avi (out-of-gamut colours: grey from the RGB grab differs
  // from the stored luma by ~11 levels, no duplicate is called).
  EXPECT_GE(4 * exact, 3 * ok);
  EXPECT_GE(double(top3) / total, 0.90);
}

}  // namespace
