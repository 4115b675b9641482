/// Identity bookkeeping on synthetic descriptors: clustering (average linkage with
/// cannot-link, Chinese whispers), incremental assignment, merge/tag/untag, recluster keeping
/// ids and names, names stored apart and atomically, and the `reelscale faces` CLI.
#include <gtest/gtest.h>

#include <random>

#include "faces/average_linkage.hpp"
#include "faces/blocked_linkage.hpp"
#include "faces/chinese_whispers.hpp"
#include "faces/identity_store.hpp"
#include "support/test_support.hpp"

using namespace reelscale;
using faces::Descriptor;

namespace {

/// Three well-separated "people": centres 1.0 apart, members within about 0.2.
Descriptor person(int who, std::mt19937& rng) {
  std::normal_distribution<float> n(0.0f, 0.012f);
  Descriptor d{};
  for (int k = 0; k < faces::kDescriptorDim; ++k) d[k] = n(rng);
  d[who] += 0.7f;
  return d;
}

faces::FaceTrack track(std::int64_t id, std::int64_t start, std::int64_t end, const Descriptor& d) {
  faces::FaceTrack t;
  t.track = id;
  t.start_frame = start;
  t.end_frame = end;
  t.mean = d;
  return t;
}

}  // namespace

TEST(FacesIdentities, ClusteringSeparatesPeopleAndHonoursCannotLink) {
  std::mt19937 rng(7);
  std::vector<Descriptor> d;
  for (int i = 0; i < 12; ++i) d.push_back(person(i % 3, rng));
  const auto al = faces::average_linkage(d, 0.6f);
  const auto cw = faces::cluster_descriptors(d, 0.6f);
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) {
      EXPECT_EQ(al[i] == al[j], i % 3 == j % 3) << i << "," << j;
      EXPECT_EQ(cw[i] == cw[j], i % 3 == j % 3) << i << "," << j;
    }
  const auto split = faces::average_linkage(d, 0.6f, {{0, 3}});  // same person, but seen together
  EXPECT_NE(split[0], split[3]);
}

// The blocked clustering (average linkage per component of the Faiss threshold graph) gives
// exactly the partition of one average linkage over all descriptors (the reference), with
// cannot-link pairs; with a tiny block cap the Chinese-whispers fallback still separates people.
TEST(FacesIdentities, BlockedLinkageEqualsFullAverageLinkage) {
  std::mt19937 rng(5);
  std::vector<Descriptor> d;
  for (int i = 0; i < 600; ++i) d.push_back(person(i % 40, rng));  // 40 people, 15 tracks each
  std::vector<std::pair<std::size_t, std::size_t>> apart = {{0, 40}, {1, 81}, {2, 3}};
  std::size_t blocks = 0;
  const auto full = faces::average_linkage(d, 0.6f, apart);
  const auto blocked = faces::blocked_average_linkage(d, 0.6f, apart, 64, 4000, &blocks);
  EXPECT_EQ(blocked, full);
  EXPECT_EQ(blocks, 40u);
  EXPECT_NE(blocked[0], blocked[40]);  // cannot-link honoured inside a block
  const auto whisper = faces::blocked_average_linkage(d, 0.6f, {}, 64, 5);
  for (int i = 0; i < 600; i += 7)
    for (int j = 0; j < 600; j += 11) EXPECT_EQ(whisper[i] == whisper[j], i % 40 == j % 40) << i << "," << j;
}

TEST(FacesIdentities, IncrementalAssignmentTagMergeRecluster) {
  std::mt19937 rng(11);
  const auto out = reelscale::testing::scratch_dir("faces_ids");
  faces::IdentityStore s;
  s.set_asset("a", {track(0, 0, 10, person(0, rng)), track(1, 0, 10, person(1, rng))});
  EXPECT_EQ(s.assign_new(), 2u);
  const auto ida = s.identity_of("a", 0), idb = s.identity_of("a", 1);
  EXPECT_NE(ida, idb);
  s.tag(ida, "Alice");
  s.save(out);

  // A later asset: person 0 again joins Alice's identity; person 2 is new.
  faces::IdentityStore t = faces::IdentityStore::load(out);
  t.set_asset("b", {track(0, 0, 5, person(0, rng)), track(1, 0, 5, person(2, rng))});
  t.assign_new();
  EXPECT_EQ(t.identity_of("b", 0), ida);
  EXPECT_EQ(t.name_of(t.identity_of("b", 0)), "Alice");
  EXPECT_NE(t.identity_of("b", 1), ida);
  EXPECT_NE(t.identity_of("b", 1), idb);

  // Recluster keeps ids and names.
  t.recluster();
  EXPECT_EQ(t.identity_of("a", 0), ida);
  EXPECT_EQ(t.identity_of("b", 0), ida);
  EXPECT_EQ(t.name_of(ida), "Alice");

  // Merge carries the name over; untag removes it; unknown ids throw.
  t.merge(idb, ida);
  EXPECT_EQ(t.identity_of("a", 0), idb);
  EXPECT_EQ(t.name_of(idb), "Alice");
  t.untag(idb);
  EXPECT_EQ(t.name_of(idb), "");
  EXPECT_THROW(t.tag(999, "x"), std::invalid_argument);

  t.write_index(out / "index" / "faces.faiss");
  EXPECT_GT(std::filesystem::file_size(out / "index" / "faces.faiss"), 4u * 128u * t.tracks.size());
}

TEST(FacesIdentities, CliTagsWithoutTouchingIdentities) {
  std::mt19937 rng(3);
  const auto out = reelscale::testing::scratch_dir("faces_cli");
  faces::IdentityStore s;
  s.set_asset("a", {track(0, 0, 10, person(0, rng))});
  s.set_asset("b", {track(0, 0, 10, person(0, rng)), track(1, 0, 10, person(1, rng))});
  s.assign_new();
  s.save(out / "faces");
  const auto id = s.identity_of("a", 0);
  const auto before = std::filesystem::last_write_time(out / "faces" / "identities.json");
  const std::string cmd = reelscale::testing::shell_quote(reelscale::testing::reelscale_binary().string()) + " faces " +
                          reelscale::testing::shell_quote(out.string()) + " --tag " + std::to_string(id) +
                          " --name 'Jesper' --json";
  int status = -1;
  const auto j = nlohmann::json::parse(reelscale::testing::run_capture(cmd, &status));
  ASSERT_EQ(status, 0) << cmd;
  EXPECT_EQ(std::filesystem::last_write_time(out / "faces" / "identities.json"), before);
  bool found = false;
  for (const auto& e : j)
    if (e["id"] == id) {
      found = true;
      EXPECT_EQ(e["name"], "Jesper");
      EXPECT_EQ(e["assets"].size(), 2u);  // the name reaches both assets at once
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(faces::IdentityStore::load(out / "faces").name_of(id), "Jesper");
  EXPECT_NE(reelscale::testing::run_shell(reelscale::testing::shell_quote(reelscale::testing::reelscale_binary().string()) + " faces " +
                               reelscale::testing::shell_quote(out.string()) + " --tag 999 --name x >/dev/null 2>&1"),
            0);
}
