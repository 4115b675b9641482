#include "text/ocr_engine.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <unicode/uchar.h>

#include "text/tesseract_engine.hpp"
#include "text/text_normalise.hpp"

namespace reelscale::text {
namespace {

std::vector<std::string> split_langs(const std::string& langs) {
  std::vector<std::string> out;
  std::stringstream ss(langs);
  for (std::string l; std::getline(ss, l, '+');)
    if (!l.empty()) out.push_back(l);
  if (out.empty()) throw std::invalid_argument("OCR: empty language list");
  return out;
}

std::size_t arabic_letters(const std::string& s) {
  std::size_t n = 0;
  for (char32_t c : to_u32(s)) n += has_arabic(std::u32string_view(&c, 1)) ? 1 : 0;
  return n;
}

/// Letters and digits of `s` in the script of tesseract language `lang` (Arabic letters for
/// "ara", other letters and digits otherwise).
std::size_t script_letters(const std::string& s, const std::string& lang) {
  std::size_t n = 0;
  const bool ara = lang == "ara";
  for (char32_t c : to_u32(s)) {
    if (!u_isalnum(static_cast<UChar32>(c))) continue;
    const bool is_ar = has_arabic(std::u32string_view(&c, 1));
    n += (ara ? is_ar : !is_ar) ? 1 : 0;
  }
  return n;
}

DbOptions gate_options(const OcrOptions& o) {
  DbOptions g = o.det;
  g.limit_side = o.gate_side > 0 ? o.gate_side : o.det.limit_side;
  g.box_thresh = std::max(g.box_thresh, o.gate_box_thresh);
  g.min_short = std::min(g.min_short, 128);  // the gate stays small (video frames, >= 160 px tall)
  return g;
}

}  // namespace

struct OcrEngine::Worker {
  DbDetector det;
  std::unique_ptr<DbDetector> gate;  ///< small-input detector (gate_side > 0)
  std::vector<std::unique_ptr<TesseractEngine>> tess;
  Worker(const OcrOptions& o) : det(o.det_model, o.det) {
    if (o.gate_side > 0) gate = std::make_unique<DbDetector>(o.det_model, gate_options(o));
    for (const auto& l : split_langs(o.langs)) tess.push_back(std::make_unique<TesseractEngine>(l, o.tessdata));
  }
  /// Best reading of one prepared line over the configured languages.
  /// Language choice per line: the reading with the most "confident characters"
  /// (confidence x letters/digits read in that language's script) wins, so a short
  /// confident misreading in the wrong script (Latin read as 2-3 Arabic letters) loses.
  OcrLine read_line(const cv::Mat& gray, int psm, double* score_out = nullptr) {
    OcrLine best;
    double best_score = -1;
    for (auto& t : tess) {
      LineText r = t->read(gray, psm);
      if (r.text.empty()) continue;
      const double score = r.confidence / 100 * double(script_letters(r.text, t->lang()) + 1);
      if (score > best_score) best = {r.text, t->lang(), {}, r.confidence / 100}, best_score = score;
    }
    if (score_out) *score_out = best_score;
    return best;
  }
  /// Reads a line crop with `o.prep`; when that reading is less confident than
  /// `o.retry_below`, also with each of `o.retry_preps`, keeping the reading with the most
  /// confident characters.
  /// `word`: the crop is a whole cropped picture; o.word_preps are tried as well.
  OcrLine read_crop(const cv::Mat& crop, const OcrOptions& o, bool retry, bool word = false) {
    double best_score = -1;
    OcrLine best = read_line(prepare_line(crop, o.prep), o.prep.psm, &best_score);
    if (!retry || best.confidence * 100 >= o.retry_below) return best;
    std::vector<LinePrep> preps = o.retry_preps;
    if (word) preps.insert(preps.end(), o.word_preps.begin(), o.word_preps.end());
    for (const auto& p : preps) {
      double sc = -1;
      OcrLine r = read_line(prepare_line(crop, p), p.psm, &sc);
      if (sc > best_score) best = std::move(r), best_score = sc;
    }
    return best;
  }
};

OcrEngine::OcrEngine(OcrOptions o) : opt_(std::move(o)) {
  if (!std::filesystem::is_regular_file(opt_.det_model))
    throw std::runtime_error("OCR: text detector model not found: " + opt_.det_model.string());
  workers_ = 1;
  release(std::make_unique<Worker>(opt_));  // fail early on a bad model or language
}

OcrEngine::~OcrEngine() = default;

std::unique_ptr<OcrEngine::Worker> OcrEngine::acquire() {
  {
    std::unique_lock lk(mu_);
    const std::size_t cap =
        opt_.max_workers > 0 ? std::size_t(opt_.max_workers) : std::max(1u, std::thread::hardware_concurrency());
    // bounded pool: each worker holds two networks and tesseract models (~100 MB)
    cv_.wait(lk, [&] { return !idle_.empty() || workers_ < cap; });
    if (!idle_.empty()) {
      auto w = std::move(idle_.back());
      idle_.pop_back();
      return w;
    }
    ++workers_;
  }
  try {
    return std::make_unique<Worker>(opt_);
  } catch (...) {
    std::lock_guard lk(mu_);
    --workers_;
    cv_.notify_one();
    throw;
  }
}

void OcrEngine::release(std::unique_ptr<Worker> w) {
  std::lock_guard lk(mu_);
  idle_.push_back(std::move(w));
  cv_.notify_one();
}

std::vector<OcrLine> OcrEngine::read(const cv::Mat& bgr, bool gate) {
  const bool retry = !gate || opt_.retry_video;
  auto w = acquire();
  std::vector<OcrLine> lines;
  try {
    if (gate && w->gate && bgr.rows > opt_.crop_max_height && w->gate->detect(bgr).empty()) {
      release(std::move(w));
      return {};
    }
    std::vector<cv::RotatedRect> boxes = w->det.detect(bgr);
    const cv::Rect img(0, 0, bgr.cols, bgr.rows);
    if (boxes.empty() && opt_.whole_image_fallback && bgr.rows <= opt_.crop_max_height)
      boxes.emplace_back(cv::Point2f(bgr.cols / 2.f, bgr.rows / 2.f), cv::Size2f(bgr.cols, bgr.rows), 0.f);
    for (const auto& r : boxes) {
      const cv::Mat crop = crop_rotated(bgr, r);
      if (crop.empty()) continue;
      OcrLine l = w->read_crop(crop, opt_, retry);
      if (l.text.empty() || l.confidence * 100 < opt_.min_confidence) continue;
      l.box = r.boundingRect() & img;
      lines.push_back(std::move(l));
    }
  } catch (...) {
    release(std::move(w));
    throw;
  }
  if (opt_.join_rows || bgr.rows <= opt_.crop_max_height) lines = join_rows(std::move(lines));
  // a short picture is itself a cropped word or line: its whole-picture reading competes
  if (bgr.rows <= opt_.crop_max_height) {
    // PSM 8 (one word) preparations only for word-shaped pictures: a book line (wider than
    // 8 line heights) is a line, and PSM 8 would read it as one word
    const bool word = bgr.cols <= 8 * bgr.rows;
    OcrLine whole = w->read_crop(bgr, opt_, retry, word);
    // compare "confident characters" (confidence x code points) of the two readings
    double det_score = 0;
    for (const auto& l : lines) det_score += l.confidence * double(to_u32(l.text).size());
    const double whole_score = whole.confidence * double(to_u32(whole.text).size());
    if (!whole.text.empty() && whole.confidence * 100 >= opt_.min_confidence && whole_score > det_score) {
      whole.box = cv::Rect(0, 0, bgr.cols, bgr.rows);
      lines = {whole};
    }
  }
  release(std::move(w));
  return lines;
}

std::vector<OcrLine> join_rows(std::vector<OcrLine> lines) {
  std::sort(lines.begin(), lines.end(), [](const OcrLine& a, const OcrLine& b) { return a.box.y < b.box.y; });
  std::vector<std::vector<OcrLine>> rows;
  for (auto& l : lines) {
    const double cy = l.box.y + l.box.height / 2.0;
    auto it = std::find_if(rows.begin(), rows.end(), [&](const std::vector<OcrLine>& row) {
      const cv::Rect& b = row.back().box;
      const double bcy = b.y + b.height / 2.0;
      return (cy > b.y && cy < b.y + b.height) && (bcy > l.box.y && bcy < l.box.y + l.box.height);
    });
    if (it == rows.end())
      rows.push_back({std::move(l)});
    else
      it->push_back(std::move(l));
  }
  std::vector<OcrLine> out;
  for (auto& row : rows) {
    std::size_t ar = 0, all = 0;
    for (const auto& l : row) ar += arabic_letters(l.text), all += to_u32(l.text).size();
    const bool rtl = 2 * ar > all;
    std::sort(row.begin(), row.end(),
              [rtl](const OcrLine& a, const OcrLine& b) { return rtl ? a.box.x > b.box.x : a.box.x < b.box.x; });
    OcrLine j = row.front();
    double wsum = j.confidence * double(j.text.size());
    for (std::size_t i = 1; i < row.size(); ++i) {
      j.text += " " + row[i].text;
      j.box |= row[i].box;
      wsum += row[i].confidence * double(row[i].text.size());
      if (row[i].lang != j.lang && j.lang.find(row[i].lang) == std::string::npos) j.lang += "+" + row[i].lang;
    }
    std::size_t chars = 0;
    for (const auto& l : row) chars += l.text.size();
    j.confidence = chars ? wsum / double(chars) : 0;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace reelscale::text
