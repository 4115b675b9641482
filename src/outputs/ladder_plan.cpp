#include "outputs/ladder_plan.hpp"

#include <algorithm>
#include <cmath>

namespace reelscale::outputs {

std::vector<RungSpec> default_rungs() { return {{1080, 0}, {720, 0}, {480, 0}}; }

namespace {
int even(double v) { return std::max(2, int(std::lround(v / 2.0)) * 2); }
}  // namespace

std::vector<RungPlan> plan_ladder(const std::vector<RungSpec>& rungs, int width, int height, int sar_num, int sar_den) {
  std::vector<RungPlan> out;
  if (width <= 0 || height <= 0) return out;
  const double sar = (sar_num > 0 && sar_den > 0) ? double(sar_num) / sar_den : 1.0;
  const double dar = double(width) * sar / height;
  const int src_h = height - height % 2;
  std::vector<RungSpec> sorted = rungs;
  std::sort(sorted.begin(), sorted.end(), [](const RungSpec& a, const RungSpec& b) { return a.height > b.height; });
  for (const RungSpec& r : sorted) {
    if (r.height <= 0 || r.height > height) continue;
    const int h = even(r.height);
    if (!out.empty() && out.back().height == h) continue;
    out.push_back({std::to_string(h) + "p", even(h * dar), h, r.bit_rate});
  }
  if (out.empty() && !sorted.empty())
    out.push_back({std::to_string(src_h) + "p", even(src_h * dar), src_h, sorted.back().bit_rate});
  return out;
}

}  // namespace reelscale::outputs
