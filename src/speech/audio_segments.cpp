#include "speech/audio_segments.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace reelscale::speech {
namespace {

// Logistic regression fitted by src/speech/tools/fit_segmenter.py (z-scored features:
// 4 Hz modulation, low-energy ratio, ln(ZCR sd + 1e-3), flux sd, flux mean).
constexpr std::array<double, kFeatureCount> kMean{0.3769, 0.42089, -2.25427, 0.25067, 0.44585};
constexpr std::array<double, kFeatureCount> kStd{0.19353, 0.16249, 1.03341, 0.06269, 0.08728};
constexpr std::array<double, kFeatureCount> kWeight{0.327, 0.3892, 1.1548, 3.2238, -0.7667};
constexpr double kBias = 1.6184;

}  // namespace

std::string to_string(AudioKind k) {
  switch (k) {
    case AudioKind::speech: return "speech";
    case AudioKind::music: return "music";
    default: return "silence";
  }
}

double speech_probability(const StepFeatures& s) {
  std::array<double, kFeatureCount> x = s.f;
  x[2] = std::log(x[2] + 1e-3);
  double z = kBias;
  for (std::size_t i = 0; i < kFeatureCount; ++i) z += kWeight[i] * (x[i] - kMean[i]) / kStd[i];
  return 1.0 / (1.0 + std::exp(-z));
}

AudioKind classify(const StepFeatures& f, const SegmenterParams& p) {
  if (f.rms_db < p.silence_db) return AudioKind::silence;
  return speech_probability(f) > 0.5 ? AudioKind::speech : AudioKind::music;
}

namespace {

/// Majority of speech vs music over `width` steps, among the non-silent steps only;
/// silence steps neither vote nor change.
std::vector<AudioKind> majority_filter(const std::vector<AudioKind>& in, int width) {
  std::vector<AudioKind> out(in);
  const int h = std::max(width, 1) / 2;
  const int n = static_cast<int>(in.size());
  for (int i = 0; i < n; ++i) {
    if (in[i] == AudioKind::silence) continue;
    int speech = 0, music = 0;
    for (int j = std::max(0, i - h); j <= std::min(n - 1, i + h); ++j) {
      speech += in[j] == AudioKind::speech;
      music += in[j] == AudioKind::music;
    }
    if (speech != music) out[i] = speech > music ? AudioKind::speech : AudioKind::music;
  }
  return out;
}

/// Silence runs shorter than `min_steps` (pauses between words) take the kind of the
/// longer non-silent neighbour run.
void fill_short_silence(std::vector<AudioKind>& v, int min_steps) {
  const int n = static_cast<int>(v.size());
  for (int i = 0; i < n;) {
    if (v[i] != AudioKind::silence) { ++i; continue; }
    int j = i;
    while (j < n && v[j] == AudioKind::silence) ++j;
    if (j - i < min_steps && (i > 0 || j < n)) {
      const AudioKind k = i > 0 ? v[i - 1] : v[j];
      for (int t = i; t < j; ++t) v[t] = k;
    }
    i = j;
  }
}

void merge_short(std::vector<AudioSegment>& segs, double min_run_s) {
  bool changed = true;
  while (changed && segs.size() > 1) {
    changed = false;
    std::size_t shortest = segs.size();  // shortest speech/music run (silences stay)
    for (std::size_t i = 0; i < segs.size(); ++i)
      if (segs[i].kind != AudioKind::silence &&
          (shortest == segs.size() || segs[i].end_s - segs[i].start_s < segs[shortest].end_s - segs[shortest].start_s))
        shortest = i;
    if (shortest == segs.size() || segs[shortest].end_s - segs[shortest].start_s >= min_run_s) break;
    const std::size_t i = shortest;
    const bool left = i > 0 && (i + 1 == segs.size() || segs[i - 1].end_s - segs[i - 1].start_s >=
                                                          segs[i + 1].end_s - segs[i + 1].start_s);
    if (left) segs[i - 1].end_s = segs[i].end_s;
    else segs[i + 1].start_s = segs[i].start_s;
    segs.erase(segs.begin() + static_cast<std::ptrdiff_t>(i));
    for (std::size_t k = 1; k < segs.size();) {  // join equal neighbours
      if (segs[k].kind == segs[k - 1].kind) {
        segs[k - 1].end_s = segs[k].end_s;
        segs.erase(segs.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        ++k;
      }
    }
    changed = true;
  }
}

}  // namespace

std::vector<AudioSegment> smooth_segments(const std::vector<AudioKind>& labels, double t0_s,
                                          const SegmenterParams& p) {
  std::vector<AudioKind> filled = labels;
  fill_short_silence(filled, static_cast<int>(std::lround(p.min_silence_s * 10)));
  const std::vector<AudioKind> sm = majority_filter(filled, p.smooth_steps);
  std::vector<AudioSegment> segs;
  for (std::size_t i = 0; i < sm.size(); ++i) {
    const double a = t0_s + 0.1 * static_cast<double>(i), b = a + 0.1;
    if (!segs.empty() && segs.back().kind == sm[i]) segs.back().end_s = b;
    else segs.push_back({a, b, sm[i]});
  }
  merge_short(segs, p.min_run_s);
  return segs;
}

}  // namespace reelscale::speech
