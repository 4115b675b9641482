/// Face tracks never cross a shot boundary, and frames of a gradual transition (a gap
/// between one shot's end and the next one's start, as in a truth file) belong to neither
/// shot: the documentary_h264 shot 796-830 is followed by a dissolve 831-860, and the same
/// face seen at 800-825 and at 838-850 must give a track inside 796-830, not 800-850
/// (FacesHd found this on 2026-12-03).
#include <gtest/gtest.h>

#include "faces/face_tracks.hpp"

using namespace reelscale::faces;

namespace {

FaceSample sample(std::int64_t frame, float x, float first_component) {
  FaceSample s;
  s.frame = frame;
  s.obs.det.box = cv::Rect2f(x, 100, 120, 160);
  s.obs.det.score = 0.9f;
  s.obs.descriptor.fill(0.0f);
  s.obs.descriptor[0] = first_component;  // same person: equal descriptors
  s.obs.quality = 1.0f;
  return s;
}

}  // namespace

TEST(FaceTracks, FramesOfAGradualTransitionAreNotPartOfEitherShot) {
  std::vector<FaceSample> s;
  for (std::int64_t f : {800, 812, 825, 838, 850, 862, 875}) s.push_back(sample(f, 300, 1.0f));
  const std::vector<std::pair<std::int64_t, std::int64_t>> shots = {{756, 795}, {796, 830}, {861, 925}};
  const auto tracks = build_tracks(s, shots);
  ASSERT_EQ(tracks.size(), 3u);
  EXPECT_EQ(tracks[0].start_frame, 800);
  EXPECT_EQ(tracks[0].end_frame, 825);  // not 850: 838 and 850 are in the dissolve
  EXPECT_EQ(tracks[1].start_frame, 838);
  EXPECT_EQ(tracks[1].end_frame, 850);
  EXPECT_EQ(tracks[2].start_frame, 862);
  EXPECT_EQ(tracks[2].end_frame, 875);
}

TEST(FaceTracks, ContiguousShotsSplitTracksAtTheCutAndFramesBeforeTheFirstShotStandAlone) {
  std::vector<FaceSample> s;
  for (std::int64_t f : {2, 10, 20, 30, 40}) s.push_back(sample(f, 300, 1.0f));
  const auto tracks = build_tracks(s, {{5, 24}, {25, 60}});
  ASSERT_EQ(tracks.size(), 3u);
  EXPECT_EQ(tracks[0].start_frame, 2);
  EXPECT_EQ(tracks[0].end_frame, 2);
  EXPECT_EQ(tracks[1].start_frame, 10);
  EXPECT_EQ(tracks[1].end_frame, 20);
  EXPECT_EQ(tracks[2].start_frame, 30);
  EXPECT_EQ(tracks[2].end_frame, 40);
  // Without shots, the whole asset is one shot: one track.
  EXPECT_EQ(build_tracks(s, {}).size(), 1u);
}
