#include "fulltext/index_rows.hpp"

#include <optional>

namespace reelscale::fulltext {
namespace {

const record::Column* find(const record::Table& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c.name == name && c.width == 1) return &c;
  return nullptr;
}

/// Column value i as double (integer or floating columns), nullopt otherwise.
std::optional<double> number(const record::Column* c, std::size_t i) {
  if (!c) return std::nullopt;
  if (const auto* v = std::get_if<std::vector<double>>(&c->values)) return (*v)[i];
  if (const auto* v = std::get_if<std::vector<float>>(&c->values)) return (*v)[i];
  if (const auto* v = std::get_if<std::vector<std::int64_t>>(&c->values)) return static_cast<double>((*v)[i]);
  return std::nullopt;
}

}  // namespace

std::vector<IndexRow> rows_from_table(const record::Table& t, const std::string& kind, const std::string& asset,
                                      const std::string& path, double fps) {
  std::vector<IndexRow> out;
  const std::vector<std::string>* text = nullptr;
  for (const char* n : {"text", "name", "identity", "label"})
    if (const auto* c = find(t, n))
      if ((text = std::get_if<std::vector<std::string>>(&c->values))) break;
  if (!text) return out;
  std::size_t rows = 0;
  try {
    rows = t.rows();
  } catch (const std::logic_error&) {
    return out;
  }
  const auto *ss = find(t, "start_s"), *es = find(t, "end_s");
  const auto *sf = find(t, "start_frame"), *ef = find(t, "end_frame");
  const auto *s0 = find(t, "start"), *e0 = find(t, "end");
  const double rate = fps > 0 ? fps : 25.0;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string& s = (*text)[i];
    if (s.find_first_not_of(" \t\r\n") == std::string::npos || s == "unknown") continue;
    IndexRow r{asset, path, kind, 0, 0, s};
    if (auto a = number(ss, i)) {
      r.start_s = *a, r.end_s = number(es, i).value_or(*a);
    } else if (auto f = number(sf, i)) {
      r.start_s = *f / rate, r.end_s = (number(ef, i).value_or(*f) + 1) / rate;
    } else if (auto b = number(s0, i)) {
      r.start_s = *b, r.end_s = number(e0, i).value_or(*b);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace reelscale::fulltext
