#include "duplicates/tick_analyser.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "analysis/sample_runs.hpp"
#include "record/asset_record.hpp"

namespace reelscale::duplicates {

TickSample make_sample(const cv::Mat& picture, std::int64_t frame, double pts_s, int max_side) {
  if (picture.empty()) throw std::invalid_argument("duplicates: empty picture");
  cv::Mat grey, small;
  if (picture.channels() == 3)
    cv::cvtColor(picture, grey, cv::COLOR_BGR2GRAY);
  else
    grey = picture;
  const int side = std::max(grey.cols, grey.rows);
  if (max_side > 0 && side > max_side) {
    const double s = static_cast<double>(max_side) / side;
    cv::resize(grey, small, {std::max(1, int(grey.cols * s + 0.5)), std::max(1, int(grey.rows * s + 0.5))}, 0, 0,
               cv::INTER_AREA);
  } else {
    small = grey;
  }
  TickSample t;
  t.frame = frame, t.pts_s = pts_s;
  t.lines = picture_lines(small);
  cv::resize(small, t.grid, {kGridSide, kGridSide}, 0, 0, cv::INTER_AREA);
  return t;
}

TickCodes tick_codes(std::vector<TickSample> samples, const std::vector<int>& shot_of, int box_window) {
  std::vector<std::size_t> order(samples.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return samples[a].frame < samples[b].frame; });
  TickCodes c;
  cv::Mat prev_grid;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const TickSample& s = samples[order[k]];
    const int shot = shot_of[order[k]];
    std::vector<const LineFlags*> window;
    for (long j = std::max(0L, long(k) - box_window); j <= std::min(long(order.size()) - 1, long(k) + box_window); ++j)
      if (shot_of[order[j]] == shot && samples[order[j]].lines.rows.size() == s.lines.rows.size() &&
          samples[order[j]].lines.cols.size() == s.lines.cols.size())
        window.push_back(&samples[order[j]].lines);
    const FrameBox box = stable_box(window);
    const cv::Mat area = area_image(s.grid, box);
    std::uint64_t motion = 0;
    if (k > 0 && shot_of[order[k - 1]] == shot && samples[order[k - 1]].grid.size() == s.grid.size())
      motion = motion_code(area_image(samples[order[k - 1]].grid, box), area);
    c.frame.push_back(s.frame);
    c.pts_s.push_back(s.pts_s);
    c.phash.push_back(area_phash(area));
    c.motion.push_back(motion);
    c.box.push_back(box);
  }
  return c;
}

record::Table tick_table(const TickCodes& c) {
  std::vector<std::int64_t> phash(c.phash.begin(), c.phash.end()), motion(c.motion.begin(), c.motion.end());
  std::vector<double> box;
  for (const auto& b : c.box) box.insert(box.end(), {b.x0, b.y0, b.x1, b.y1});
  record::Table t;
  t.name = kTickTable;
  t.columns = {{"frame", "frames", 1, c.frame},
               {"pts_s", "s", 1, c.pts_s},
               {"phash", "", 1, phash},
               {"motion", "", 1, motion},
               {"box", "fraction", 4, box}};
  return t;
}

void TickAnalyser::analyse(const analysis::AnalysisFrame& f) {
  TickSample s = make_sample(f.bgr, f.frame, f.pts_s, opt_.max_side);
  std::lock_guard lock(mu_);
  samples_.push_back(std::move(s));
}

analysis::AnalysisResult TickAnalyser::finish(const AssetRecord& rec) {
  analysis::AnalysisResult r;
  std::vector<TickSample> samples;
  {
    std::lock_guard lock(mu_);
    samples.swap(samples_);
  }
  if (samples.empty()) return r;
  std::vector<int> shot_of(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i)
    shot_of[i] = analysis::shot_of_frame(rec.shots.shots, samples[i].frame);
  r.tables.push_back(tick_table(tick_codes(std::move(samples), shot_of, opt_.box_window)));
  return r;
}

}  // namespace reelscale::duplicates
