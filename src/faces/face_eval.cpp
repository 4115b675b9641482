#include "faces/face_eval.hpp"

#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "faces/average_linkage.hpp"
#include "faces/blocked_linkage.hpp"
#include "faces/chinese_whispers.hpp"

namespace reelscale::faces {
namespace {

struct Item {
  Descriptor d;
  std::string label;  ///< identity, "" unknown
  bool distractor = false;
  int image = 0;
};

cv::Mat load_displayed(const std::filesystem::path& file, int rotation_cw) {
  cv::Mat img = cv::imread(file.string(), cv::IMREAD_COLOR);
  if (img.empty()) throw std::runtime_error("face eval: cannot read image '" + file.string() + "'");
  if (rotation_cw == 90) cv::rotate(img, img, cv::ROTATE_90_CLOCKWISE);
  if (rotation_cw == 180) cv::rotate(img, img, cv::ROTATE_180);
  if (rotation_cw == 270) cv::rotate(img, img, cv::ROTATE_90_COUNTERCLOCKWISE);
  return img;
}

/// Index of the largest face (by box area), -1 when none.
int largest(const std::vector<FaceObservation>& obs) {
  int best = -1;
  for (int i = 0; i < static_cast<int>(obs.size()); ++i)
    if (best < 0 || obs[i].det.box.area() > obs[best].det.box.area()) best = i;
  return best;
}

/// Labels faces of one image from its truth entry; scores boxes against face_areas.
void add_image(const nlohmann::json& e, const std::vector<FaceObservation>& obs, std::vector<Item>& items,
               FaceEvalReport& r) {
  const std::string role = e.value("role", "");
  const int big = largest(obs);
  std::vector<std::string> labels(obs.size());
  if (role == "single" && e.contains("identity") && e["identity"].is_string()) {
    if (big >= 0) labels[big] = e["identity"].get<std::string>();
    else ++r.singles_without_face;
  }
  if (e.contains("face_areas"))
    for (const auto& [name, a] : e["face_areas"].items()) {
      const cv::Rect2f t(a[0].get<float>(), a[1].get<float>(), a[2].get<float>(), a[3].get<float>());
      ++r.boxes;
      double best = 0;
      int at = -1;
      for (int i = 0; i < static_cast<int>(obs.size()); ++i)
        if (const double iou = box_iou(t, obs[i].det.box); iou > best) best = iou, at = i;
      r.box_ious.push_back(best);
      if (best >= 0.5) {
        ++r.boxes_matched;
        labels[at] = name;
      }
    }
  if (role == "no_face") {
    ++r.no_face_images;
    r.no_face_detections += static_cast<int>(obs.size());
  }
  for (std::size_t i = 0; i < obs.size(); ++i) {
    items.push_back({obs[i].descriptor, labels[i], role == "distractor", r.images});
    r.distractor_faces += role == "distractor";
  }
}

void score_pairs(const std::vector<Item>& items, FaceEvalReport& r) {
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      if (items[i].label.empty() || items[j].label.empty()) continue;
      const bool same = items[i].label == items[j].label;
      const bool said_same = descriptor_distance(items[i].d, items[j].d) < r.threshold;
      (same ? r.same_pairs : r.diff_pairs)++;
      if (same && said_same) ++r.same_ok;
      if (!same && !said_same) ++r.diff_ok;
    }
  const long long all = r.same_pairs + r.diff_pairs;
  r.accuracy = all ? double(r.same_ok + r.diff_ok) / all : 0;
  const double tpr = r.same_pairs ? double(r.same_ok) / r.same_pairs : 0;
  const double tnr = r.diff_pairs ? double(r.diff_ok) / r.diff_pairs : 0;
  r.balanced_accuracy = (tpr + tnr) / 2;
}

}  // namespace

