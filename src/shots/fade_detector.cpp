#include "shots/fade_detector.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "record/black_frame.hpp"
#include "shots/signals.hpp"

namespace reelscale::shots {
namespace {

using I = std::ptrdiff_t;
constexpr float kStep = 0.25f;      // grey levels: smaller steps are noise/duplicates
constexpr float kRampStop = 0.25f;  // a ramp ends at a step under 1/4 of its largest

void require(bool ok, const char* name, const std::string& range) {
  if (!ok) throw std::invalid_argument(std::string("FadeOptions::") + name + " must be " + range);
}

/// One pass over the luma curve. Pass 0: fades through black, on the mean luma.
/// Pass 1: fades through white, on 255 - mean luma. In both the flat frames are the
/// minimum of the curve.
class FadeScan {
 public:
  FadeScan(const FrameSeries& s, double fps, const FadeOptions& o, double black_fraction, double max_ramp_s, int pass)
      : s_(s),
        o_(o),
        black_fraction_(black_fraction),
        pass_(pass),
        n_(I(s.mean_luma.size())),
        l_(s.mean_luma.begin(), s.mean_luma.end()),
        min_ramp_(to_frames(o.fade_min_s, fps, 2)),
        max_ramp_(to_frames(max_ramp_s, fps, 2)),
        max_hold_(to_frames(o.fade_max_hold_s, fps, 1)) {
    if (pass == 1)
      for (auto& v : l_) v = 255.f - v;
  }

  /// Appends this pass's fades to `fades`.
  void run(std::vector<Transition>& fades) const {
    I i = 0;
    while (i < n_) {
      if (!dark(i)) {
        ++i;
        continue;
      }
      I b0 = i, b1 = i;
      while (b1 + 1 < n_ && dark(b1 + 1)) ++b1;
      add_fades(b0, b1, fades);
      i = b1 + 1;
    }
  }

 private:
  bool dark(I i) const {
    if (pass_ == 1) return l_[std::size_t(i)] <= o_.fade_black_luma;  // near-white
    return l_[std::size_t(i)] <= o_.fade_black_luma || record::is_black_frame(s_, std::size_t(i), black_fraction_);
  }

  /// Ramp going away from a dark frame `b` in direction dir (-1: backwards, fade-out;
  /// +1: forwards, fade-in). Returns the far end of the ramp, or b if none.
  I ramp(I b, int dir) const {
    I j = b;
    int flat = 0;
    float biggest = 0;
    while (true) {
      const I k = j + dir;
      if (k < 0 || k >= n_ || std::llabs(k - b) > max_ramp_) break;
      const float step = l_[std::size_t(k)] - l_[std::size_t(j)];
      // The ramp ends where the luma stops climbing at a fade's pace: a step
      // under a quarter of the ramp's largest is the shot's own drift.
      if (step > kStep && step >= kRampStop * biggest) {
        biggest = std::max(biggest, step);
        j = k;
        flat = 0;
      } else if (step > -kStep && flat == 0) {
        // one flat step allowed (duplicated frames), only if the ramp goes on after it
        const I k2 = k + dir;
        if (k2 < 0 || k2 >= n_ || l_[std::size_t(k2)] - l_[std::size_t(k)] <= std::max(kStep, kRampStop * biggest))
          break;
        j = k;
        flat = 1;
      } else {
        break;
      }
    }
    return j;
  }

  bool valid_ramp(I far, I b) const {
    const I len = std::llabs(far - b);
    if (len < min_ramp_) return false;
    const float hi = l_[std::size_t(far)], lo = l_[std::size_t(b)];
    if (hi - lo < o_.fade_min_drop * hi) return false;
    // smooth: no single step carries most of the change (that would be a cut)
    const I a = std::min(far, b), z = std::max(far, b);
    float maxstep = 0;
    for (I i = a + 1; i <= z; ++i) maxstep = std::max(maxstep, std::fabs(l_[std::size_t(i)] - l_[std::size_t(i - 1)]));
    return maxstep <= 0.6f * (hi - lo);
  }

  /// The fades around the dark run b0..b1 (its darkest frames at either end anchor the ramps).
  void add_fades(I b0, I b1, std::vector<Transition>& fades) const {
    const I out_far = ramp(b0, -1), in_far = ramp(b1, +1);
    const bool has_out = valid_ramp(out_far, b0);
    const bool has_in = valid_ramp(in_far, b1);
    const I hold = b1 - b0 + 1;
    if (shots_debug())
      std::fprintf(stderr, "flat(pass %d) %td-%td out_far=%td(%d) in_far=%td(%d)\n", pass_, b0, b1, out_far,
                   int(has_out), in_far, int(has_in));
    auto push = [&](I a, I z, float score) {
      Transition t;
      t.type = "fade";
      t.start_frame = a;
      t.end_frame = z;
      t.score = score;
      fades.push_back(t);
    };
    if (has_out && has_in && hold <= max_hold_) {
      push(out_far + 1, in_far - 1, 1.f);
    } else {
      if (has_out) push(out_far + 1, b0, 1.f);
      if (has_in) push(b1, in_far - 1, 1.f);
    }
  }

  const FrameSeries& s_;
  const FadeOptions& o_;
  double black_fraction_;
  int pass_;
  I n_;
  std::vector<float> l_;
  int min_ramp_, max_ramp_, max_hold_;
};

}  // namespace

void FadeOptions::validate() const {
  require(fade_min_s > 0 && fade_min_s <= 60, "fade_min_s", "in (0, 60] s");
  require(fade_black_luma >= 0 && fade_black_luma <= 255, "fade_black_luma", "in [0, 255]");
  require(fade_min_drop >= 0 && fade_min_drop <= 1, "fade_min_drop", "in [0, 1]");
  require(fade_max_hold_s >= 0 && fade_max_hold_s <= 3600, "fade_max_hold_s", "in [0, 3600] s");
}

std::vector<Transition> detect_fades(const FrameSeries& s, double fps, const FadeOptions& o, double black_fraction,
                                     double max_ramp_s) {
  o.validate();
  std::vector<Transition> fades;
  const I n = I(s.mean_luma.size());
  if (n < 3 || I(s.size()) != n) return fades;
  for (int pass = 0; pass < 2; ++pass) FadeScan(s, fps, o, black_fraction, max_ramp_s, pass).run(fades);
  std::sort(fades.begin(), fades.end(),
            [](const Transition& x, const Transition& y) { return x.start_frame < y.start_frame; });
  return fades;
}

}  // namespace reelscale::shots
