#include "text/ocr_eval.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "text/text_normalise.hpp"

namespace reelscale::text {
namespace {

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

/// "tune" for odd image numbers (images/001.png), "held-out" for even.
std::string split_of(const std::string& file) {
  std::smatch m;
  static const std::regex num("([0-9]+)\\.[a-z]+$");
  if (!std::regex_search(file, m, num)) return "tune";
  return std::stoi(m[1]) % 2 ? "tune" : "held-out";
}

bool in_ignore_region(const nlohmann::json& t, const cv::Rect& box) {
  if (box.empty() || !t.contains("regions")) return false;
  const cv::Point2f c(box.x + box.width / 2.f, box.y + box.height / 2.f);
  for (const auto& r : t["regions"]) {
    if (!r.value("ignore", false)) continue;
    std::vector<cv::Point2f> q;
    const auto& v = r["quad"];
    for (std::size_t i = 0; i + 1 < v.size(); i += 2) q.emplace_back(v[i].get<float>(), v[i + 1].get<float>());
    if (cv::pointPolygonTest(q, c, false) >= 0) return true;
  }
  return false;
}

void add(std::map<std::string, OcrScore>& s, const std::string& key, const std::string& split,
         const OcrScore& d) {
  for (const std::string& k : {key, key + "/" + split, std::string("all"), "all/" + split}) {
    OcrScore& o = s[k];
    o.lines += d.lines, o.found += d.found, o.chars += d.chars, o.errors += d.errors;
    o.pred_lines += d.pred_lines, o.pred_matched += d.pred_matched;
  }
}

}  // namespace

nlohmann::json read_ocr_truth(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read OCR truth " + file.string());
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw std::runtime_error("bad OCR truth " + file.string() + ": " + e.what());
  }
}

std::map<std::string, OcrScore> score_ocr(const nlohmann::json& truth,
                                          const std::map<std::string, std::vector<PredLine>>& pred,
                                          nlohmann::json* per_image) {
  std::map<std::string, OcrScore> s;
  for (const auto& t : truth) {
    const std::string file = t.at("file");
    const std::string split = split_of(file);
    static const std::vector<PredLine> none;
    const auto it = pred.find(file);
    const auto& lines = it == pred.end() ? none : it->second;
    std::u32string hay, truth_all;
    for (const auto& l : lines) hay += (hay.empty() ? U"" : U"\n") + normalise_for_cer(l.text);
    nlohmann::json img{{"file", file}, {"truth_lines", nlohmann::json::array()}, {"pred", nlohmann::json::array()}};
    for (const auto& tl : split_lines(t.at("text"))) {
      const std::u32string n = normalise_for_cer(tl);
      if (n.empty()) continue;
      truth_all += (truth_all.empty() ? U"" : U"\n") + n;
      OcrScore d;
      d.lines = 1, d.chars = n.size(), d.errors = substring_distance(n, hay);
      d.found = 2 * d.errors <= n.size() ? 1 : 0;
      add(s, has_arabic(n) ? "ar" : "en", split, d);
      img["truth_lines"].push_back({{"text", tl}, {"errors", d.errors}, {"chars", d.chars}});
    }
    const bool complete = !(t.contains("complete") && t["complete"].is_boolean() && !t["complete"].get<bool>());
    for (const auto& l : lines) {
      img["pred"].push_back(l.text);
      if (!complete || in_ignore_region(t, l.box)) continue;
      const std::u32string n = normalise_for_cer(l.text);
      if (n.empty()) continue;
      OcrScore d;
      d.pred_lines = 1;
      d.pred_matched = 2 * substring_distance(n, truth_all) <= n.size() ? 1 : 0;
      add(s, has_arabic(n) ? "ar" : "en", split, d);
    }
    if (per_image) per_image->push_back(std::move(img));
  }
  return s;
}

}  // namespace reelscale::text
