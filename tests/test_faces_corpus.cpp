/// The face stage on the labelled photo set corpus/faces: verification accuracy at dlib's
/// 0.6 threshold, BCubed F1 of the identities, no faces on the no-face photos, detector boxes
/// vs the truth's hand-drawn tag rectangles.
#include <gtest/gtest.h>

#include <iostream>

#include "faces/face_eval.hpp"
#include "faces_test_support.hpp"

using namespace reelscale;

TEST(FacesCorpus, VerificationClusteringAndBoxes) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  const faces::FaceEvalReport r = faces::evaluate_face_corpus(models, corpus, 0.6f);
  std::cout << r.to_json().dump(1) << "\n";
  EXPECT_GE(r.accuracy, 0.97);
  EXPECT_GE(r.average.f1, 0.90);
  EXPECT_GE(r.whispers.f1, 0.90);
  // the blocked clustering (per component of the kNN threshold graph) is exactly the full one
  EXPECT_TRUE(r.blocked_same);
  EXPECT_GT(r.blocks, 1);
  EXPECT_EQ(r.no_face_detections, 0);
  EXPECT_EQ(r.boxes_matched, r.boxes);
}