static FaceEvalReport::Clustering score_clusters(const std::vector<Item>& items, const std::vector<std::int64_t>& cl) {
  FaceEvalReport::Clustering c;
  std::vector<std::string> lab;
  std::vector<std::int64_t> lcl;
  std::set<std::int64_t> named;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!items[i].label.empty()) {
      lab.push_back(items[i].label);
      lcl.push_back(cl[i]);
      named.insert(cl[i]);
    }
  c.identities = static_cast<int>(named.size());
  bcubed(lab, lcl, c.precision, c.recall, c.f1);
  for (std::size_t i = 0; i < items.size(); ++i) c.distractors_merged += items[i].distractor && named.count(cl[i]);
  return c;
}

void bcubed(const std::vector<std::string>& label, const std::vector<std::int64_t>& cluster, double& p,
            double& r, double& f1) {
  p = r = f1 = 0;
  const std::size_t n = label.size();
  if (n == 0) return;
  for (std::size_t i = 0; i < n; ++i) {
    double same_cluster = 0, same_label = 0, both = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const bool c = cluster[j] == cluster[i], l = label[j] == label[i];
      same_cluster += c;
      same_label += l;
      both += c && l;
    }
    p += both / same_cluster;
    r += both / same_label;
  }
  p /= n;
  r /= n;
  f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
}

FaceEvalReport evaluate_face_corpus(const FaceModels& m, const std::filesystem::path& corpus, float threshold) {
  std::ifstream in(corpus / "truth.json");
  if (!in) throw std::runtime_error("face eval: cannot read '" + (corpus / "truth.json").string() + "'");
  const nlohmann::json truth = nlohmann::json::parse(in);
  FaceEvalReport r;
  r.threshold = threshold;
  std::vector<Item> items;
  for (const auto& e : truth.at("images")) {
    const cv::Mat img = load_displayed(corpus / e.at("file").get<std::string>(), e.value("rotation_cw_deg", 0));
    const auto obs = m.observe(img);
    ++r.images;
    r.faces += static_cast<int>(obs.size());
    add_image(e, obs, items, r);
  }
  for (const Item& it : items) r.labelled += !it.label.empty();
  score_pairs(items, r);
  std::vector<Descriptor> all;
  std::vector<std::pair<std::size_t, std::size_t>> apart;  // faces of one photo are different people
  for (std::size_t i = 0; i < items.size(); ++i) {
    all.push_back(items[i].d);
    for (std::size_t j = i + 1; j < items.size() && items[j].image == items[i].image; ++j) apart.emplace_back(i, j);
  }
  const std::vector<std::int64_t> full = average_linkage(all, threshold, apart);
  r.average = score_clusters(items, full);
  std::size_t blocks = 0;
  const std::vector<std::int64_t> blocked = blocked_average_linkage(all, threshold, apart, 64, 4000, &blocks);
  r.blocked_same = full == blocked;  // both numbered by first appearance
  r.blocks = static_cast<int>(blocks);
  r.whispers = score_clusters(items, cluster_descriptors(all, threshold));
  return r;
}

static nlohmann::json clustering_json(const FaceEvalReport::Clustering& c) {
  return {{"bcubed_precision", c.precision}, {"bcubed_recall", c.recall}, {"bcubed_f1", c.f1},
          {"identities", c.identities}, {"distractors_in_named_clusters", c.distractors_merged}};
}

nlohmann::json FaceEvalReport::to_json() const {
  return {{"images", images}, {"faces", faces}, {"labelled_faces", labelled},
          {"singles_without_face", singles_without_face}, {"threshold", threshold},
          {"verification", {{"same_pairs", same_pairs}, {"diff_pairs", diff_pairs}, {"same_ok", same_ok},
                            {"diff_ok", diff_ok}, {"accuracy", accuracy}, {"balanced_accuracy", balanced_accuracy}}},
          {"clustering", {{"average_linkage", clustering_json(average)}, {"chinese_whispers", clustering_json(whispers)}}},
          {"blocked_average_linkage", {{"same_partition", blocked_same}, {"components", blocks}}},
          {"distractor_faces", distractor_faces},
          {"no_face_images", no_face_images}, {"no_face_detections", no_face_detections},
          {"boxes", {{"truth", boxes}, {"matched_iou_0_5", boxes_matched}, {"ious", box_ious}}}};
}

}  // namespace reelscale::faces
