#pragma once
/// @file face_tracks.hpp
/// Face tracks: detections of one person linked across the sampled frames of one shot.
/// Linking is greedy per frame (best pairs first): a detection continues a track when its
/// box overlaps the track's last box (IoU >= min_iou) and the descriptors are not far apart,
/// or when the descriptors alone are close (< max_distance); afterwards, pieces of one shot
/// never seen on the same frame are stitched when their mean descriptors are close (the
/// person crossed the picture or was occluded). Tracks never cross a shot
/// boundary. A track keeps its time span, its exemplar (highest FaceObservation::quality:
/// sharp, frontal, confident, large) and the mean of its descriptors.

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "faces/face_models.hpp"

namespace reelscale::faces {

/// One face seen on one sampled frame.
struct FaceSample {
  std::int64_t frame = 0;  ///< 0-based decoded frame
  FaceObservation obs;     ///< box in decoded-frame px
  bool described = true;   ///< obs.descriptor is set (false: box and chip only, linked by IoU)
  /// Aligned 150x150 chip as JPEG (null: none kept); a repeat of an earlier sample's
  /// detection shares that sample's chip (`repeat` true).
  std::shared_ptr<const std::vector<unsigned char>> chip_jpeg;
  bool repeat = false;
};

/// A face track within a shot.
struct FaceTrack {
  std::int64_t track = 0;                ///< 0-based, in order of first appearance
  std::int64_t start_frame = 0, end_frame = 0;  ///< first / last frame with a detection (inclusive)
  std::int64_t exemplar_frame = 0;
  FaceObservation exemplar;              ///< the best detection
  Descriptor mean{};                     ///< mean of the track's descriptors
  float score = 0;                       ///< highest detector score
  int detections = 0;
  std::vector<unsigned char> exemplar_jpeg;  ///< the exemplar's chip as JPEG (empty if none kept)
};

/// Describes one piece of a track from its detections (e.g. embeds the best chips): the
/// mean descriptor of the piece. Used when the samples are not described; called for several
/// pieces at once from different threads (tbb::parallel_for), so it must be thread-safe.
using PieceDescriber = std::function<Descriptor(const std::vector<const FaceSample*>& members)>;

/// Linking settings.
struct TrackOptions {
  float min_iou = 0.3f;              ///< box overlap that links (with distance < iou_max_distance)
  float iou_max_distance = 0.7f;     ///< descriptors further apart never link, even overlapping
  float max_distance = 0.45f;        ///< descriptors this close link without overlap
  std::int64_t max_gap_frames = 90;  ///< a track not seen for longer ends
  float stitch_distance = 0.5f;      ///< pieces of one shot never on the same frame re-join below this
};

/// Builds the tracks of one asset. `shots` are inclusive [start, end] frame ranges in order
/// (empty: the whole asset is one shot). Samples may come in any order. Undescribed samples
/// link by box IoU alone; then `describe` (required when any sample is undescribed) gives
/// each piece its mean descriptor before pieces are stitched.
std::vector<FaceTrack> build_tracks(std::vector<FaceSample> samples,
                                    const std::vector<std::pair<std::int64_t, std::int64_t>>& shots,
                                    const TrackOptions& o = {}, const PieceDescriber& describe = {});

}  // namespace reelscale::faces
