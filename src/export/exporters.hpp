#pragma once
/// @file exporters.hpp
/// Text exports of an asset's segments for editors and players. Frame numbers
/// are the sidecar's 0-based decoded frame indices; timecodes count from the
/// asset's own start timecode (AssetDoc::tc_start) at its own rate, drop-frame
/// for 29.97/59.94 (SMPTE ST 12-1).

#include <string>
#include <vector>

#include "export/asset_doc.hpp"
#include "export/segments.hpp"

namespace reelscale::exports {

/// The formats of `reelscale export`.
enum class Format { csv, edl, otio, fcpxml, ffmetadata, webvtt };

/// Parses a --format value. @throws std::invalid_argument for unknown names.
Format parse_format(const std::string& s);
/// File extension for a format, with the dot (".csv", ".edl", ".otio", ".fcpxml", ".txt", ".vtt").
std::string extension(Format f);

/// PySceneDetect `list-scenes` CSV: a "Timecode List:" row with the cut
/// times, then the header "Scene Number,Start Frame,Start Timecode,Start Time
/// (seconds),End Frame,End Timecode,End Time (seconds),Length (frames),Length
/// (timecode),Length (seconds)" and one row per segment. As PySceneDetect:
/// Start Frame is 1-based, End Frame is the last frame 1-based, times are
/// frame / fps as "hh:mm:ss.mmm" and seconds with 3 decimals, end exclusive.
std::string to_csv(const AssetDoc& d, const std::vector<Segment>& segs);

/// CMX 3600 EDL: TITLE, FCM (DROP FRAME | NON-DROP FRAME), one cut event per
/// segment ("001  AX       V     C        src_in src_out rec_in rec_out",
/// out points exclusive) followed by "* FROM CLIP NAME:" and "* COMMENT:" lines.
/// Source and record timecodes both start at the asset's timecode.
std::string to_edl(const AssetDoc& d, const std::vector<Segment>& segs);

/// OpenTimelineIO JSON: Timeline.1 > Stack.1 > Track.1 (Video) of Clip.1 (with
/// ExternalReference.1 to file://path) and Gap.1 for uncovered frames;
/// RationalTime.1 at the asset's rate, values in frames from the asset's
/// timecode; commercial breaks as Marker.2 on the track. Field lists follow
/// OpenTimelineIO's "Serialized Data Documentation".
std::string to_otio(const AssetDoc& d, const std::vector<Segment>& segs);

/// Final Cut Pro XML 1.9: one format and one asset resource, a project whose
/// sequence spine holds one asset-clip per segment; times are exact rationals
/// of seconds ("1001/30000s"), tcFormat DF/NDF.
std::string to_fcpxml(const AssetDoc& d, const std::vector<Segment>& segs);

/// FFmpeg ffmetadata (";FFMETADATA1") with one [CHAPTER] per segment,
/// TIMEBASE = 1/frame rate so START/END are frame numbers (END exclusive).
std::string to_ffmetadata(const AssetDoc& d, const std::vector<Segment>& segs);

/// WebVTT (W3C) with one cue per segment, "hh:mm:ss.mmm --> hh:mm:ss.mmm"
/// at frame / fps, the segment name as the cue text.
std::string to_webvtt(const AssetDoc& d, const std::vector<Segment>& segs);

/// Dispatches to the function for `f`.
std::string render(Format f, const AssetDoc& d, const std::vector<Segment>& segs);

}  // namespace reelscale::exports
