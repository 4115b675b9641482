#pragma once
/// @file face_align.hpp
/// Face chips for dlib's descriptor: a similarity transform (rotation, uniform scale,
/// translation; least squares, Umeyama 1991) maps the BlazeFace eye centres and mouth centre
/// onto where dlib's mean face puts them in a 150x150 chip with padding 0.25
/// (dlib::get_face_chip_details: chip = (mean_face + 0.25) / 1.5 * 150; eye centres are the
/// means of landmarks 36-41 / 42-47, the mouth centre the mean of the inner lip 60-67).

#include <array>

#include <opencv2/core.hpp>

#include "faces/face_detector.hpp"

namespace reelscale::faces {

constexpr int kChipSize = 150;  ///< chip side in px (dlib / face-api input)

/// Template positions in the 150x150 chip: image-left eye, image-right eye, mouth centre.
std::array<cv::Point2f, 3> chip_template();

/// 2x3 similarity transform (CV_64F) taking `src` points to `dst` points in least squares.
cv::Mat similarity_transform(const std::array<cv::Point2f, 3>& src, const std::array<cv::Point2f, 3>& dst);

/// The aligned 150x150 BGR chip of `d` in `bgr` (bilinear; area-averaged when the face is
/// more than twice the chip size, as dlib's pyramid downsampling does).
cv::Mat align_face(const cv::Mat& bgr, const FaceDetection& d);

/// 0..1: 1 for a frontal face (nose midway between the eyes), 0 for a profile.
float frontality(const FaceDetection& d);

}  // namespace reelscale::faces
