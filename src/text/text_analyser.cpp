#include "text/text_analyser.hpp"

#include <algorithm>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <tbb/parallel_for.h>

#include "analysis/sample_runs.hpp"

#include "record/asset_record.hpp"
#include "text/text_normalise.hpp"

#include <unicode/uchar.h>

namespace reelscale::text {
namespace {

double iou(const cv::Rect& a, const cv::Rect& b) {
  const double i = (a & b).area(), u = a.area() + b.area() - i;
  return u > 0 ? i / u : 0;
}

int alnum_count(const std::string& s) {
  int n = 0;
  for (char32_t c : to_u32(s)) n += u_isalnum(static_cast<UChar32>(c)) ? 1 : 0;
  return n;
}

bool same_text(const std::u32string& a, const std::u32string& b, double tol) {
  const std::size_t n = std::max(a.size(), b.size());
  return n == 0 || double(edit_distance(a, b)) <= tol * double(n);
}

}  // namespace

TextAnalyser::TextAnalyser(std::shared_ptr<OcrEngine> engine, TextOptions o) : engine_(std::move(engine)), opt_(o) {}

void TextAnalyser::analyse(const analysis::AnalysisFrame& f) {
  Sample s{f.frame, f.scale, analysis::sample_thumb(f.bgr), {}, {}};
  if (may_hold_text(f.bgr, opt_.pretest)) {
    const std::size_t bytes = f.bgr.total() * f.bgr.elemSize();
    bool raw;
    {
      std::lock_guard lk(mu_);
      raw = kept_bytes_ + bytes <= opt_.raw_bytes;
      if (raw) kept_bytes_ += bytes;
    }
    if (raw) s.raw = f.bgr.clone();
    else cv::imencode(".jpg", f.bgr, s.jpeg, {cv::IMWRITE_JPEG_QUALITY, opt_.jpeg_quality});
  }
  std::lock_guard lk(mu_);
  samples_.push_back(std::move(s));
}

std::vector<OcrLine> TextAnalyser::read_picture(const cv::Mat& bgr, double scale, bool gate) {
  std::vector<OcrLine> out;
  for (auto& l : engine_->read(bgr, gate)) {
    if (alnum_count(l.text) < opt_.min_alnum) continue;
    l.box = cv::Rect(cvRound(l.box.x * scale), cvRound(l.box.y * scale), cvRound(l.box.width * scale),
                     cvRound(l.box.height * scale));
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<OcrLine> TextAnalyser::read_sample(const Sample& s, bool gate) {
  if (!s.raw.empty()) return read_picture(s.raw, s.scale, gate);
  if (s.jpeg.empty()) return {};
  const cv::Mat img = cv::imdecode(s.jpeg, cv::IMREAD_COLOR);
  if (img.empty()) throw std::runtime_error("text: cannot decode the kept sample of frame " + std::to_string(s.frame));
  return read_picture(img, s.scale, gate);
}

std::vector<TextOccurrence> merge_readings(std::vector<std::pair<std::int64_t, OcrLine>> readings,
                                           const std::function<int(std::int64_t)>& shot_of_frame,
                                           const TextOptions& o) {
  std::stable_sort(readings.begin(), readings.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  struct Open {
    TextOccurrence occ;
    std::u32string norm;
    int shot;
    double best_conf;
    double conf_sum;
  };
  std::vector<Open> open;
  for (auto& reading : readings) {
    // Named copies, not a structured binding: clang 14 (the sanitizer build) cannot capture
    // a structured binding in the lambda below.
    const auto frame = reading.first;
    const auto& l = reading.second;
    const std::u32string n = normalise_for_cer(l.text);
    const int shot = shot_of_frame(frame);
    auto it = std::find_if(open.begin(), open.end(), [&](const Open& x) {
      return x.shot == shot && iou(x.occ.box, l.box) >= o.same_box && same_text(x.norm, n, o.same_text);
    });
    if (it == open.end()) {
      open.push_back({{l.text, l.lang, frame, frame, l.box, l.confidence, 1}, n, shot, l.confidence, l.confidence});
      continue;
    }
    it->occ.end_frame = std::max(it->occ.end_frame, frame);
    it->occ.readings += 1;
    it->conf_sum += l.confidence;
    it->occ.confidence = it->conf_sum / it->occ.readings;
    if (l.confidence > it->best_conf) {
      it->best_conf = l.confidence;
      it->occ.text = l.text, it->occ.lang = l.lang, it->occ.box = l.box, it->norm = n;
    }
  }
  std::vector<TextOccurrence> out;
  for (auto& x : open) out.push_back(std::move(x.occ));
  return out;
}

analysis::AnalysisResult TextAnalyser::finish(const AssetRecord& rec) {
  std::vector<Sample> samples;
  {
    std::lock_guard lk(mu_);
    samples.swap(samples_);
    kept_bytes_ = 0;
  }
  std::vector<std::int64_t> frames;
  std::vector<cv::Mat> thumbs;
  for (const auto& s : samples) frames.push_back(s.frame), thumbs.push_back(s.thumb);
  const auto runs = analysis::plan_sample_runs(frames, thumbs, rec, opt_.run_mad);
  std::vector<std::vector<OcrLine>> lines(runs.size());
  // the detector gate saves work over the samples of a video; a still (one sample) is read
  // in full (corpus/ocr: the gate at 256 px misses the small words of 1280x720 photos)
  const bool gate = samples.size() > 1;
  std::mutex err_mu;
  std::string err;
  tbb::parallel_for(std::size_t(0), runs.size(), [&](std::size_t r) {
    try {
      lines[r] = read_sample(samples[runs[r].rep], gate);
    } catch (const std::exception& e) {
      std::lock_guard lk(err_mu);
      if (err.empty()) err = e.what();
    }
  });
  std::vector<std::pair<std::int64_t, OcrLine>> readings;
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t m : runs[r].members)
      for (const auto& l : lines[r]) readings.emplace_back(samples[m].frame, l);
  if (readings.empty() && !err.empty()) throw std::runtime_error(err);
  const auto& shots = rec.shots.shots;
  auto shot_of = [&shots](std::int64_t f) { return analysis::shot_of_frame(shots, f); };
  const auto occ = merge_readings(std::move(readings), shot_of, opt_);
  analysis::AnalysisResult res;
  res.sidecar = text_sidecar(occ);
  res.tables.push_back(text_table(occ));
  return res;
}

record::Table text_table(const std::vector<TextOccurrence>& occ) {
  std::vector<std::string> text, lang;
  std::vector<std::int64_t> s, e, x, y, w, h;
  std::vector<double> c;
  for (const auto& o : occ) {
    text.push_back(o.text), lang.push_back(o.lang), s.push_back(o.start_frame), e.push_back(o.end_frame);
    x.push_back(o.box.x), y.push_back(o.box.y), w.push_back(o.box.width), h.push_back(o.box.height);
    c.push_back(o.confidence);
  }
  record::Table t{"text", {}};
  t.columns = {{"text", "", 1, text},  {"lang", "", 1, lang},     {"start_frame", "frames", 1, s},
               {"end_frame", "frames", 1, e}, {"x", "px", 1, x}, {"y", "px", 1, y},
               {"w", "px", 1, w},        {"h", "px", 1, h},       {"confidence", "", 1, c}};
  return t;
}

nlohmann::json text_sidecar(const std::vector<TextOccurrence>& occ) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& o : occ)
    a.push_back({{"text", o.text}, {"lang", o.lang}, {"start", o.start_frame}, {"end", o.end_frame},
                 {"box", {o.box.x, o.box.y, o.box.width, o.box.height}}, {"confidence", o.confidence}});
  return a;
}

}  // namespace reelscale::text
